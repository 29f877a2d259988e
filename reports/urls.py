from django.urls import path

from . import pages, views

app_name = "reports"

urlpatterns = [
    path(
        "resolutions/commitments/<int:pk>/",
        pages.CommitmentDetailView.as_view(),
        name="commitment_detail",
    ),
    path("dashboard/", views.OverviewView.as_view(), name="overview"),
    path("dashboard/matrix/", views.MatrixView.as_view(), name="matrix"),
    path("downloads/", views.DownloadView.as_view(), name="downloads"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/states/<slug:slug>/", views.StateReportView.as_view(), name="state_report"),
    path(
        "reports/states/<slug:slug>.<str:format>",
        views.StateReportView.as_view(),
        name="state_report_file",
    ),
    path(
        "reports/resolutions/<int:pk>/",
        views.ResolutionReportView.as_view(),
        name="resolution_report",
    ),
    path(
        "reports/resolutions/<int:pk>.<str:format>",
        views.ResolutionReportView.as_view(),
        name="resolution_report_file",
    ),
    path("reports/topics/<slug:slug>/", views.TopicReportView.as_view(), name="topic_report"),
    path(
        "reports/topics/<slug:slug>.<str:format>",
        views.TopicReportView.as_view(),
        name="topic_report_file",
    ),
]
