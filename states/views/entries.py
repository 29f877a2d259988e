"""
Recording and deciding progress: *My progress*, the entry form (with its type-ahead's
endpoints), an entry's page and its workflow steps.

Views stay thin: every read goes through `restrict(user)` (what the user may not see is a
404, never a 403, so nothing leaks), and every write goes through the model's own methods
(`start`, `edit`, `add_evidence`, `remove_evidence`, `transition`), which hold the rules.
A 403 means the user can see the entry but may not do this to it.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import SecondFactorRequiredMixin
from commitments.deadlines.requests import UPCOMING_DAYS
from commitments.models import Commitment

from .. import queries, work
from ..choices import WorkflowState
from ..filtersets import ReviewQueueFilterSet
from ..forms import (
    ENTRY_FIELDS,
    EvidenceFormSet,
    EvidenceRemovalForm,
    ProgressEntryForm,
    TransitionForm,
    chapeau_refusal,
    commitment_choice,
)
from ..history import COMMENT_LEADS, entry_history, read_reason
from ..models import (
    Organization,
    ProgressEntry,
    StaleEntryError,
    State,
    TransitionError,
)
from ..reviews import next_in_queue

REVIEW_PERMISSION = work.REVIEW_PERMISSION
RECORD_PERMISSION = work.RECORD_PERMISSION
# Reviewers' comments whose decision was refused, by entry, until the entry page shows them.
LOST_COMMENTS_KEY = "states:lost_comments"

CONTRIBUTOR_ACTIONS = (
    ("submit", "Submit for review", ""),
    ("withdraw", "Withdraw", "secondary"),
)
REVIEW_BUTTONS = (
    ("approve", "Approve", ""),
    ("request_changes", "Request changes", "secondary"),
    ("reject", "Reject", "danger"),
)


NOT_EDITABLE = "Only your organization's drafts and returned entries can be edited."


def readable_evidence(entry, user):
    """
    The entry's attached evidence that `user` may read. Confidential items are fetched with
    the rest and dropped here, so membership is asked (once) only when there are some.
    """
    items = list(entry.evidence.shown().select_related("added_by"))
    if any(item.confidential for item in items) and not entry.can_see_confidential(user):
        items = [item for item in items if not item.confidential]
    return items


def stale_message(entry):
    return (
        "Someone else changed this entry while you were looking at it (it is now "
        f"{entry.get_workflow_state_display().lower()}), so your step was not applied. "
        "The page shows the entry as it is now."
    )


def parse_revision(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def queue_url(query=""):
    """The review queue with the filters `query` (a query string, posted back) holds."""
    url, query = reverse("states:review_queue"), QueryDict(query).urlencode()
    return f"{url}?{query}" if query else url


def entry_in_queue_url(entry, query):
    """An entry's page opened from the review queue (with its filters, for "next")."""
    return f"{entry.get_absolute_url()}?{urlencode({'queue': query})}"


def queue_of(request, query, user):
    """The review queue `query` filters, as the reviewer sees it (the default on bad input)."""
    entries = ProgressEntry.objects.restrict(user)
    filterset = ReviewQueueFilterSet(QueryDict(query), queryset=entries, request=request)
    if not filterset.is_valid():
        filterset = ReviewQueueFilterSet(None, queryset=entries, request=request)
    return filterset.qs


def entry_decision(entry):
    """The review action that put the entry where it is ("request_changes"), if one did."""
    return {
        WorkflowState.APPROVED: "approve",
        WorkflowState.CHANGES_REQUESTED: "request_changes",
        WorkflowState.REJECTED: "reject",
    }.get(entry.workflow_state, "")


def mark_comment_above(history, entry):
    """The history item of the entry's current decision says its comment is shown above."""
    decision = entry_decision(entry)
    for item in history:  # newest first
        if read_reason(item.reason)[0] == decision and item.comment:
            item.comment_above = True
            return


class EntryMixin:
    """Finds the entry in the URL among those the user may see; a 404 otherwise."""

    def get_entry(self):
        entries = ProgressEntry.objects.restrict(self.request.user).select_related(
            *queries.ENTRY_LIST_RELATED,
            "commitment__paragraph__parent__parent",  # its lead-ins, printed with it
            "created_by",
            "decided_by",
        )
        return get_object_or_404(entries, pk=self.kwargs["pk"])


