from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("", views.FollowingListView.as_view(), name="list"),
    path("<slug:kind>/<int:pk>/", views.FollowView.as_view(), name="follow"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
