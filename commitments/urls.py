from django.urls import path

from . import views
from .deadlines import views as deadline_views

app_name = "commitments"

urlpatterns = [
    path("", views.ResolutionListView.as_view(), name="resolution_list"),
    path("import/", views.ResolutionImportView.as_view(), name="resolution_import"),
    path("<int:pk>/", views.ResolutionDetailView.as_view(), name="resolution_detail"),
    path(
        "<int:pk>/texts/add/",
        views.ResolutionTextImportView.as_view(),
        name="resolution_text_import",
    ),
    path("<int:pk>/akn.xml", views.ResolutionAknView.as_view(), name="resolution_akn"),
    # The commitment page is composed by the reports app (reports/pages.py), at
    # resolutions/commitments/<pk>/.
    path("reminders/", deadline_views.ReminderListView.as_view(), name="reminder_list"),
    path(
        "reminders/<int:pk>/delete/",
        deadline_views.ReminderDeleteView.as_view(),
        name="reminder_delete",
    ),
    path(
        "requests/<int:pk>/close/",
        deadline_views.ReportingRequestCloseView.as_view(),
        name="reporting_request_close",
    ),
    path(
        "<int:pk>/reminders/",
        deadline_views.ResolutionReminderView.as_view(),
        name="resolution_reminder",
    ),
]
