"""
The admin's change forms of progress entries and of evidence. A coordinator's correction is a
write like any other: the form carries the entry's revision as it was read (a hidden field)
and the save claims it (`ProgressEntry.correct`, `correct_evidence`). A form read before
someone else's change is refused with the entry as it is now and the coordinator's input
kept, as the entry form does; it then carries the current revision, so saving again, having
seen the other change, applies the coordinator's version.
"""

from django import forms
from django.core.exceptions import ValidationError

from .models import Evidence, ProgressEntry


class RevisionCheckedForm(forms.ModelForm):
    read_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            field = self.fields["read_revision"]
            field.required = True
            field.initial = self.entry_of(self.instance).revision

    def entry_of(self, instance) -> ProgressEntry:
        """The entry whose revision guards `instance` (the form's object, or a fresh copy)."""
        raise NotImplementedError

    def current(self):
        """The form's object as it is in the database now."""
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        read = cleaned.get("read_revision")
        if self.instance.pk is None or read is None:
            return cleaned
        current = self.current()
        entry = self.entry_of(current)
        if entry.revision != read:
            # Shown again with the revision it now answers to (a bound form renders its data).
            data = self.data.copy()
            data[self.add_prefix("read_revision")] = str(entry.revision)
            self.data = data
            raise ValidationError(self.stale_messages(current, entry))
        return cleaned

    def stale_messages(self, current, entry):
        messages = [
            "Someone else changed this entry or its evidence while you were editing it (it is now "
            f"{entry.get_workflow_state_display().lower()}), so nothing was saved. "
            "Your input is kept below."
        ]
        for name, field in self.fields.items():
            if name == "read_revision" or name not in self.cleaned_data:
                continue
            now = getattr(current, name)
            if self.cleaned_data[name] != now:
                messages.append(f"{field.label} is now: {shown(current, name, now)}")
        messages.append("Compare it with yours, then save again to apply yours.")
        return messages


def shown(instance, name, value) -> str:
    """A field's value as a coordinator reads it: a choice's label, an object's name."""
    display = getattr(instance, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "(empty)"
    return str(value)


# The admin names the model and the fields of each (`ModelAdmin.get_form`).


class ProgressEntryAdminForm(RevisionCheckedForm):
    def entry_of(self, instance):
        return instance

    def current(self):
        return ProgressEntry.objects.get(pk=self.instance.pk)


class EvidenceAdminForm(RevisionCheckedForm):
    def entry_of(self, instance):
        return instance.entry

    def current(self):
        return Evidence.objects.select_related("entry").get(pk=self.instance.pk)
