"""The second sign-in step and the Account security pages, under /accounts/."""

from django.urls import path

from . import languages, views

app_name = "accounts"

urlpatterns = [
    path("language/", languages.set_language, name="set_language"),
    path("login/code/", views.LoginCodeView.as_view(), name="login_code"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/authenticator/start/", views.EnrolStartView.as_view(), name="enrol_start"),
    path("security/authenticator/", views.EnrolView.as_view(), name="enrol"),
    path("security/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("security/disable/", views.DisableView.as_view(), name="disable"),
]
