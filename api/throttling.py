from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """
    Anonymous clients, counted by IP address, get REST_FRAMEWORK's "anon" rate (the
    API_ANON_RATE setting). The rate is read on each request rather than once at import, so
    a changed setting takes effect at once.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
