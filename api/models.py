# The API's anonymous request counts are `reports.models.RequestCount` rows, shared with the
# PDF reports' rate (reports/ratelimit.py).
