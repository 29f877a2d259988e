from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from .engine import ParsedQuery, backend_for
from .filtersets import SearchFilterSet

# The kinds of result, in the order of the tabs, with the text each snippet is taken from.
KINDS = {
    "resolutions": (_("Resolutions"), {"title": "title"}),
    "commitments": (_("Commitments"), {"text": "paragraph__text"}),
    "evidence": (_("Progress and evidence"), {"summary": "summary"}),
}


class CountedPaginator(Paginator):
    """A paginator told its count, which the tabs have already asked the database for."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count


class SearchView(TemplateView):
    """
    Resolutions, commitments and progress matching a query, one tab per kind with its count.

    Reads the same number of queries whatever it finds: one count per kind, the page of the
    open tab, and for progress entries their matching evidence.
    """

    template_name = "search/results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        filterset = SearchFilterSet(params)
        query = ParsedQuery.parse(params.get("q", ""))
        context.update(filter=filterset, query=query.text, searched=False)
        if not query.wanted or not filterset.is_valid():
            return context

        engine = backend_for(query)
        querysets = {
            "resolutions": engine.resolutions(),
            "commitments": engine.commitments(),
            "evidence": engine.entries(self.request.user),
        }
        querysets = {kind: filterset.filter_for(qs) for kind, qs in querysets.items()}
        counts = {kind: queryset.count() for kind, queryset in querysets.items()}
        kind = params.get("kind")
        if kind not in KINDS:
            kind = next((k for k in KINDS if counts[k]), "resolutions")

        label, snippet_fields = KINDS[kind]
        paginator = CountedPaginator(
            engine.with_headlines(querysets[kind], snippet_fields),
            self.paginate_by,
            count=counts[kind],
        )
        page = paginator.get_page(params.get("page"))
        rows = list(page.object_list)
        for row in rows:
            row.snippets = {
                name: engine.snippet(row, name, _value(row, path))
                for name, path in snippet_fields.items()
            }
        if kind == "evidence":
            evidence = engine.matching_evidence(rows)
            for row in rows:
                row.matching_evidence = evidence.get(row.pk, [])

        context.update(
            searched=True,
            kind=kind,
            kind_label=label,
            tabs=[self.tab(key, counts[key], key == kind) for key in KINDS],
            results=rows,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
        )
        return context

    def tab(self, kind, count, active):
        params = self.request.GET.copy()
        params.pop("page", None)
        params["kind"] = kind
        return {
            "kind": kind,
            "label": KINDS[kind][0],
            "count": count,
            "active": active,
            "url": f"?{params.urlencode()}",
        }


def _value(row, path):
    for name in path.split("__"):
        row = getattr(row, name)
    return row or ""
