"""HTML to PDF with WeasyPrint, using the same template and print stylesheet as the print view."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_STYLESHEET = "css/print.css"


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """
    The PDF of a template. Outside a request (a background job) the site's name and address
    come from the settings instead of the context processors and the request.
    """
    # Imported here: WeasyPrint loads Pango at import, which only PDF requests need.
    from weasyprint import CSS, HTML

    context = {**context, "pdf": True}
    if request is None:
        context.setdefault("SITE_NAME", settings.SITE_NAME)
        base_url = settings.SITE_URL + "/"
    else:
        base_url = request.build_absolute_uri("/")
    html = render_to_string(template_name, context, request=request)
    stylesheet = CSS(filename=finders.find(PRINT_STYLESHEET))
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet])
