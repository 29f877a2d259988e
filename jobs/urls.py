from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<int:pk>/download/", views.JobDownloadView.as_view(), name="download"),
    path("<int:pk>/retry/", views.JobRetryView.as_view(), name="retry"),
    path("report/", views.ReportJobView.as_view(), name="report"),
    path("import/", views.BatchImportView.as_view(), name="batch_import"),
    path("export/", views.ExportJobView.as_view(), name="export"),
    path("data-download/", views.DataDownloadJobView.as_view(), name="data_download"),
    path("progress-import/", views.ProgressImportJobView.as_view(), name="progress_import"),
]
