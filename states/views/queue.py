"""
The review queue: submitted entries, with what deciding each would change, decided one by
one from an entry's page or several at once from the queue.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect
from django_filters.views import FilterView

from accounts.mixins import SecondFactorRequiredMixin

from .. import queries
from ..choices import WorkflowState
from ..filtersets import ReviewQueueFilterSet
from ..forms import (
    BulkDecisionForm,
)
from ..models import (
    ProgressEntry,
)
from ..reviews import NOT_FOUND, decide_each, shown_revisions
from .entries import (
    REVIEW_PERMISSION,
    queue_url,
)


class ReviewQueueView(SecondFactorRequiredMixin, PermissionRequiredMixin, FilterView):
    """
    Entries awaiting review (by default), oldest submission first, with filters. Each row
    says what the entry would change (the approved status of its subject on its commitment)
    and, for a resubmission, what changed since it was sent back. Ticked entries are decided
    together (POST): approved, or sent back with one comment, each through the workflow.
    """

    permission_required = REVIEW_PERMISSION
    filterset_class = ReviewQueueFilterSet
    template_name = "states/review_queue.html"
    context_object_name = "entries"
    paginate_by = 25
    bulk_form = None

    def get_queryset(self):
        user = self.request.user
        return queries.for_list(ProgressEntry.objects.restrict(user), user).order_by(
            "submitted_at", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        entries = queries.with_review_details(context["entries"])
        for entry in entries:
            entry.decidable = (
                entry.workflow_state == WorkflowState.SUBMITTED and entry.created_by_id != user.pk
            )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            entries=entries,
            bulk_form=self.bulk_form or BulkDecisionForm(),
            selected=self.posted_entries(),
            any_decidable=any(entry.decidable for entry in entries),
            queue_query=query.urlencode(),
        )
        return context

    def posted_entries(self):
        """The entries ticked before a refused bulk decision, ticked again."""
        if self.request.method != "POST":
            return set()
        return {int(v) for v in self.request.POST.getlist("entries") if v.isdecimal()}

    def post(self, request, *args, **kwargs):
        form = BulkDecisionForm(request.POST)
        if not form.is_valid():
            self.bulk_form = form
            return self.get(request, *args, **kwargs)
        user = request.user
        action, ids = form.cleaned_data["action"], form.cleaned_data["entries"]
        entries = list(
            ProgressEntry.objects.restrict(user)
            .select_related(*queries.ENTRY_LIST_RELATED)
            .filter(pk__in=ids)
            .order_by("submitted_at", "pk")
        )
        result = decide_each(
            entries,
            action,
            user,
            form.cleaned_data["comment"].strip(),
            shown_revisions(request.POST),
            page="the queue page",
        )
        found = {entry.pk for entry in entries}
        result.refused += [(pk, NOT_FOUND) for pk in ids if pk not in found]
        self.report(result)
        query = request.GET.copy()
        query.pop("page", None)
        return redirect(queue_url(query.urlencode()))

    def report(self, result):
        """One message for what was decided; one for each entry that was not, and why."""
        done = len(result.decided)
        if done:
            noun = "entry" if done == 1 else "entries"
            messages.success(self.request, f"{done} {noun} {result.participle}.")
        for entry, reason in result.refused:
            if isinstance(entry, ProgressEntry):
                name = f"{entry.subject} on {entry.commitment.reference} (entry {entry.pk})"
            else:
                name = f"Entry {entry}"
            messages.error(self.request, f"Not {result.participle}: {name}: {reason}.")
