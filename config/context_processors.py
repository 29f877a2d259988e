from django.conf import settings


def site(request):
    """Expose the site name to every template (the base layout's header and title)."""
    return {"SITE_NAME": settings.SITE_NAME}
