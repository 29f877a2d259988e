from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
]
