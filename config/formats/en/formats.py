"""
English reads dates and numbers as in the United Kingdom (7 Dec 2026, 1,234). The pages ask
for dates by these names, so that each language writes them its own way.
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
