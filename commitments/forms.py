from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .choices import Body, version_languages
from .models import Resolution, Topic
from .sources import SourceError, text_from_bytes
from .symbols import check_symbol_format, is_adopted, normalize_symbol

ALLOWED_SUFFIXES = (".txt", ".text", ".md", ".docx", ".pdf")


class ResolutionImportForm(forms.Form):
    """Paste a resolution's text or upload it as a .txt, .docx or .pdf file."""

    text = forms.CharField(
        label=_("Paste the resolution's text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        strip=False,
    )
    file = forms.FileField(
        label=_("or upload a file (.txt, .docx, .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > settings.RESOLUTION_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s; a resolution's text is far smaller."),
                params={"limit": filesizeformat(settings.RESOLUTION_UPLOAD_MAX_BYTES)},
            )
        try:
            return text_from_bytes(upload.read(), upload.name)
        except SourceError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        text, file_text = cleaned.get("text") or "", cleaned.get("file")
        if self.errors:
            return cleaned
        if file_text and text.strip():
            raise forms.ValidationError(_("Paste the text or upload a file, not both."))
        if not file_text and not text.strip():
            raise forms.ValidationError(_("Paste the resolution's text or choose a file."))
        cleaned["source"] = file_text or text
        return cleaned


class ResolutionTextForm(ResolutionImportForm):
    """A resolution's text in another official language, pasted or uploaded."""

    language = forms.ChoiceField(label=_("Language"), choices=version_languages)
    text = forms.CharField(
        label=_("Paste the text in that language"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        strip=False,
    )

    field_order = ["language", "text", "file"]


class ResolutionConfirmForm(forms.Form):
    """
    The previewed text, posted back unchanged to be saved, with the heading as the parser
    read it for the importer to correct (`Resolution.correct`, kept in its history).
    """

    source = forms.CharField(widget=forms.HiddenInput, strip=False)
    symbol = forms.CharField(
        max_length=64,
        required=False,
        help_text=_(
            "Empty when the text gives none. Without a symbol, with a placeholder such as "
            "44/…, or without an adoption date the resolution is saved as a draft."
        ),
    )
    body = forms.ChoiceField(label=_("Adopting body"), choices=Body.choices, required=False)
    session = forms.CharField(max_length=64, required=False)
    title = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    adopted_on = forms.DateField(
        label=_("Adoption date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    vote_note = forms.CharField(
        label=_("Vote"), max_length=255, required=False, help_text=_("e.g. without a vote")
    )

    HEADING = ("symbol", "body", "session", "title", "adopted_on", "vote_note")

    @classmethod
    def of_parse(cls, source, parsed):
        return cls(
            initial={
                "source": source,
                "symbol": parsed.symbol or "",
                "body": Body.from_name(parsed.body),
                "session": parsed.session or "",
                "title": parsed.title or "",
                "adopted_on": parsed.adopted,
                "vote_note": getattr(parsed, "vote_note", None) or "",
            }
        )

    def clean(self):
        cleaned = super().clean()
        symbol = normalize_symbol(cleaned.get("symbol") or "")
        if symbol and is_adopted(symbol, cleaned.get("adopted_on")) and cleaned.get("body"):
            try:
                symbol = check_symbol_format(symbol, cleaned["body"])
            except forms.ValidationError as error:
                self.add_error("symbol", error)
        cleaned["symbol"] = symbol or None
        return cleaned

    def corrections(self) -> dict:
        """
        The heading as the importer left it (corrected or not). A fact not posted (a client
        that posts the text alone) is left as the parser read it.
        """
        return {
            name: self.cleaned_data[name]
            for name in self.HEADING
            if name in self.data and not (name == "body" and not self.cleaned_data[name])
        }


class DeadlineSubscriptionForm(forms.Form):
    """Reminders of the deadlines of every resolution, or of the commitments on one topic."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.select_related("parent"),
        required=False,
        empty_label=_("Every resolution"),
        label=_("Remind me of deadlines of"),
        help_text=_("A topic covers its sub-topics."),
    )


class ReportingRequestCloseForm(forms.Form):
    """A reviewer's closing of a past-due reporting request: what fulfilled it, if known."""

    note = forms.CharField(
        max_length=300,
        required=False,
        label=_("Fulfilled by"),
        help_text=_("e.g. the report's symbol, A/67/170 (optional)."),
    )


class MarkAdoptedForm(forms.Form):
    """A draft's adoption, as the admin records it: its symbol in its body's format, its date."""

    symbol = forms.CharField(
        max_length=64, help_text=_("As the body numbered it, e.g. A/HRC/RES/44/4 or E/RES/2006/27.")
    )
    adopted_on = forms.DateField(
        label=_("Adoption date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        max_length=100,
        required=False,
        help_text=_("Why, for the history: e.g. the source checked."),
    )

    def __init__(self, *args, resolution, **kwargs):
        self.resolution = resolution
        super().__init__(*args, **kwargs)

    def clean_symbol(self):
        try:
            return check_symbol_format(self.cleaned_data["symbol"], self.resolution.body)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def save(self, user):
        """Records the adoption (Resolution.mark_adopted); form errors for what it refuses."""
        try:
            self.resolution.mark_adopted(
                symbol=self.cleaned_data["symbol"],
                adopted_on=self.cleaned_data["adopted_on"],
                user=user,
                note=self.cleaned_data["note"],
            )
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return False
        return True


class ResolutionAdminForm(forms.ModelForm):
    """
    The admin's change form: a symbol that makes the resolution adopted must be in its body's
    format, as on the import preview and the "Mark adopted" page.
    """

    class Meta:
        model = Resolution
        fields = ["symbol", "body", "session", "title", "adopted_on", "vote_note", "source_text"]

    def clean(self):
        cleaned = super().clean()
        symbol = normalize_symbol(cleaned.get("symbol") or "")
        if symbol and is_adopted(symbol, cleaned.get("adopted_on")) and cleaned.get("body"):
            try:
                symbol = check_symbol_format(symbol, cleaned["body"])
            except forms.ValidationError as error:
                self.add_error("symbol", error)
        cleaned["symbol"] = symbol or None
        return cleaned
