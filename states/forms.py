"""
Forms of the progress pages. They check what a form can (types, lengths, one subject, a
source for each evidence item, a file's kind by content) so errors show at the right field;
the workflow rules themselves stay on the model and are applied when the view saves.
"""

from django import forms
from django.db.models import Q
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment

from .models import NO_VICTIM_DETAILS, Organization, ProgressEntry, State
from .uploads import ALLOWED_DESCRIPTION, check_evidence_file, check_progress_sheet

# The entry fields a contributor fills in (and may change while the entry is editable).
ENTRY_FIELDS = (
    "commitment",
    "state",
    "subject_organization",
    "organization",
    "status",
    "fact_date",
    "summary",
    "confidence",
)


def commitment_label(commitment):
    text = Truncator(commitment.paragraph.text).chars(90)
    return f"{commitment.reference}: {text}"


def commitment_choice(commitment):
    """A commitment as the entry form's type-ahead lists it (the JSON of its search)."""
    paragraph = commitment.paragraph
    lead_in = Truncator(" … ".join(lead.text for lead in paragraph.lead_ins)).chars(80)
    if lead_in and not lead_in.endswith("…"):
        lead_in += " …"  # a sub-paragraph continues it
    return {
        "id": commitment.pk,
        "text": commitment_label(commitment),
        "reference": commitment.reference,
        "lead_in": lead_in,
        "excerpt": Truncator(paragraph.text).chars(200),
    }


def chapeau_refusal(commitment) -> str:
    """Why no progress is recorded on a chapeau, and where to record it instead."""
    return (
        f"{commitment.reference} introduces "
        f"sub-paragraphs {commitment.sub_paragraph_span}; record progress on one of them."
    )


