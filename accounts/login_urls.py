"""
/accounts/login/ under Django's own URL name "login": included before django.contrib.auth's
URLs, so every link to the login page leads to the two-step sign-in.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
]
