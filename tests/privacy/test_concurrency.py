"""Two superusers erasing each other at the same moment, on real concurrent connections."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from privacy.models import ErasureRecord
from privacy.personal_data import ErasureRefused, erase_user
from tests.factories.states import UserFactory
from tests.states.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_it_never_erases_both_of_the_last_two_superusers():
    first = UserFactory(username="first-root", is_superuser=True)
    second = UserFactory(username="second-root", is_superuser=True)

    outcomes = run_together(
        lambda: erase_user(first, by=second), lambda: erase_user(second, by=first)
    )

    refusals = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(refusals) == 1, outcomes
    assert isinstance(refusals[0], ErasureRefused | PermissionDenied)
    assert ErasureRecord.objects.count() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.is_active, second.is_active].count(True) == 1
