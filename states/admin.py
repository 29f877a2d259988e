"""
Admin for the reference data: curators correct a name or code here, and add organizations.

Every list can be searched by name and by code, because curators arrive with whichever
identifier their source uses (an ISO code from a dataset, an M49 code from UNSD tables).
Reviewers also work through a backlog of submitted progress entries here, several at once,
and coordinators correct entries and evidence: every such write claims the entry's revision
as it was read, like the app's own forms and the API, so nobody decides on, or overwrites, a
version they never saw.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_forms import EvidenceAdminForm, ProgressEntryAdminForm
from .history import reason_in_words
from .models import (
    CurrentAssessment,
    Evidence,
    Invitation,
    Membership,
    Organization,
    ProgressEntry,
    Region,
    StaleEntryError,
    State,
)
from .reviews import REVIEW_VERBS, decide_each, review_refusal, shown_revisions


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "m49_code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "m49_code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "iso3",
        "iso2",
        "m49_code",
        "region",
        "subregion",
        "intermediate_region",
        "un_status",
    ]
    list_filter = ["un_status", "region", "subregion", "intermediate_region"]
    search_fields = ["name", "slug", "iso2", "iso3", "m49_code"]
    list_select_related = ["region", "subregion", "intermediate_region"]
    autocomplete_fields = ["region", "subregion", "intermediate_region"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "un_status", "un_member_since"]}),
        ("Codes", {"fields": ["iso2", "iso3", "m49_code"]}),
        ("M49 region", {"fields": ["region", "subregion", "intermediate_region"]}),
    ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "country", "website", "updated"]
    list_filter = ["kind", "country__region", "country__subregion"]
    search_fields = ["name", "acronym", "slug", "country__name", "country__iso3"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created", "updated"]
    # Curators paste bare domains; assume https, as Django 6 will by default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    """Site administrators' view of every membership; coordinators use the organization pages."""

    list_display = ["user", "organization", "role", "created"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__username", "user__email", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Invitations as they stand; made, accepted and withdrawn on the organization pages only."""

    list_display = ["email", "organization", "role", "invited_by", "created", "expires"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization", "invited_by"]
    readonly_fields = [
        "organization",
        "email",
        "role",
        "invited_by",
        "created",
        "expires",
        "accepted_at",
        "accepted_by",
        "withdrawn_at",
    ]
    exclude = ["key"]

    def has_add_permission(self, request):
        return False


class HistoryInWords(HistoricalRecordContextHelper):
    """A change in the admin's history with a choice's label, not its code, and "—" for none."""

    def prepare_delta_change_value(self, change, value):
        if value is None or (hasattr(value, "pk") and value.pk is None):
            return "—"
        choices = self.model._meta.get_field(change.field).choices
        if choices:
            return dict(choices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class VisibleHistoryOnly:
    """
    The history pages of an object the user may not see (outside `get_queryset`) are a 404:
    django-simple-history would otherwise fall back to the object's last historical record.
    They are the working history (every version, drafts included, with the change reasons
    that carry reviewers' comments), so for an entry, or evidence of an entry, whose working
    history the user may not read they are a 403: the entry page shows them what was approved.
    Each record's change reason is told in words there, as on the entry page.
    """

    object_history_list_template = "admin/states/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryInWords(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        super().set_history_delta_changes(request, historical_records, **kwargs)
        for record in historical_records:
            record.reason_in_words = reason_in_words(
                record.history_change_reason, getattr(record, "review_comment", "")
            )

    def history_view(self, request, object_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check_visible(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such object."))
        if not self.entry_of(obj).can_see_working_history(request.user):
            raise PermissionDenied(
                _("This history is for the reporting organization and reviewers.")
            )

    def entry_of(self, obj):
        raise NotImplementedError


class CorrectionsClaimTheRevision:
    """
    Change forms whose saves claim the entry's revision (`save_model`), and history pages that
    only show past versions. A revert would write a past version back whole, its workflow
    state and decision with its content, outside the workflow and the revision check.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEntryError:
            # Someone else's change landed between the form's check and the save, which was
            # rolled back whole; shown again, the form finds that change and says so.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied(_("Past versions are shown, not restored: correct the entry."))
        return super().history_form_view(request, object_id, version_id, extra_context)


class EvidenceInline(admin.StackedInline):
    """
    Evidence as attached; removed items stay listed (and in the history), marked removed.
    Confidential and removed items only for reviewers and the reporting organization's
    members (`disclosed_to`). Stacked rather than tabular: each field keeps its own label for
    screen readers, and the form fits a phone's width.
    """

    model = Evidence
    extra = 0
    fields = [
        "citation",
        "url",
        "file",
        "original_name",
        "content_type",
        "size",
        "confidential",
        "removed",
    ]
    readonly_fields = ["file", "original_name", "content_type", "size"]
    can_delete = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).disclosed_to(request.user)

    def has_add_permission(self, request, obj=None):
        """Evidence is added through the entry form, where files are checked by content."""
        return False


@admin.register(Evidence)
class EvidenceAdmin(VisibleHistoryOnly, CorrectionsClaimTheRevision, SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "entry",
        "content_type",
        "size",
        "confidential",
        "removed",
        "added_by",
        "created",
    ]
    list_filter = ["removed", "confidential", "content_type"]
    search_fields = ["citation", "url", "original_name", "description"]
    list_select_related = ["entry__state", "entry__commitment__resolution", "added_by"]
    raw_id_fields = ["added_by"]
    # The entry stays: moving an item would change another entry's evidence unclaimed.
    readonly_fields = ["entry", "file", "original_name", "content_type", "size", "sha256"]
    form = EvidenceAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user)

    def entry_of(self, obj):
        return obj.entry

    def save_model(self, request, obj, form, change):
        """A correction changes what the entry's reviewer approves: it claims the revision."""
        entry = ProgressEntry.objects.get(pk=obj.entry_id)
        entry.correct_evidence(request.user, form.cleaned_data["read_revision"], obj)

    def has_change_permission(self, request, obj=None):
        """Shown read-only to staff who may not correct the item's entry (the model's rule)."""
        if obj is not None and not obj.entry.can_correct(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CurrentAssessment)
class CurrentAssessmentAdmin(admin.ModelAdmin):
    """Derived from approved entries (`rebuild_assessments`); shown, never edited."""

    list_display = ["commitment", "state", "subject_organization", "status", "fact_date"]
    list_filter = ["status", "state__region"]
    search_fields = ["state__name", "subject_organization__name", "commitment__resolution__symbol"]
    list_select_related = [
        "commitment__resolution",
        "commitment__paragraph",
        "state",
        "subject_organization",
    ]
    raw_id_fields = ["commitment", "entry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressEntry)
class ProgressEntryAdmin(VisibleHistoryOnly, CorrectionsClaimTheRevision, SimpleHistoryAdmin):
    list_display = ["commitment", "subject", "organization", "status", "workflow_state", "updated"]
    list_filter = ["workflow_state", "status", "confidence", "state__region"]
    search_fields = [
        "summary",
        "state__name",
        "organization__name",
        "commitment__resolution__symbol",
    ]
    list_select_related = [
        "commitment__resolution",
        "commitment__paragraph",
        "state",
        "subject_organization",
        "organization",
    ]
    raw_id_fields = ["commitment", "created_by", "decided_by"]
    autocomplete_fields = ["state", "subject_organization", "organization"]
    # The workflow moves only through its actions (the model's rules, with history); the
    # form corrects content, and every correction is kept in the history too.
    readonly_fields = [
        "workflow_state",
        "review_comment",
        "created_by",
        "revision",
        "submitted_at",
        "decided_at",
        "decided_by",
        "created",
        "updated",
    ]
    actions = ["approve_selected", "request_changes_on_selected", "reject_selected"]
    inlines = [EvidenceInline]
    form = ProgressEntryAdminForm

    def get_queryset(self, request):
        """What the user may see in the app: other organizations' drafts stay private."""
        return super().get_queryset(request).restrict(request.user)

    def entry_of(self, obj):
        return obj

    def get_fields(self, request, obj=None):
        """The reviewer's comment is for the reporting organization and reviewers only."""
        fields = super().get_fields(request, obj)
        if obj is not None and not obj.can_see_working_history(request.user):
            fields = [name for name in fields if name != "review_comment"]
        return fields

    def save_model(self, request, obj, form, change):
        """A correction claims the revision the form was read at, and raises it."""
        if not change:
            return super().save_model(request, obj, form, change)
        obj.correct(request.user, form.cleaned_data["read_revision"])

    def save_formset(self, request, form, formset, change):
        """Evidence corrected with its entry: covered by the entry's claim in `save_model`."""
        for evidence_form in formset.forms:
            evidence_form.instance._history_user = request.user
            evidence_form.instance._change_reason = "correction"
        super().save_formset(request, form, formset, change)

    def has_change_permission(self, request, obj=None):
        """Shown read-only to staff who may not correct this entry (the model's rule)."""
        if obj is not None and not obj.can_correct(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Entries are withdrawn, never deleted."""
        return False

    def has_review_permission(self, request):
        """Only reviewers are offered the review actions; the model checks each entry again."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.review_{opts.model_name}")

    @admin.action(description="Approve selected entries", permissions=["review"])
    def approve_selected(self, request, queryset):
        return self._review_selected(request, queryset, "approve", "approve_selected")

    @admin.action(description="Request changes on selected entries", permissions=["review"])
    def request_changes_on_selected(self, request, queryset):
        return self._review_selected(
            request, queryset, "request_changes", "request_changes_on_selected"
        )

    @admin.action(description="Reject selected entries", permissions=["review"])
    def reject_selected(self, request, queryset):
        return self._review_selected(request, queryset, "reject", "reject_selected")

    def _review_selected(self, request, queryset, action, action_name):
        """
        Show the selected entries with a comment box, then decide each one through
        `ProgressEntry.transition`, so a bulk decision obeys exactly the rules (and leaves
        exactly the history) that deciding one entry at a time would. Entries the rules
        refuse are skipped and reported one by one; the others are still decided.
        """
        entries = list(queryset.select_related(*self.list_select_related).order_by("pk"))
        form = ReviewCommentForm(request.POST if "apply" in request.POST else None, action=action)
        if form.is_bound and form.is_valid():
            comment, shown = form.cleaned_data["comment"], shown_revisions(request.POST)
            self._apply_review(request, entries, action, comment, shown)
            return None  # back to the change list, which shows the messages
        context = {
            **self.admin_site.each_context(request),
            "title": f"{REVIEW_VERBS[action]} progress entries",
            "subtitle": None,
            "opts": self.opts,
            "action_name": action_name,
            "action_label": REVIEW_VERBS[action],
            "button_label": REVIEW_BUTTONS[action],
            "participle": ProgressEntry.ACTION_PARTICIPLES[action],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "form": form,
            "rows": [(entry, review_refusal(entry, action, request.user)) for entry in entries],
            "media": self.media + form.media,
        }
        return TemplateResponse(
            request, "admin/states/progressentry/review_confirmation.html", context
        )

    def _apply_review(self, request, entries, action, comment, shown):
        """
        Each entry is decided as the confirmation page showed it (`reviews.decide_each`): an
        entry changed meanwhile (a correction, say) is skipped rather than decided unseen.
        """
        result = decide_each(entries, action, request.user, comment, shown)
        done = len(result.decided)
        if done:
            noun = "entry" if done == 1 else "entries"
            self.message_user(
                request, f"{capfirst(result.participle)} {done} {noun}.", messages.SUCCESS
            )
        else:
            self.message_user(request, f"No entries were {result.participle}.", messages.WARNING)
        for entry, reason in result.refused:
            self.message_user(
                request, f"Skipped #{entry.pk} ({entry}): {reason}.", messages.WARNING
            )


REVIEW_BUTTONS = {"approve": "Approve", "request_changes": "Request changes", "reject": "Reject"}


class ReviewCommentForm(forms.Form):
    """
    The reviewer's comment on a bulk decision. Sending an entry back or rejecting it must
    say why, or its contributors cannot act on the decision; approving may say nothing.
    """

    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        required=False,
        help_text="Shown to the contributors of every entry decided.",
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comment"]
        field.required = action != "approve"
        field.error_messages["required"] = (
            "Say what the contributors should change."
            if action == "request_changes"
            else "Say why the entries are rejected."
        )
