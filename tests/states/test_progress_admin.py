import pytest
from django.urls import reverse

from tests.factories.states import ProgressEntryFactory

pytestmark = pytest.mark.django_db


def test_it_lists_entries_and_their_history_in_the_admin(admin_client):
    entry = ProgressEntryFactory(summary="Parliament adopted the anti-trafficking act.")
    entry.edit(entry.created_by, summary="Parliament adopted the anti-trafficking act in 2021.")

    listing = admin_client.get(
        reverse("admin:states_progressentry_changelist"), {"q": "Parliament"}
    )
    history = admin_client.get(reverse("admin:states_progressentry_history", args=[entry.pk]))

    assert entry.state.name in listing.content.decode()
    content = history.content.decode()
    assert entry.history.count() == 2
    assert entry.created_by.username in content
    assert "in 2021" in content
