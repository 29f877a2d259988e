"""
Status cards other sites may frame: a state's or a commitment's approved progress in a few
lines, with a link back. No cookies, no scripts and no forms, so a card tells this site
nothing about who reads it and can do nothing in the page that frames it.
"""

from csp.constants import NONE
from csp.decorators import csp_replace
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import DetailView

from commitments.models import Commitment
from states.choices import ImplementationStatus
from states.models import CurrentAssessment, ProgressEntry, State

LATEST = 3

# Any site may frame a card; scripts have no business in one.
FRAMEABLE = csp_replace({"frame-ancestors": ["*"], "script-src": [NONE], "form-action": [NONE]})


def status_counts(assessments) -> list[tuple[str, int]]:
    """(status in words, count) for each status held, in the choices' order."""
    counts = dict(assessments.values_list("status").annotate(count=Count("pk")).order_by())
    return [
        (label, counts[value]) for value, label in ImplementationStatus.choices if value in counts
    ]


@method_decorator([xframe_options_exempt, FRAMEABLE], name="dispatch")
class EmbedView(DetailView):
    """A card: built from approved data alone, never from who asks (no session is read)."""


class StateEmbedView(EmbedView):
    template_name = "syndication/embed_state.html"
    context_object_name = "state"

    def get_object(self, queryset=None):
        return get_object_or_404(State, iso3=self.kwargs["iso3"].upper())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=status_counts(CurrentAssessment.objects.filter(state=self.object)),
            latest=ProgressEntry.objects.approved()
            .filter(state=self.object)
            .select_related("commitment__resolution", "commitment__paragraph")
            .order_by("-fact_date", "-id")[:LATEST],
            **kwargs,
        )


class CommitmentEmbedView(EmbedView):
    template_name = "syndication/embed_commitment.html"
    context_object_name = "commitment"
    queryset = Commitment.objects.select_related("resolution", "paragraph")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            counts=status_counts(CurrentAssessment.objects.filter(commitment=self.object)),
            **kwargs,
        )
