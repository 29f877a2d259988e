"""English reads dates and numbers as in the United Kingdom (7 Dec 2026, 1,234)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
