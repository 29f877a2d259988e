from django.urls import path

from . import import_views, views

app_name = "states"

urlpatterns = [
    path("progress/", views.DashboardView.as_view(), name="dashboard"),
    path("progress/new/", views.EntryCreateView.as_view(), name="entry_create"),
    path("progress/import/", import_views.ProgressImportView.as_view(), name="import"),
    path(
        "progress/import/confirm/",
        import_views.ProgressImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "progress/import/template/<slug:slug>/",
        import_views.ProgressImportTemplateView.as_view(),
        name="import_template",
    ),
    path("progress/review/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("progress/commitments/", views.CommitmentChoicesView.as_view(), name="commitment_choices"),
    path(
        "progress/commitments/<int:pk>/quote/",
        views.CommitmentQuoteView.as_view(),
        name="commitment_quote",
    ),
    path("progress/<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("progress/<int:pk>/edit/", views.EntryEditView.as_view(), name="entry_edit"),
    path(
        "progress/<int:pk>/<slug:action>/",
        views.EntryTransitionView.as_view(),
        name="entry_transition",
    ),
    path("evidence/<int:pk>/download/", views.EvidenceFileView.as_view(), name="evidence_file"),
    path(
        "evidence/<int:pk>/confidential/",
        views.EvidenceConfidentialityView.as_view(),
        name="evidence_confidentiality",
    ),
    path("states/", views.StateListView.as_view(), name="state_list"),
    path("states/<slug:slug>/", views.StateDetailView.as_view(), name="state_detail"),
]