class DashboardView(LoginRequiredMixin, TemplateView):
    """
    A contributor's work: what needs doing first (entries sent back, drafts, reporting
    deadlines coming up for their States), then what waits for a reviewer and what was approved.
    """

    template_name = "states/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = queries.for_list(ProgressEntry.objects.of_organizations_of(user), user)
        open_entries = list(
            mine.filter(
                workflow_state__in=[
                    WorkflowState.DRAFT,
                    WorkflowState.CHANGES_REQUESTED,
                    WorkflowState.SUBMITTED,
                ]
            ).order_by("-updated", "-pk")
        )
        context = super().get_context_data(
            organizations=list(Organization.objects.filter(memberships__user=user)),
            drafts=[e for e in open_entries if e.workflow_state == WorkflowState.DRAFT],
            sent_back=[
                e for e in open_entries if e.workflow_state == WorkflowState.CHANGES_REQUESTED
            ],
            awaiting=[e for e in open_entries if e.workflow_state == WorkflowState.SUBMITTED],
            recently_approved=list(mine.approved().order_by("-decided_at", "-pk")[:10]),
            deadline_window_days=UPCOMING_DAYS,
            **kwargs,
        )
        # Deadlines concern organizations' work: none to look for without one.
        context["upcoming_deadlines"] = (
            work.upcoming_deadlines(user) if context["organizations"] else []
        )
        context["is_reviewer"] = user.has_perm(REVIEW_PERMISSION)
        if context["is_reviewer"]:
            context["review_count"] = ProgressEntry.objects.awaiting_review().count()
        return context


class EntryFormMixin:
    """What the create and edit pages share: the forms, the page, the all-or-nothing save."""

    template_name = "states/entry_form.html"

    def render_page(self, form, formset, status=200, **context):
        context.setdefault("commitment", self.shown_commitment(form))
        return render(
            self.request,
            self.template_name,
            {"form": form, "formset": formset, **context},
            status=status,
        )

    @staticmethod
    def shown_commitment(form):
        """The commitment whose text the page quotes: the one posted, or the entry's."""
        if form.is_bound:
            return getattr(form, "cleaned_data", {}).get("commitment")
        return form.instance.commitment if form.instance.commitment_id else None

    def save(self, form, formset, entry=None, removals=()):
        """
        Create (or edit) the entry, take off and attach evidence, and submit it if asked: one
        transaction, so a refusal anywhere leaves nothing behind, not even a stored file.
        """
        user = self.request.user
        stored = []
        try:
            with transaction.atomic():
                if entry is None:
                    fields = {name: form.cleaned_data[name] for name in ENTRY_FIELDS}
                    entry = ProgressEntry.start(user, fields.pop("organization"), **fields)
                else:
                    entry.revision = form.cleaned_data["revision"]
                    changes = form.entry_changes()
                    if changes:
                        entry.edit(user, **changes)
                for evidence in removals:
                    entry.remove_evidence(user, evidence)
                for evidence_form in formset.filled_forms():
                    evidence = entry.add_evidence(user, **evidence_form.evidence_fields())
                    if evidence.file:
                        stored.append(evidence.file.name)
                if "submit" in self.request.POST:
                    entry.transition("submit", user)
        except BaseException:
            for name in stored:
                default_storage.delete(name)
            raise
        return entry

    def add_model_errors(self, form, error):
        """Show the model's refusal at the fields it names, the rest above the form."""
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else NON_FIELD_ERRORS, errors)

    def saved_message(self, entry, created):
        done = "recorded" if created else "saved"
        if entry.workflow_state == WorkflowState.SUBMITTED:
            return f"Entry {done} and submitted for review."
        return f"Entry {done} as a draft." if created else "Entry saved."


