"""HTML to PDF with WeasyPrint, using the same template and print stylesheet as the print view."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_STYLESHEET = "css/print.css"


def render_pdf(template_name: str, context: dict, request=None, step=None) -> bytes:
    """
    The PDF of a template. Outside a request (a background job) the site's name and address
    come from the settings instead of the context processors and the request. `step`, if
    given, is called with a message as each stage begins (the page written, laid out, saved
    as PDF), for a job to show its reader how far it has got.
    """
    # Imported here: WeasyPrint loads Pango at import, which only PDF requests need.
    from weasyprint import CSS, HTML

    context = {**context, "pdf": True}
    if request is None:
        context.setdefault("SITE_NAME", settings.SITE_NAME)
        base_url = settings.SITE_URL + "/"
    else:
        base_url = request.build_absolute_uri("/")
    step = step or (lambda message: None)
    step("writing the report")
    html = render_to_string(template_name, context, request=request)
    step("laying out the pages")
    stylesheet = CSS(filename=finders.find(PRINT_STYLESHEET))
    document = HTML(string=html, base_url=base_url).render(stylesheets=[stylesheet])
    step(f"writing the PDF ({len(document.pages)} page{'s' if len(document.pages) != 1 else ''})")
    return document.write_pdf()
