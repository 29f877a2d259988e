from django.urls import path

from . import feeds, views

app_name = "syndication"

urlpatterns = [
    path("feeds/progress/", feeds.ProgressFeed(), name="progress"),
    path("feeds/states/<slug:slug>/", feeds.StateProgressFeed(), name="state"),
    path("feeds/resolutions/<int:pk>/", feeds.ResolutionProgressFeed(), name="resolution"),
    path("feeds/topics/<slug:slug>/", feeds.TopicProgressFeed(), name="topic"),
    path("embed/states/<str:iso3>/", views.StateEmbedView.as_view(), name="embed_state"),
    path(
        "embed/commitments/<int:pk>/", views.CommitmentEmbedView.as_view(), name="embed_commitment"
    ),
]
