"""
Each model has one FilterSet, in its app's filtersets.py, that the API reads and the pages'
forms subclass: the same filters mean the same thing on a page and in the API.
"""

import pytest

from api.views import CurrentAssessmentViewSet, ProgressEntryViewSet, ResolutionViewSet
from commitments.views import ResolutionListView
from reports.views import MatrixView
from states.choices import WorkflowState
from states.models import CurrentAssessment, Region, State
from states.views.queue import ReviewQueueView
from tests.permissions import Cast


@pytest.mark.parametrize(
    ("page", "api", "filters"),
    [
        (ResolutionListView, ResolutionViewSet, ["q", "body", "year", "topic"]),
        (
            ReviewQueueView,
            ProgressEntryViewSet,
            [
                "workflow_state",
                "status",
                "state",
                "region",
                "organization",
                "resolution",
                "body",
                "submitted",
                "q",
            ],
        ),
        (
            MatrixView,
            CurrentAssessmentViewSet,
            ["resolution", "body", "topic", "region", "status", "fact_date", "columns", "drafts"],
        ),
    ],
)
def test_it_filters_the_page_with_the_apis_filterset_narrowed_to_its_form(page, api, filters):
    assert issubclass(page.filterset_class, api.filterset_class)
    # The meaning of topic and region is the shared FilterSet's, not the page's own.
    for method in ("filter_topic", "filter_region"):
        if hasattr(api.filterset_class, method):
            assert getattr(page.filterset_class, method) is getattr(api.filterset_class, method)
    # The API's other filters are neither on the page's form nor read from its address.
    assert list(page.filterset_class.base_filters) == filters


@pytest.mark.django_db
def test_it_filters_by_each_tier_of_a_region_alike_on_the_matrix_and_in_the_api():
    """Africa > Sub-Saharan Africa > Western Africa: a region, sub-region, intermediate region."""
    cast = Cast()
    for iso3 in ("NGA", "KEN", "EGY", "BRA"):
        cast.entry(WorkflowState.APPROVED, state=State.objects.get(iso3=iso3))
    expected = {"002": {"NGA", "KEN", "EGY"}, "202": {"NGA", "KEN"}, "011": {"NGA"}}

    for m49_code, states in expected.items():
        region = Region.objects.get(m49_code=m49_code)
        api = CurrentAssessmentViewSet.filterset_class(
            {"region": m49_code}, queryset=CurrentAssessment.objects.all()
        )
        page = MatrixView.filterset_class(
            {"region": region.pk}, queryset=CurrentAssessment.objects.all()
        )
        assert page.is_valid(), page.errors
        assert set(api.qs.values_list("state__iso3", flat=True)) == states, m49_code
        assert set(page.qs.values_list("state__iso3", flat=True)) == states, m49_code
