from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .deadlines import admin as deadlines_admin  # noqa: F401  (registers its models here)
from .forms import MarkAdoptedForm, ResolutionAdminForm
from .lineage import admin as lineage_admin  # noqa: F401  (registers its models here)
from .models import (
    Actor,
    ActorAlias,
    Commitment,
    CommitmentActor,
    LexiconPhrase,
    OperativeVerb,
    Paragraph,
    ParagraphText,
    Resolution,
    ResolutionRevision,
    ResolutionText,
    SdgTarget,
    Topic,
    TopicKeyword,
    VerbForm,
)


class ResolutionRevisionInline(admin.TabularInline):
    model = ResolutionRevision
    fields = ["version", "source_hash", "replaced_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    """
    Resolutions, with the history of their heading. A draft is marked adopted on its own
    page ("Mark adopted", linked from the change form), with a note for the history; the
    change form checks a symbol against its body's format the same way.
    """

    form = ResolutionAdminForm

    list_display = [
        "display_symbol",
        "title",
        "body",
        "adopted_on",
        "is_adopted",
        "version",
        "commitment_count",
    ]
    list_filter = ["is_adopted", "body", "adopted_on"]
    search_fields = ["symbol", "title"]
    date_hierarchy = "adopted_on"
    readonly_fields = [
        "adoption",
        "source_hash",
        "version",
        "parse_warnings",
        "imported_by",
        "created",
        "updated",
    ]
    inlines = [ResolutionRevisionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commitment_total=Count("commitments"))

    def get_urls(self):
        adopt = path(
            "<int:pk>/adopt/",
            self.admin_site.admin_view(self.mark_adopted_view),
            name="commitments_resolution_adopt",
        )
        return [adopt, *super().get_urls()]

    @admin.display(description="Adoption")
    def adoption(self, obj):
        if obj.pk is None or obj.is_adopted:
            return "Adopted" if obj.pk else "-"
        url = reverse("admin:commitments_resolution_adopt", args=[obj.pk])
        return format_html('Draft. <a href="{}">Mark adopted…</a>', url)

    def mark_adopted_view(self, request, pk):
        resolution = get_object_or_404(Resolution, pk=pk)
        if not self.has_change_permission(request, resolution):
            raise PermissionDenied
        form = MarkAdoptedForm(request.POST or None, resolution=resolution)
        if request.method == "POST" and form.is_valid() and form.save(request.user):
            messages.success(request, f"{resolution.display_symbol} is marked adopted.")
            return redirect("admin:commitments_resolution_change", resolution.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Mark {resolution.display_symbol} adopted",
            "opts": self.model._meta,
            "original": resolution,
            "form": form,
        }
        return TemplateResponse(request, "admin/commitments/resolution/mark_adopted.html", context)

    @admin.display(description="Commitments", ordering="commitment_total")
    def commitment_count(self, obj):
        return obj.commitment_total


@admin.register(ResolutionRevision)
class ResolutionRevisionAdmin(admin.ModelAdmin):
    list_display = ["resolution", "version", "replaced_at"]
    search_fields = ["resolution__symbol", "resolution__title"]
    readonly_fields = ["resolution", "version", "source_text", "source_hash", "replaced_at"]


class ParagraphTextInline(admin.TabularInline):
    model = ParagraphText
    fields = ["paragraph", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ResolutionText)
class ResolutionTextAdmin(admin.ModelAdmin):
    """
    A resolution's texts in other languages. They are imported (the resolution's page, or
    `import_resolution --language`), which reads the symbol and matches the numbering; here
    they are only read, or deleted.
    """

    list_display = ["resolution", "language", "status", "english_version", "imported_by", "updated"]
    list_filter = ["language", "status"]
    search_fields = ["resolution__symbol", "resolution__title"]
    list_select_related = ["resolution", "imported_by"]
    readonly_fields = [
        "resolution",
        "language",
        "status",
        "problems",
        "english_version",
        "source_text",
        "source_hash",
        "imported_by",
        "created",
        "updated",
    ]
    inlines = [ParagraphTextInline]

    def has_add_permission(self, request):
        return False


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["resolution", "label", "kind", "opener", "position", "retired"]
    list_filter = ["kind", "retired", "resolution__body"]
    search_fields = ["text", "resolution__symbol", "opener"]
    list_select_related = ["resolution"]
    raw_id_fields = ["resolution", "parent"]


class CommitmentActorInline(admin.TabularInline):
    model = CommitmentActor
    fields = ["position", "text", "actor", "kind"]
    autocomplete_fields = ["actor"]
    extra = 0


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "verb_phrase",
        "canonical_verb",
        "strength",
        "actor_kind",
        "action",
        "is_trackable",
        "retired",
    ]
    list_filter = [
        "strength",
        "actor_kind",
        "is_trackable",
        "retired",
        "resolution__body",
        "topics",
    ]
    search_fields = ["paragraph__text", "verb_phrase", "action", "resolution__symbol"]
    list_select_related = ["resolution", "paragraph"]
    raw_id_fields = ["paragraph", "resolution"]
    filter_horizontal = ["topics"]
    readonly_fields = ["is_trackable", "created", "updated"]
    inlines = [CommitmentActorInline]


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commitment_count"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    inlines = [ActorAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_commitment_counts()

    @admin.display(description="Commitments", ordering="commitment_count")
    def commitment_count(self, obj):
        return obj.commitment_count


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "actor"]
    list_filter = ["actor__kind"]
    search_fields = ["alias", "actor__name"]
    autocomplete_fields = ["actor"]


class TopicKeywordInline(admin.TabularInline):
    model = TopicKeyword
    extra = 1


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name", "slug", "parent", "position"]
    list_filter = ["parent", "sdg_targets"]
    search_fields = ["name", "slug", "keywords__keyword"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sdg_targets"]
    inlines = [TopicKeywordInline]


@admin.register(SdgTarget)
class SdgTargetAdmin(TranslationAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


class VerbFormInline(admin.TabularInline):
    model = VerbForm
    extra = 1


@admin.register(OperativeVerb)
class OperativeVerbAdmin(admin.ModelAdmin):
    list_display = ["canonical", "strength", "directive", "form_list"]
    list_filter = ["strength", "directive"]
    search_fields = ["canonical", "forms__form"]
    inlines = [VerbFormInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("forms")

    @admin.display(description="Printed forms")
    def form_list(self, obj):
        return ", ".join(form.form for form in obj.forms.all())


@admin.register(LexiconPhrase)
class LexiconPhraseAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind"]
    list_filter = ["kind"]
    search_fields = ["phrase"]
