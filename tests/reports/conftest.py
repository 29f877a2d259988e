import pytest

from states.factories import UserFactory


@pytest.fixture
def reviewer():
    return UserFactory(role="Reviewers")


@pytest.fixture
def approve(reviewer):
    """Take an entry through submission and approval, as the workflow requires."""

    def approve(entry):
        entry.transition("submit", entry.created_by)
        entry.transition("approve", reviewer)
        return entry

    return approve
