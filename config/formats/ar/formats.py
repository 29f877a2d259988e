"""Arabic: Django's dates, and the date with the time, which Django leaves to English's."""

from django.conf.locale.ar.formats import *  # noqa: F403

DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
