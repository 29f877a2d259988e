"""
What the API adds to the apps' FilterSets (commitments.filtersets, states.filtersets), which
its lists read as the pages do: ordering with a stable tiebreak. (The commitments' filter by
a State named in them, which needs the list of States, is
states.filtersets.NamedStateCommitmentFilterSet, shared with the exports.)

A value that does not parse (a flag that is neither true nor false included), or names no
such object (an unknown state code, region, topic), is a 400 with the filter's message,
never an empty list or an unfiltered one that looks like an answer.
"""

from rest_framework.filters import OrderingFilter


class TiebreakOrderingFilter(OrderingFilter):
    """`ordering=fact_date` and the like, with the primary key breaking ties (stable pages)."""

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if ordering and ordering[-1].lstrip("-") not in ("id", "pk"):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return ordering
