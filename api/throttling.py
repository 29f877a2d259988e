import hashlib
import hmac

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from .models import AnonymousRequestCount


class AnonymousRateThrottle(AnonRateThrottle):
    """
    Anonymous clients, counted by IP address, get REST_FRAMEWORK's "anon" rate (the
    API_ANON_RATE setting) in fixed windows of its period (60 a minute: at most 60 from
    12:00:00 to 12:00:59). The rate is read on each request rather than once at import, so a
    changed setting takes effect at once.

    The counts are kept in the database (`models.AnonymousRequestCount`), one count for all
    web processes and replicas, under a keyed hash of the address rather than the address
    itself.
    """

    retry_after = None

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None or self.get_cache_key(request, view) is None:
            return True  # no rate set, or a signed-in client
        now = int(self.timer())
        window_start = now - now % self.duration
        window_end = window_start + self.duration
        made = AnonymousRequestCount.objects.count_request(
            self.get_ident(request), window_start, window_end, now
        )
        self.retry_after = window_end - now
        return made <= self.num_requests

    def wait(self):
        return self.retry_after

    def get_ident(self, request):
        address = super().get_ident(request) or ""
        return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
