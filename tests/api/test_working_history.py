"""
An approved entry's working history through the API: the reviewer's comment is for the
reporting organization and the reviewers, in an entry and in a list; drafts and evidence
removed before approval are nobody's there, and exports (documents meant to be passed on)
carry no review comment at all.
"""

import pytest

from tests.api.matrix import sign_in
from tests.confidential import page_text
from tests.permissions import Cast
from tests.working_history import (
    APPROVAL_COMMENT,
    NOBODY,
    approved_after_changes,
    check_working_history,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


@pytest.mark.parametrize("path", ["/api/v1/entries/{pk}/", "/api/v1/entries/?ordering=-id"])
def test_it_gives_the_review_comment_to_the_organization_and_reviewers_only(api, cast, path):
    entry = approved_after_changes(cast)
    url = path.format(pk=entry.pk)

    check_working_history(
        api,
        cast,
        lambda api: page_text(api.get(url)),
        working=(APPROVAL_COMMENT,),
        sign_in=sign_in,
    )


@pytest.mark.parametrize("path", ["/api/v1/exports/entries.csv", "/api/v1/exports/entries.jsonl"])
def test_it_exports_no_working_history_for_anyone(api, cast, path):
    approved_after_changes(cast)

    check_working_history(api, cast, lambda api: page_text(api.get(path)), NOBODY, sign_in=sign_in)
