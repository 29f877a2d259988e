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
        "44/…",
        None,
    }
