"""The states' pages: the list, and a state's assessments, progress and profile."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from commitments.models import Commitment

from .. import queries
from ..choices import ImplementationStatus
from ..filtersets import StateCommitmentFilterSet
from ..models import (
    ProgressEntry,
    State,
)
from ..names import by_labels


class StateListView(TemplateView):
    """Every state under its M49 region, with how many commitments it has an assessment on."""

    template_name = "states/state_list.html"

    def get_context_data(self, **kwargs):
        states = sorted(
            queries.states_with_assessment_counts(),
            key=by_labels(lambda state: state.region.label, lambda state: state.label),
        )
        return super().get_context_data(states=states, **kwargs)


class StateDetailView(ListView):
    """
    A state's record. It leads with what has been assessed (the state's latest approved
    status on each commitment it has one on) and its latest approved progress; then its
    profile beside its region; then every commitment addressed to states, filterable by
    resolution, topic and the state's status, each marked when it names the state; then the
    state's entries the user may see.
    """

    template_name = "states/state_detail.html"
    context_object_name = "commitments"
    paginate_by = 25
    recent_entries = 25
    # How many assessed commitments and latest approved entries the page leads with.
    leading = 10
    latest = 5

    def get_queryset(self):
        self.state = get_object_or_404(
            State.objects.select_related("region", "subregion", "intermediate_region"),
            slug=self.kwargs["slug"],
        )
        self.assessed_only = self.request.GET.get("assessed") == "1"
        self.named_only = self.request.GET.get("named") == "1"
        # Paged as keys in page order with their counts; only the page's rows are read.
        self.listed = queries.state_commitments(self.state, self.assessed_only)
        self.named = self.listed.named
        keys = self.listed.keys
        if self.named_only:
            keys = [key for key in keys if key in self.named]
        self.filterset = StateCommitmentFilterSet(
            self.request.GET or None,
            queryset=Commitment.objects.filter(pk__in=keys),
            state=self.state,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            keys = []
        elif self.filterset.chosen:
            # One query for the keys the filters keep, in the cached page order.
            kept = set(self.filterset.qs.values_list("pk", flat=True))
            keys = [key for key in keys if key in kept]
        self.listed.keys = keys
        return keys

    def get_paginator(self, queryset, per_page, **kwargs):
        """A paginator that knows its count already and reads one page's rows in one query."""
        return queries.KeyedPaginator(
            queryset,
            per_page,
            count=len(self.listed.keys),
            rows=lambda keys: queries.commitments_with_assessment_of(
                self.state, self.request.user, keys=keys
            ),
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        recent = list(queries.state_entries(self.state, user)[: self.recent_entries + 1])
        assessed = queries.assessed_commitments_of(self.state, user, limit=self.leading)
        latest = queries.for_list(
            ProgressEntry.objects.restrict(user).approved().filter(state=self.state), user
        ).order_by("-decided_at", "-pk")[: self.latest]
        context = super().get_context_data(
            state=self.state,
            entries=recent[: self.recent_entries],
            more_entries=len(recent) > self.recent_entries,
            assessed_only=self.assessed_only,
            assessed_count=self.listed.assessed,
            named_only=self.named_only,
            named_count=len(self.named),
            filter=self.filterset,
            filtered=self.filterset.chosen,
            leading_assessed=assessed,
            latest_entries=list(latest),
            **kwargs,
        )
        labels = dict(ImplementationStatus.choices)
        for commitment in [*context["commitments"], *assessed]:
            commitment.assessment_label = labels.get(commitment.assessment_status, "")
            commitment.names_state = commitment.pk in self.named
        return context
