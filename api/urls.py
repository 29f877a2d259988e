from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import exceptions, tokens, views

app_name = "api"

router = DefaultRouter()
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("reporting-requests", views.ReportingRequestViewSet, basename="reportingrequest")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("states", views.StateViewSet, basename="state")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("entries", views.ProgressEntryViewSet, basename="progressentry")
router.register("assessments", views.CurrentAssessmentViewSet, basename="assessment")

v1 = [
    path(
        "resolutions/<int:pk>/document.json",
        views.ResolutionDocumentView.as_view(),
        name="resolution-document",
    ),
    path("exports/entries.csv", views.EntryCsvExportView.as_view(), name="export-entries-csv"),
    path(
        "exports/entries.jsonl", views.EntryJsonlExportView.as_view(), name="export-entries-jsonl"
    ),
    path(
        "exports/commitments.csv",
        views.CommitmentCsvExportView.as_view(),
        name="export-commitments-csv",
    ),
    path(
        "exports/commitments.jsonl",
        views.CommitmentJsonlExportView.as_view(),
        name="export-commitments-jsonl",
    ),
    path("auth/login/", tokens.LoginView.as_view(), name="login"),
    path("auth/logout/", tokens.LogoutView.as_view(), name="logout"),
    path("auth/logout-all/", tokens.LogoutAllView.as_view(), name="logout-all"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1)),
    # The schema and its documentation page are the same document for everyone, written
    # without the database: they do not count against the anonymous rate, whose counts are
    # kept there (api/throttling.py).
    path("schema/", SpectacularAPIView.as_view(throttle_classes=[]), name="schema"),
    # The split view serves its start-up script as a file and the page's template
    # (templates/api/swagger_ui.html) has no inline style, so the site's policy holds here too.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html", throttle_classes=[]
        ),
        name="docs",
    ),
    # Anything else under /api/ is a JSON 404, whatever DEBUG says; [\s\S] rather than "."
    # so that an address with a line break (%0A) is caught here too.
    re_path(r"^(?P<path>[\s\S]*)$", exceptions.unknown_api_url),
]
