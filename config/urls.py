from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

admin.site.site_header = "Commitment Tracker administration"
admin.site.site_title = "Commitment Tracker"

urlpatterns = [
    path("", include("reports.home_urls")),  # the home page ("home") and the sign-in landing
    path("resolutions/", include("commitments.urls")),
    path("", include("states.urls")),
    path("", include("reports.urls")),
    path("search/", include("search.urls")),
    path("jobs/", include("jobs.urls")),
    path("api/", include("api.urls")),
    path("", include("syndication.urls")),
    path("privacy/", include("privacy.urls")),
    path("following/", include("following.urls")),
    path("accounts/", include("accounts.login_urls")),  # the two-step login, before Django's
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # The words the site's scripts show, in the reader's language (static/js/entry-form.js).
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
]

# JSON errors under /api/, the site's own pages elsewhere.
handler400 = "api.exceptions.bad_request"
handler403 = "api.exceptions.permission_denied"
handler404 = "api.exceptions.page_not_found"
handler500 = "api.exceptions.server_error"
