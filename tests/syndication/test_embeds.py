"""Status cards other sites may frame: approved data only, no cookies, no scripts."""

import pytest
from django.urls import reverse

from tests.factories.states import UserFactory

pytestmark = pytest.mark.django_db


def test_it_shows_a_state_card_of_approved_progress(client, entry_on):
    entry_on("Step one.", day=2)
    entry_on("A draft.", approve=False)

    response = client.get(reverse("syndication:embed_state", args=["ken"]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Kenya</h1>" in content
    assert '<span class="count">1</span> in progress' in content
    assert "<strong>A/RES/65/190 OP 17</strong>: In progress (2 Mar 2026)" in content
    assert 'href="http://testserver/states/kenya/" target="_blank" rel="noopener"' in content
    assert "A draft." not in content


def test_it_shows_a_commitment_card(client, entry_on, commitment):
    entry_on("Step one.")

    content = client.get(reverse("syndication:embed_commitment", args=[commitment.pk])).content

    assert b"<h1>A/RES/65/190 OP 17</h1>" in content
    assert b"Calls upon all Governments to criminalize trafficking in persons;" in content
    assert b'<span class="count">1</span> in progress' in content


def test_a_card_without_approved_progress_says_so(client, commitment):
    content = client.get(reverse("syndication:embed_commitment", args=[commitment.pk])).content
    assert b"No approved progress yet." in content


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_card_may_be_framed_anywhere_and_sets_no_cookie_and_runs_no_script(
    client, commitment, signed_in
):
    if signed_in:
        client.force_login(UserFactory(role="Contributors"))

    for url in (
        reverse("syndication:embed_state", args=["KEN"]),
        reverse("syndication:embed_commitment", args=[commitment.pk]),
    ):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in policy
        assert "script-src 'none'" in policy
        assert not response.cookies
        assert b"<script" not in response.content
        assert b"<form" not in response.content


def test_every_other_page_still_refuses_to_be_framed(client):
    response = client.get(reverse("states:state_detail", args=["kenya"]))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_it_answers_an_unknown_card_with_not_found(client):
    assert client.get(reverse("syndication:embed_state", args=["XXX"])).status_code == 404
    assert client.get(reverse("syndication:embed_commitment", args=[999999])).status_code == 404


def test_it_reads_a_card_in_a_fixed_number_of_queries(client, entry_on, django_assert_num_queries):
    for day in range(1, 6):
        entry_on(f"Step {day}.", day=day)
    with django_assert_num_queries(3):  # the state, its status counts, its latest entries
        client.get(reverse("syndication:embed_state", args=["KEN"]))


def test_the_state_and_commitment_pages_offer_the_embed_code(client, commitment):
    state_page = client.get(reverse("states:state_detail", args=["kenya"])).content.decode()
    commitment_page = client.get(commitment.get_absolute_url()).content.decode()

    assert (
        '&lt;iframe src="http://testserver/embed/states/KEN/" title="Kenya" width="360" '
        'height="320" loading="lazy"&gt;&lt;/iframe&gt;'
    ) in state_page
    assert f'&lt;iframe src="http://testserver/embed/commitments/{commitment.pk}/"' in (
        commitment_page
    )
