from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.PersonalDataView.as_view(), name="personal_data"),
    path("export.json", views.ExportView.as_view(), name="export"),
    path("erase/", views.EraseView.as_view(), name="erase"),
]
