from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.ResolutionListView.as_view(), name="resolution_list"),
    path("import/", views.ResolutionImportView.as_view(), name="resolution_import"),
    path("<int:pk>/", views.ResolutionDetailView.as_view(), name="resolution_detail"),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment_detail"),
]
