from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .models import Topic
from .sources import SourceError, text_from_bytes

ALLOWED_SUFFIXES = (".txt", ".text", ".md", ".docx", ".pdf")


class ResolutionImportForm(forms.Form):
    """Paste a resolution's text or upload it as a .txt, .docx or .pdf file."""

    text = forms.CharField(
        label="Paste the resolution's text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
        strip=False,
    )
    file = forms.FileField(
        label="or upload a file (.txt, .docx, .pdf)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > settings.RESOLUTION_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than %(limit)s; a resolution's text is far smaller.",
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
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if not file_text and not text.strip():
            raise forms.ValidationError("Paste the resolution's text or choose a file.")
        cleaned["source"] = file_text or text
        return cleaned


class ResolutionConfirmForm(forms.Form):
    """The previewed text, posted back unchanged to be saved."""

    source = forms.CharField(widget=forms.HiddenInput, strip=False)


class DeadlineSubscriptionForm(forms.Form):
    """Reminders of the deadlines of every resolution, or of the commitments on one topic."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.select_related("parent"),
        required=False,
        empty_label="Every resolution",
        label="Remind me of deadlines of",
        help_text="A topic covers its sub-topics.",
    )
