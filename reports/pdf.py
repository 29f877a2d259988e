"""HTML to PDF with WeasyPrint, using the same template and print stylesheet as the print view."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_STYLESHEET = "css/print.css"


def render_pdf(template_name: str, context: dict, request) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only PDF requests need.
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, {**context, "pdf": True}, request=request)
    stylesheet = CSS(filename=finders.find(PRINT_STYLESHEET))
    base_url = request.build_absolute_uri("/")
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet])
