from django import forms

from commitments.sources import SourceError, text_from_bytes


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
    """Several resolution files at once; each is read and checked before anything is queued."""

    MAX_FILES = 100

    files = MultipleFileField(help_text="Up to 100 files: plain text, Word (.docx) or PDF.")

    def clean_files(self):
        uploaded = self.cleaned_data["files"]
        if len(uploaded) > self.MAX_FILES:
            raise forms.ValidationError(f"Choose at most {self.MAX_FILES} files at a time.")
        texts, errors = [], []
        for upload in uploaded:
            try:
                texts.append(
                    {"name": upload.name, "text": text_from_bytes(upload.read(), upload.name)}
                )
            except SourceError as error:
                errors.append(f"{upload.name}: {error}")
        if errors:
            raise forms.ValidationError(errors)
        return texts
