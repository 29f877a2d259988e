from django.views.generic import DetailView
from django_filters.views import FilterView

from .filtersets import ResolutionFilterSet
from .models import Commitment, Resolution


class ResolutionListView(FilterView):
    filterset_class = ResolutionFilterSet
    queryset = Resolution.objects.for_list()
    template_name = "commitments/resolution_list.html"
    context_object_name = "resolutions"
    paginate_by = 25


class ResolutionDetailView(DetailView):
    queryset = Resolution.objects.for_detail()
    template_name = "commitments/resolution_detail.html"
    context_object_name = "resolution"

    def get_context_data(self, **kwargs):
        paragraphs = list(self.object.paragraphs.all())
        return super().get_context_data(
            preambular=[p for p in paragraphs if not p.is_operative],
            operative=[p for p in paragraphs if p.is_operative],
            **kwargs,
        )


class CommitmentDetailView(DetailView):
    queryset = Commitment.objects.for_list().select_related("paragraph__parent")
    template_name = "commitments/commitment_detail.html"
    context_object_name = "commitment"