class CommitmentChoiceField(forms.ModelChoiceField):
    """
    A commitment progress is tracked against. A chapeau (a paragraph with sub-paragraphs) is
    not among the choices; posted anyway, it is refused with where to record instead, rather
    than with "not one of the available choices".
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            chapeau = (
                Commitment.objects.chapeaux()
                .select_related("resolution", "paragraph")
                .filter(pk=value if str(value).isdigit() else None)
                .first()
            )
            if chapeau is None:
                raise
            raise forms.ValidationError(chapeau_refusal(chapeau), code="chapeau") from None


class ProgressEntryForm(forms.ModelForm):
    """
    An entry's content. `revision` is the entry's revision when the form was shown: the
    view hands it back to the model so a change made meanwhile is detected, not overwritten.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = ProgressEntry
        fields = ENTRY_FIELDS
        labels = {
            "commitment": _("Commitment"),
            "state": _("State"),
            "subject_organization": _("or an organization"),
            "organization": _("Reporting for"),
            "status": _("Implementation status"),
            "fact_date": _("As of"),
            "summary": _("What happened"),
            "confidence": _("Confidence"),
        }
        help_texts = {
            "commitment": _(
                "The operative paragraph this progress is on. Type its resolution's "
                "symbol (“65/190”, “A/RES/65/190”), its paragraph (“OP 16”, “16(a)”) or words "
                "of its text, then choose it; its text is quoted below."
            ),
            "state": _("The state this entry is about: type its name to find it."),
            "subject_organization": _("Only when the entry is about an organization, not a state."),
            "organization": _(
                "Your organization, in whose name the entry is recorded; its "
                "members can edit it while it is a draft or sent back for changes."
            ),
            "status": _(
                "How far the state (or organization) has come on this commitment, as "
                "your evidence shows at the “As of” date. “Regressed”: it went back on earlier "
                "steps. “No information”: you looked and found none."
            ),
            "fact_date": _("The date the reported fact refers to."),
            "summary": format_lazy(
                "{} {}",
                _("What was done (or not), by whom and when; cite your sources below."),
                NO_VICTIM_DETAILS,
            ),
            "confidence": _(
                "How sure the evidence makes you. High: official or first-hand "
                "sources confirm it. Medium: credible sources, not yet confirmed. Low: one "
                "indirect or unconfirmed source, or information that may be out of date."
            ),
        }
        widgets = {
            "fact_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 7}),
        }
        field_classes = {"commitment": CommitmentChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        commitments = Commitment.objects.trackable()
        if self.instance.commitment_id:
            # An entry keeps its commitment even once a corrected text retired it.
            commitments = Commitment.objects.filter(
                Q(pk__in=commitments.values("pk")) | Q(pk=self.instance.commitment_id)
            )
        field = self.fields["commitment"]
        field.queryset = commitments.select_related(
            "resolution", "paragraph__parent__parent"
        ).order_by("-resolution__adopted_on", "resolution_id", "paragraph__position")
        field.label_from_instance = commitment_label
        self.fields["state"].queryset = State.objects.order_by("name")
        self.fields["state"].empty_label = _("— choose a state —")
        self.fields["subject_organization"].queryset = Organization.objects.order_by("name")
        self.fields["subject_organization"].empty_label = _("— none —")
        self.fields["organization"].queryset = Organization.objects.filter(
            memberships__user=user
        ).order_by("name")
        self.fields["revision"].required = self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        state, organization = cleaned.get("state"), cleaned.get("subject_organization")
        if "state" in self.errors or "subject_organization" in self.errors:
            return cleaned
        if state and organization:
            self.add_error("subject_organization", "Choose a state or an organization, not both.")
        elif not state and not organization:
            self.add_error("state", "Choose the state this entry is about (or an organization).")
        return cleaned

    def entry_changes(self):
        """The fields whose posted value differs from the entry as it is now."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in ENTRY_FIELDS}


class EvidenceForm(forms.Form):
    """One new evidence item: a source URL, a citation and/or a file, with a description."""

    url = forms.URLField(
        label=_("Source URL"), max_length=1000, required=False, assume_scheme="https"
    )
    citation = forms.CharField(
        label=_("Citation"),
        max_length=500,
        required=False,
        help_text=_("Document symbol, law, report and page, e.g. “A/HRC/35/37, para. 12”."),
    )
    file = forms.FileField(
        required=False,
        allow_empty_file=True,  # the upload check says so, in the same words as everywhere
        label=_("File"),
        help_text=format_lazy("{}.", ALLOWED_DESCRIPTION),
    )
    description = forms.CharField(
        label=_("Description"), max_length=500, required=False, help_text=NO_VICTIM_DETAILS
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_(
            "Only reviewers and your organization's members will see this item; it is "
            "left out of printable reports and exports."
        ),
    )

    @property
    def chosen_file_name(self):
        """The name of the file sent with this form, to ask for it again if the page returns."""
        upload = self.files.get(self.add_prefix("file")) if self.is_bound else None
        return getattr(upload, "name", "") or ""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_evidence_file(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not (cleaned.get("url") or cleaned.get("citation") or cleaned.get("file")):
            raise forms.ValidationError(_("Give a source URL, a citation or a file."))
        return cleaned

    def evidence_fields(self):
        data = self.cleaned_data
        return {
            "url": data["url"],
            "citation": data["citation"],
            "description": data["description"],
            "confidential": data["confidential"],
            "file": data["file"] or None,
        }


class BaseEvidenceFormSet(forms.BaseFormSet):
    def filled_forms(self):
        """The forms that describe an item (blank extra rows are left out)."""
        return [form for form in self.forms if form.has_changed()]

    @property
    def chosen_file_names(self):
        return [form.chosen_file_name for form in self.forms if form.chosen_file_name]


EvidenceFormSet = forms.formset_factory(
    EvidenceForm, formset=BaseEvidenceFormSet, extra=3, max_num=10, validate_max=True
)


class EvidenceRemovalForm(forms.Form):
    """Which of an entry's evidence items to take off (they stay in its history)."""

    remove = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove"].queryset = evidence
        self.fields["remove"].error_messages["invalid_choice"] = (
            "One of the evidence items you chose to remove is no longer attached; "
            "someone else may have removed it."
        )

    @property
    def selected(self):
        """The posted choices as strings, to tick the boxes again when the page returns."""
        return set(self.data.getlist("remove")) if self.is_bound else set()


class TransitionForm(forms.Form):
    """A workflow step: the revision the page showed, and the reviewer's comment."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label=_("Comment to the contributors"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to send an entry back or reject it; optional when approving."),
    )

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        cleaned = super().clean()
        needed = ProgressEntry.ACTIONS_NEEDING_A_COMMENT.get(self.action)
        if needed and not cleaned.get("comment", "").strip():
            self.add_error("comment", needed)
        return cleaned


class BulkDecisionForm(forms.Form):
    """
    A decision on the entries ticked in the review queue: approve them, or send them back
    with one comment. Which entries may be decided is the model's rule, asked entry by entry
    (`reviews.decide_each`); the form checks only what was posted.
    """

    ACTIONS = (
        ("approve", "Approve selected"),
        ("request_changes", "Request changes on selected"),
    )

    action = forms.ChoiceField(choices=ACTIONS)
    entries = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    comment = forms.CharField(
        label=_("Comment to the contributors"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Sent with every entry decided: required to request changes, optional when approving."
        ),
    )

    def clean_entries(self):
        values = self.cleaned_data.get("entries") or []
        if not all(str(value).isdecimal() for value in values):
            raise forms.ValidationError(_("Choose entries from the queue."))
        if not values:
            raise forms.ValidationError(_("Tick at least one entry to decide on."))
        return list(dict.fromkeys(int(value) for value in values))

    def clean(self):
        cleaned = super().clean()
        needed = ProgressEntry.ACTIONS_NEEDING_A_COMMENT.get(cleaned.get("action"))
        if needed and not cleaned.get("comment", "").strip():
            self.add_error("comment", needed)
        return cleaned


class ProgressImportForm(forms.Form):
    """A filled-in spreadsheet of progress, the organization it reports for, and what to do."""

    SAVE_AS = (
        ("draft", "Drafts, to review and submit one by one"),
        ("submit", "Submitted for review at once"),
    )

    organization = forms.ModelChoiceField(queryset=None, label=_("Reporting for"), empty_label=None)
    file = forms.FileField(
        label=_("Spreadsheet"),
        allow_empty_file=True,  # the upload check says so, in the same words as everywhere
        help_text=_("The template filled in: an Excel workbook (.xlsx) or a CSV file (.csv)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    save_as = forms.ChoiceField(
        label=_("Save the entries as"),
        choices=SAVE_AS,
        initial="draft",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = check_progress_sheet(upload)
        return upload
