import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from commitments.models import Commitment, Resolution

pytestmark = pytest.mark.django_db


def test_it_loads_the_five_seed_resolutions_and_a_demo_admin_once(capsys):
    call_command("load_demo_data")
    counts = (Resolution.objects.count(), Commitment.objects.count())

    call_command("load_demo_data")

    assert counts == (5, 160)
    assert (Resolution.objects.count(), Commitment.objects.count()) == counts
    assert "already imported; nothing changed" in capsys.readouterr().out
    assert get_user_model().objects.get(username="admin").check_password("demo-password")
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {
        "A/HRC/RES/14/2",
        "A/RES/65/190",
        "A/HRC/RES/32/3",
        "A/HRC/RES/44/4",
        "E/RES/2006/27",
    }


def test_it_shows_the_two_draft_seeds_corrected_with_their_history():
    call_command("load_demo_data")

    hrc = Resolution.objects.get(symbol="A/HRC/RES/44/4")
    ecosoc = Resolution.objects.get(symbol="E/RES/2006/27")
    assert (hrc.is_adopted, hrc.adopted_on, hrc.vote_note) == (
        True,
        datetime.date(2020, 7, 16),
        "without a vote",
    )
    assert (ecosoc.is_adopted, ecosoc.adopted_on) == (True, datetime.date(2006, 7, 27))
    # Each was imported as printed, then corrected by the demo administrator.
    for resolution, printed in ((hrc, "44/…"), (ecosoc, None)):
        corrected, imported = resolution.history.order_by("-history_id")
        assert imported.symbol == printed
        assert imported.is_adopted is False
        assert corrected.history_user.username == "admin"
        assert corrected.history_change_reason == "Adopted text checked against the official record"
    assert Resolution.objects.adopted().count() == 5
