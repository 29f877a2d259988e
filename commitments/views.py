from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from .akn import CONTENT_TYPE, akn_filename, export_resolution
from .deadlines.requests import resolution_deadlines
from .filtersets import ResolutionListFilterSet
from .forms import ResolutionConfirmForm, ResolutionImportForm, ResolutionTextForm
from .ingest import find_imported, import_corrected
from .lexicon import lexicon_from_db
from .models import Resolution, ResolutionText
from .models.resolutions import annexed_texts
from .parsing import ParseError, parse_resolution
from .versions import attach_versions, import_version


class ResolutionListView(FilterView):
    filterset_class = ResolutionListFilterSet
    queryset = Resolution.objects.for_list()
    template_name = "commitments/resolution_list.html"
    context_object_name = "resolutions"
    paginate_by = 25


class ResolutionDetailView(DetailView):
    queryset = Resolution.objects.for_detail()
    template_name = "commitments/resolution_detail.html"
    context_object_name = "resolution"

    def get_context_data(self, **kwargs):
        paragraphs = list(self.object.paragraphs.all())
        own = [p for p in paragraphs if not p.part]
        # Beside each operative paragraph, its text in the reader's language where a version
        # in that language lines up with the English (one query).
        attach_versions([p for p in paragraphs if p.number], translation.get_language())
        return super().get_context_data(
            versions=list(self.object.texts.all()),
            preambular=[p for p in own if not p.is_operative],
            operative=[p for p in own if p.is_operative],
            annexes=annexed_texts(paragraphs),
            deadlines=resolution_deadlines(self.object, self.request.user),
            **kwargs,
        )


class ResolutionImportView(PermissionRequiredMixin, FormView):
    """
    Paste or upload a resolution, see what the parser found, then save it.

    The first post shows a preview (nothing is written), where the importer may correct the
    heading the parser read (symbol, body, session, title, adoption date); the second saves
    the previewed text and the corrections in one transaction, the corrections in the
    resolution's history.
    """

    permission_required = "commitments.add_resolution"
    form_class = ResolutionImportForm
    template_name = "commitments/resolution_import.html"

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(ResolutionConfirmForm(request.POST))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        source = form.cleaned_data["source"]
        try:
            parsed = parse_resolution(source, lexicon_from_db())
        except ParseError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return self.preview(source, parsed, ResolutionConfirmForm.of_parse(source, parsed), form)

    def preview(self, source, parsed, confirm_form, form=None):
        return self.render_to_response(
            self.get_context_data(
                form=form or self.get_form_class()(),
                parsed=parsed,
                confirm_form=confirm_form,
                already_imported=find_imported(source),
                existing=Resolution.objects.filter(symbol=parsed.symbol).first()
                if parsed.symbol
                else None,
            )
        )

    def confirm(self, form):
        source = form.data.get("source") or ""
        if not form.is_valid():
            if "source" in form.errors:
                messages.error(self.request, _("The previewed text was lost; paste it again."))
                return redirect("commitments:resolution_import")
            return self.preview_again(source, form)
        try:
            outcome = import_corrected(source, form.corrections(), user=self.request.user)
        except ParseError as error:
            messages.error(self.request, str(error))
            return redirect("commitments:resolution_import")
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.preview_again(source, form)
        messages.success(self.request, outcome.summary)
        return redirect(outcome.resolution)

    def preview_again(self, source, form):
        """The preview with the importer's corrections and what was wrong with them."""
        try:
            parsed = parse_resolution(source, lexicon_from_db())
        except ParseError as error:
            messages.error(self.request, str(error))
            return redirect("commitments:resolution_import")
        return self.preview(source, parsed, form)


class ResolutionTextImportView(PermissionRequiredMixin, FormView):
    """
    Add (or replace) a resolution's text in another official language. It must carry the
    resolution's symbol; its paragraphs are matched to the English ones by their numbering,
    and a text whose numbering does not line up is kept, flagged, and shows no text.
    """

    permission_required = "commitments.add_resolution"
    form_class = ResolutionTextForm
    template_name = "commitments/resolution_text_import.html"

    def dispatch(self, request, *args, **kwargs):
        self.resolution = get_object_or_404(Resolution, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        language = translation.get_language()
        return (
            {"language": language}
            if language in dict(self.form_class.base_fields["language"].choices)
            else {}
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            resolution=self.resolution,
            versions=ResolutionText.objects.filter(resolution=self.resolution).select_related(
                "imported_by"
            ),
            **kwargs,
        )

    def form_valid(self, form):
        language = form.cleaned_data["language"]
        try:
            outcome = import_version(
                self.resolution, language, form.cleaned_data["source"], user=self.request.user
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        # "Text in French", in the reader's language.
        version, name = outcome.version, outcome.version.label
        if outcome.status == "unchanged":
            messages.info(
                self.request,
                _("%(text)s: this text was already imported; nothing changed.") % {"text": name},
            )
        elif version.is_aligned:
            messages.success(
                self.request,
                _("%(text)s imported: %(count)s paragraphs matched to the English.")
                % {"text": name, "count": version.paragraph_texts.count()},
            )
            return redirect(self.resolution)
        else:
            messages.warning(
                self.request,
                _(
                    "%(text)s kept but not shown: its numbering does not line up with the "
                    "English text."
                )
                % {"text": name},
            )
        return redirect("commitments:resolution_text_import", pk=self.resolution.pk)


class ResolutionAknView(DetailView):
    """The resolution as an Akoma Ntoso 3.0 file (see commitments.akn), as a download."""

    model = Resolution

    def render_to_response(self, context, **response_kwargs):
        response = HttpResponse(
            export_resolution(self.object), content_type=f"{CONTENT_TYPE}; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{akn_filename(self.object)}"'
        return response
