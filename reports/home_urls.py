"""
The home page (`/`, Django's URL name "home", which sign-out and other redirects lead to) and
the landing address sign-in leads to (`LOGIN_REDIRECT_URL`): outside the reports namespace,
included from config/urls.py like the accounts' login URL.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("start/", views.LandingView.as_view(), name="landing"),
]
