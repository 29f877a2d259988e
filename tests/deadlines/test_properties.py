"""Over generated text the deadline reader never raises and its phrases are the paragraph's."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.parsing.reporting import ResolutionContext, find_reporting_requests

SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
PIECES = [
    "Requests the Secretary-General",
    "Decides",
    "to submit",
    "to report",
    "a report",
    "to the General Assembly",
    "to the Commission on the Status of Women",
    "at its",
    "next",
    "sixty-seventh",
    "hundred and first",
    "999th",
    "special",
    "session",
    "sessions",
    "of 2008",
    "by 31 February 2012",
    "by 29 February 2012",
    "in 2019",
    "within 9999 years",
    "within a year",
    "for a period of three years",
    "to extend the mandate of the Special Rapporteur",
    "to continue consideration of the matter",
    "remain seized",
    "and",
    ",",
    ";",
    ".",
    "(a)",
    "Takes note of the report submitted",
]
CONTEXTS = st.builds(
    ResolutionContext,
    st.sampled_from([None, "General Assembly", "Human Rights Council", "Security Council"]),
    st.one_of(st.none(), st.integers(min_value=0, max_value=1000)),
    st.one_of(st.none(), st.dates(datetime.date(1946, 1, 1), datetime.date(9000, 12, 31))),
)


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join), CONTEXTS)
def test_it_never_raises_and_quotes_the_text(text, context):
    for request in find_reporting_requests(text, context):
        assert text[request.start : request.end] == request.text
        assert request.is_estimate <= (request.due is not None)


@SETTINGS
@given(st.text(max_size=400), CONTEXTS)
def test_it_never_raises_on_any_text(text, context):
    find_reporting_requests(text, context)
