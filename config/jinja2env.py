"""The Jinja2 environment: templates translated with Django's catalogs ({% trans %}, _())."""

from django.utils import translation
from jinja2 import Environment


def environment(**options):
    env = Environment(**{"extensions": ["jinja2.ext.i18n"], **options})
    # Django's gettext, so that Jinja2 fragments read the same catalogs and active language.
    env.install_gettext_translations(translation, newstyle=True)
    return env
