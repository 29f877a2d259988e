"""The second sign-in step and the Account security pages, under /accounts/."""

from django.urls import path

from . import languages, profile_views, views

app_name = "accounts"

urlpatterns = [
    path("language/", languages.set_language, name="set_language"),
    path("login/code/", views.LoginCodeView.as_view(), name="login_code"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/authenticator/start/", views.EnrolStartView.as_view(), name="enrol_start"),
    path("security/authenticator/", views.EnrolView.as_view(), name="enrol"),
    path("security/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("security/disable/", views.DisableView.as_view(), name="disable"),
    path("profile/", profile_views.ProfileView.as_view(), name="profile"),
    path(
        "profile/email/<str:token>/",
        profile_views.EmailConfirmView.as_view(),
        name="email_confirm",
    ),
    path("sessions/", profile_views.SessionListView.as_view(), name="sessions"),
    path("sessions/<int:pk>/end/", profile_views.SessionEndView.as_view(), name="session_end"),
    path(
        "sessions/end-others/",
        profile_views.OtherSessionsEndView.as_view(),
        name="other_sessions_end",
    ),
    path(
        "sessions/tokens/<str:key>/revoke/",
        profile_views.TokenRevokeView.as_view(),
        name="token_revoke",
    ),
]
