from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.sources import MAX_SOURCE_BYTES, SourceError, check_source


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented pattern for one input that takes several files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.docx,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class BatchImportForm(forms.Form):
    """
    Several resolution files at once. Each is checked now for what shows without unpacking
    it (size, kind, a Word file's zip directory) and read by the background job, which
    reports a file it cannot read on that file's line.
    """

    MAX_FILES = 100

    files = MultipleFileField(help_text=_("Up to 100 files: plain text, Word (.docx) or PDF."))

    def clean_files(self):
        uploaded = self.cleaned_data["files"]
        if len(uploaded) > self.MAX_FILES:
            raise forms.ValidationError(f"Choose at most {self.MAX_FILES} files at a time.")
        errors = []
        for upload in uploaded:
            try:
                check_source(upload.read(MAX_SOURCE_BYTES + 1), upload.name)
            except SourceError as error:
                errors.append(f"{upload.name}: {error}")
        if errors:
            raise forms.ValidationError(errors)
        return uploaded
