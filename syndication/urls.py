from django.urls import path

from . import calendars, feeds, views

app_name = "syndication"

urlpatterns = [
    path("feeds/progress/", feeds.ProgressFeed(), name="progress"),
    path("feeds/states/<slug:slug>/", feeds.StateProgressFeed(), name="state"),
    path("feeds/resolutions/<int:pk>/", feeds.ResolutionProgressFeed(), name="resolution"),
    path("feeds/topics/<slug:slug>/", feeds.TopicProgressFeed(), name="topic"),
    path(
        "feeds/reporting-requests.ics",
        calendars.ReportingRequestCalendarView.as_view(),
        name="reporting_requests_calendar",
    ),
    path("embed/states/<str:iso3>/", views.StateEmbedView.as_view(), name="embed_state"),
    path(
        "embed/commitments/<int:pk>/", views.CommitmentEmbedView.as_view(), name="embed_commitment"
    ),
]
