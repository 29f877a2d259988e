"""The download page's choices besides its filters: what to download, and in which format."""

from django import forms
from django.utils.translation import gettext_lazy as _

FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)"}


class DownloadForm(forms.Form):
    """
    Read from the page's address with its filters. Left out, the dataset is progress entries;
    the format is the button pressed (none: the page itself, with the count of rows).
    """

    dataset = forms.ChoiceField(required=False, label=_("What to download"))
    format = forms.ChoiceField(required=False, choices=[("", "The page"), *FORMATS.items()])
    drafts = forms.BooleanField(required=False, label=_("Include drafts (texts not yet adopted)"))
    pending = forms.BooleanField(
        required=False,
        label=_("Also entries not yet approved that you may see (drafts, entries awaiting review)"),
    )

    def __init__(self, *args, datasets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = [("", "Progress entries"), *datasets]
        self.fields["dataset"].error_messages["invalid_choice"] = _(
            "Choose progress entries, current status or reporting requests."
        )
        self.fields["format"].error_messages["invalid_choice"] = "Choose CSV or Excel (XLSX)."

    def clean_dataset(self):
        return self.cleaned_data["dataset"] or "entries"
