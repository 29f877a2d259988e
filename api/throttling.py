from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from reports import ratelimit


class AnonymousRateThrottle(AnonRateThrottle):
    """
    Anonymous clients, counted by IP address, get REST_FRAMEWORK's "anon" rate (the
    API_ANON_RATE setting) in fixed windows of its period (60 a minute: at most 60 from
    12:00:00 to 12:00:59). The rate is read on each request rather than once at import, so a
    changed setting takes effect at once.

    The counts are kept in the database (`reports/ratelimit.py`, shared with the PDF reports'
    rate), one count for all web processes and replicas, under a keyed hash of the address
    rather than the address itself.
    """

    SCOPE = "api-anonymous"
    retry_after = None

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None or self.get_cache_key(request, view) is None:
            return True  # no rate set, or a signed-in client
        verdict = ratelimit.count(
            self.SCOPE,
            self.get_ident(request),
            ratelimit.Rate(self.num_requests, self.duration),
            now=self.timer(),
        )
        self.retry_after = verdict.retry_after
        return verdict.allowed

    def wait(self):
        return self.retry_after

    def get_ident(self, request):
        return ratelimit.keyed_hash(super().get_ident(request) or "")
