import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from states.choices import ImplementationStatus as Status
from states.models import State
from tests.factories.commitments import CommitmentFactory
from tests.factories.states import ProgressEntryFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """The .mo files, compiled from the catalogs when a .po is newer (as make does)."""
    for po in sorted(settings.LOCALE_PATHS[0].glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            call_command("compilemessages", locale=[po.parent.parent.name], verbosity=0)


@pytest.fixture
def kenya():
    State.objects.filter(iso3="KEN").update(un_member_since=datetime.date(1963, 12, 16))
    return State.objects.get(iso3="KEN")


@pytest.fixture
def approved(kenya):
    """An approved entry on Kenya, on a commitment that names it."""
    reviewer = UserFactory(role="Reviewers")
    entry = ProgressEntryFactory(
        commitment=CommitmentFactory(named_states=["KEN"]),
        state=kenya,
        status=Status.PARTIAL,
        fact_date=datetime.date(2025, 3, 1),
    )
    entry.transition("submit", entry.created_by)
    entry.transition("approve", reviewer)
    return entry