class EntryCreateView(LoginRequiredMixin, EntryFormMixin, View):
    """Record progress: an entry and its evidence, saved as a draft or submitted at once."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_can_record(request.user)
        return super().dispatch(request, *args, **kwargs)

    def check_can_record(self, user):
        if not user.has_perm(RECORD_PERMISSION):
            raise PermissionDenied(_("Only contributors record progress."))
        self.organizations = list(Organization.objects.filter(memberships__user=user))
        if not self.organizations:
            raise PermissionDenied(
                "You can record progress only for an organization you belong to; "
                "ask an administrator to add you to yours."
            )

    def get(self, request):
        form = ProgressEntryForm(user=request.user, initial=self.initial())
        return self.render_page(
            form,
            EvidenceFormSet(prefix="evidence"),
            commitment=self.preselected_commitment,
            chapeau_refused=self.chapeau_refused,
        )

    def initial(self):
        initial = {}
        self.preselected_commitment, self.chapeau_refused = None, ""
        commitment_pk = parse_revision(self.request.GET.get("commitment"))
        if commitment_pk:
            self.preselected_commitment = (
                Commitment.objects.trackable()
                .select_related("resolution", "paragraph__parent__parent")
                .filter(pk=commitment_pk)
                .first()
            )
            if self.preselected_commitment:
                initial["commitment"] = self.preselected_commitment.pk
            else:
                # A link made when chapeaux were tracked: say where to record instead.
                chapeau = (
                    Commitment.objects.chapeaux()
                    .select_related("resolution", "paragraph")
                    .filter(pk=commitment_pk)
                    .first()
                )
                self.chapeau_refused = chapeau_refusal(chapeau) if chapeau else ""
        iso3 = State.read_code(self.request.GET.get("state", ""))
        if iso3:
            state = State.objects.filter(iso3=iso3).first()
            if state:
                initial["state"] = state.pk
        if len(self.organizations) == 1:
            initial["organization"] = self.organizations[0].pk
        return initial

    def post(self, request):
        form = ProgressEntryForm(request.POST, user=request.user)
        formset = EvidenceFormSet(request.POST, request.FILES, prefix="evidence")
        if form.is_valid() and formset.is_valid():
            try:
                entry = self.save(form, formset)
            except ValidationError as error:
                self.add_model_errors(form, error)
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, self.saved_message(entry, created=True))
                return redirect(entry)
        return self.render_page(form, formset)


class CommitmentChoicesView(PermissionRequiredMixin, View):
    """
    The entry form's commitment type-ahead: the adopted, trackable commitments (never a
    chapeau, never a draft's) a typed reference finds (`CommitmentQuerySet.search`), as JSON,
    the first `limit` in the order the form lists them, and whether there are more. Only for
    those who record progress; one query whatever is found.
    """

    permission_required = RECORD_PERMISSION
    raise_exception = True
    limit = 20

    def get(self, request):
        found = list(
            Commitment.objects.trackable()
            .adopted()
            .search(request.GET.get("q", ""))
            .select_related("resolution", "paragraph__parent__parent")
            .order_by("-resolution__adopted_on", "resolution_id", "paragraph__position")[
                : self.limit + 1
            ]
        )
        return JsonResponse(
            {
                "results": [commitment_choice(c) for c in found[: self.limit]],
                "more": len(found) > self.limit,
            }
        )


class CommitmentQuoteView(PermissionRequiredMixin, TemplateView):
    """A trackable commitment's text as the entry form quotes it, for the type-ahead's choice."""

    permission_required = RECORD_PERMISSION
    raise_exception = True
    template_name = "states/_commitment_quote.html"

    def get_context_data(self, **kwargs):
        commitments = Commitment.objects.trackable().select_related(
            "resolution", "paragraph__parent__parent"
        )
        return {"commitment": get_object_or_404(commitments, pk=self.kwargs["pk"])}


class EntryEditView(LoginRequiredMixin, EntryMixin, EntryFormMixin, View):
    """
    Change an editable entry and its evidence. The form carries the revision it was shown
    with; if the entry changed since, nothing is saved and the page comes back with the
    user's input and the entry's current values side by side.
    """

    def get(self, request, pk):
        entry = self.get_entry()
        if not entry.can_edit(request.user):
            raise PermissionDenied(NOT_EDITABLE)
        form = ProgressEntryForm(
            instance=entry, user=request.user, initial={"revision": entry.revision}
        )
        formset = EvidenceFormSet(prefix="evidence")
        return self.render_edit(entry, form, formset, self.removal_form(entry))

    def post(self, request, pk):
        entry = self.get_entry()
        user = request.user
        posted_revision = parse_revision(request.POST.get("revision"))
        if not entry.can_edit(user):
            if posted_revision != entry.revision and entry.is_member(user):
                # Someone moved the entry on (submitted it, say) while this user edited it.
                return self.render_stale(entry, read_only=True)
            raise PermissionDenied(NOT_EDITABLE)
        form = ProgressEntryForm(request.POST, instance=entry, user=user)
        formset = EvidenceFormSet(request.POST, request.FILES, prefix="evidence")
        removal = self.removal_form(entry, request.POST)
        if form.is_valid() and formset.is_valid() and removal.is_valid():
            try:
                entry = self.save(form, formset, entry, removal.cleaned_data["remove"])
            except StaleEntryError:
                current = self.get_entry()
                return self.render_stale(current, form=form, formset=formset, removal=removal)
            except ValidationError as error:
                self.add_model_errors(form, error)
            except TransitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, self.saved_message(entry, created=False))
                return redirect(entry)
        elif posted_revision is not None and posted_revision != entry.revision:
            return self.render_stale(entry, form=form, formset=formset, removal=removal)
        return self.render_edit(entry, form, formset, removal, revision=posted_revision)

    def removal_form(self, entry, data=None):
        return EvidenceRemovalForm(data, evidence=entry.evidence.shown())

    def render_edit(self, entry, form, formset, removal, revision=None, **context):
        return self.render_page(
            form,
            formset,
            entry=entry,
            removal_form=removal,
            evidence_items=list(entry.evidence.shown().select_related("added_by")),
            revision=entry.revision if revision is None else revision,
            **context,
        )

    def render_stale(self, current, form=None, formset=None, removal=None, read_only=False):
        """
        The user's input kept, nothing saved. The form now carries the current revision, so
        saving again (having seen the other change) applies this user's version.
        """
        user = self.request.user
        now = {name: getattr(current, name) for name in ENTRY_FIELDS}
        shown = {
            name: getattr(current, f"get_{name}_display", lambda name=name: now[name])()
            for name in ENTRY_FIELDS
        }
        if form is None:
            copy = ProgressEntry.objects.get(pk=current.pk)
            form = ProgressEntryForm(self.request.POST, instance=copy, user=user)
            formset = EvidenceFormSet(self.request.POST, self.request.FILES, prefix="evidence")
            removal = self.removal_form(current, self.request.POST)
            form.is_valid()
            formset.is_valid()
        theirs = []
        if form.is_bound:
            posted = form.cleaned_data if hasattr(form, "cleaned_data") else {}
            for name in ENTRY_FIELDS:
                if name in posted and posted[name] != now[name]:
                    theirs.append((form.fields[name].label, shown[name]))
        return self.render_edit(
            current,
            form,
            formset,
            removal,
            stale=True,
            read_only=read_only or not current.can_edit(user),
            theirs=theirs,
        )


class EntryDetailView(EntryMixin, TemplateView):
    """An entry: its content, evidence, the steps the user may take, and its history."""

    template_name = "states/entry_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            self.entry = self.get_entry()
        except Http404:
            if not request.user.is_authenticated:
                # Entries not yet approved are for signed-in users; this says nothing of
                # whether the entry exists.
                return redirect_to_login(request.get_full_path())
            raise
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        entry, user = self.entry, self.request.user
        lost = self.request.session.get(LOST_COMMENTS_KEY, {}) if user.is_authenticated else {}
        lost_comment = lost.pop(str(entry.pk), "")
        if lost_comment:
            self.request.session[LOST_COMMENTS_KEY] = lost
        sources = {a: ProgressEntry.TRANSITIONS[a][0] for a in ProgressEntry.TRANSITIONS}
        # Only steps the entry's state allows are asked about (each asks about membership).
        actions = [
            (action, label, style)
            for action, label, style in CONTRIBUTOR_ACTIONS
            if entry.workflow_state in sources[action] and entry.can(action, user)
        ]
        review_buttons = [
            (action, label, style)
            for action, label, style in REVIEW_BUTTONS
            if entry.workflow_state in sources[action] and entry.can(action, user)
        ]
        is_reviewer = user.has_perm(REVIEW_PERMISSION)
        # Opened from the review queue: its filters come along, for "Approve and next".
        from_queue = is_reviewer and "queue" in self.request.GET
        # The history is for signed-in roles; what of it each may read is the entry's rule.
        show_history = user.has_perm("states.view_progressentry")
        history = entry_history(entry, user) if show_history else []
        working_history = entry.can_see_working_history(user)
        # A decision that waits on the contributors has its comment at the top of the page,
        # where they act on it; every other comment is in the history. Each is shown once.
        comment_on_top = (
            working_history
            and bool(entry.review_comment)
            and entry.workflow_state in (WorkflowState.CHANGES_REQUESTED, WorkflowState.REJECTED)
        )
        if comment_on_top:
            mark_comment_above(history, entry)
        return super().get_context_data(
            entry=entry,
            can_edit=entry.can_edit(user),
            actions=actions,
            review_buttons=review_buttons,
            own_entry_for_review=is_reviewer
            and entry.workflow_state == WorkflowState.SUBMITTED
            and entry.created_by_id == user.pk,
            action_form=TransitionForm(initial={"revision": entry.revision}),
            decision_form=TransitionForm(
                initial={"revision": entry.revision, "comment": lost_comment},
                auto_id="id_decision_%s",
            ),
            lost_comment=lost_comment,
            from_queue=from_queue,
            queue_query=self.request.GET.get("queue", "") if from_queue else "",
            approve_and_next=from_queue
            and any(action == "approve" for action, _, _ in review_buttons),
            evidence_items=readable_evidence(entry, user),
            can_change_confidentiality=entry.can_change_confidentiality(user),
            show_history=show_history,
            history=history,
            # The reviewer's comment is the working history's, as the change reasons are.
            working_history=working_history,
            comment_on_top=comment_on_top,
            comment_lead=COMMENT_LEADS.get(entry_decision(entry), ""),
            **kwargs,
        )


class EntryTransitionView(SecondFactorRequiredMixin, LoginRequiredMixin, EntryMixin, View):
    """
    Take one workflow step. A refused step (the entry moved on, or someone decided first)
    comes back to the entry page with the reason; a reviewer's comment is kept for them.
    A reviewer's decision wants two-factor sign-in when the setting asks for it.
    """

    http_method_names = ["post"]

    def second_factor_required(self):
        return self.kwargs["action"] in ProgressEntry.REVIEW_ACTIONS

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            return redirect_to_login(reverse("states:entry_detail", args=[self.kwargs["pk"]]))
        return super().handle_no_permission()

    def post(self, request, pk, action):
        if action not in ProgressEntry.TRANSITIONS:
            raise Http404(_("No such workflow step."))
        entry = self.get_entry()
        user = request.user
        form = TransitionForm(request.POST, action=action)
        if not form.is_valid():
            if "revision" in form.errors:
                return HttpResponseBadRequest("The form was incomplete; reload the entry.")
            if entry.can(action, user):
                for error in form.errors.get("comment", []):
                    messages.error(request, error)
                return redirect(self.back_to(entry))
        comment = form.cleaned_data.get("comment", "").strip()
        shown_revision = form.cleaned_data["revision"]
        stale = shown_revision != entry.revision
        entry.revision = shown_revision
        try:
            entry.transition(action, user, comment)
        except TransitionError as error:
            stale = stale or isinstance(error, StaleEntryError)
            messages.error(request, stale_message(entry) if stale else str(error))
            self.keep_comment(entry, request.POST.get("comment", ""))
            return redirect(self.back_to(entry))
        done = f"Entry {ProgressEntry.ACTION_PARTICIPLES[action]}."
        if action == "approve" and "next" in request.POST:
            return self.next_in_queue(entry, done)
        messages.success(request, done)
        return redirect(self.back_to(entry))

    def back_to(self, entry):
        """The entry's page, still opened from the queue if it was."""
        if "queue" in self.request.POST:
            return entry_in_queue_url(entry, self.request.POST["queue"])
        return entry.get_absolute_url()

    def next_in_queue(self, entry, done):
        """
        "Approve and next": the next entry awaiting review in the queue the reviewer came
        from, in its order, or the queue itself when none is left after this one.
        """
        query, user = self.request.POST.get("queue", ""), self.request.user
        following = next_in_queue(queue_of(self.request, query, user), entry, user)
        if following is None:
            messages.success(self.request, f"{done} No entry is left after it in the review queue.")
            return redirect(queue_url(query))
        messages.success(self.request, f"{done} Here is the next entry in the review queue.")
        return redirect(entry_in_queue_url(following, query))

    def keep_comment(self, entry, comment):
        """Hold a refused decision's comment for the entry page, so no typing is lost."""
        if comment.strip():
            lost = self.request.session.get(LOST_COMMENTS_KEY, {})
            lost[str(entry.pk)] = comment
            self.request.session[LOST_COMMENTS_KEY] = lost
