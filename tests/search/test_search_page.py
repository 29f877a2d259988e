"""
The search page, on whichever database the suite runs: PostgreSQL's full-text search there,
the fallback on SQLite. Both must find the same things in these tests.
"""

import datetime

import pytest
from django.utils import timezone

from commitments.choices import Body
from commitments.models import Topic
from states.choices import WorkflowState
from tests.factories.commitments import CommitmentFactory, ResolutionFactory
from tests.factories.states import ProgressEntryFactory
from tests.permissions import Cast

from .conftest import SEARCH_URL, labels, search

pytestmark = pytest.mark.django_db


def tab_counts(response):
    return {tab["kind"]: tab["count"] for tab in response.context["tabs"]}


def pks(response):
    return {row.pk for row in response.context["results"]}


def test_it_finds_the_non_punishment_principle_in_several_resolutions(client, seeds):
    response = search(client, "non-punishment")

    assert response.status_code == 200
    assert response.context["kind"] == "commitments"
    found = labels(response)
    # The paragraph naming the principle first, then those that protect victims "from
    # prosecution or punishment" in other words.
    assert found[0] == "44/… OP 1(c)"
    assert "A/HRC/RES/32/3 OP 14" in found
    assert len({label.split(" OP ")[0] for label in found}) >= 2
    assert "<mark>" in str(response.context["results"][0].snippets["text"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"non-punishment principle"', ["44/… OP 1(c)"]),
        (
            '"non-punishment principle" or "Voluntary Trust Fund"',
            ["44/… OP 1(c)", "44/… OP 11", "A/HRC/RES/32/3 OP 15", "A/RES/65/190 OP 32"],
        ),
    ],
)
def test_it_understands_phrases_and_or(client, seeds, query, expected):
    found = labels(search(client, query, kind="commitments"))

    assert sorted(found) == expected


def test_it_leaves_out_what_a_minus_excludes(client):
    adults = CommitmentFactory(paragraph__text="Urges States to open shelters for adults;")
    CommitmentFactory(paragraph__text="Urges States to open shelters for children;")

    response = search(client, "shelters -children", kind="commitments")

    assert pks(response) == {adults.pk}


def test_it_finds_either_alternative_of_or(client):
    shelters = CommitmentFactory(paragraph__text="Urges States to fund shelters;")
    hotlines = CommitmentFactory(paragraph__text="Urges States to open hotlines;")
    CommitmentFactory(paragraph__text="Urges States to train judges;")

    response = search(client, "shelters or hotlines", kind="commitments")

    assert pks(response) == {shelters.pk, hotlines.pk}


def test_it_keeps_a_hyphenated_name_whole(client, seeds):
    response = search(client, "Secretary-General", kind="commitments")

    found = response.context["results"]
    assert found
    assert all("secretary-general" in c.paragraph.text.lower() for c in found)


def test_it_finds_resolutions_by_title_and_by_symbol(client):
    wanted = ResolutionFactory(symbol="A/RES/65/190", title="Trafficking in women and girls")
    ResolutionFactory(symbol="A/RES/64/293", title="Global Plan of Action")

    for query in ("65/190", "A/RES/65/190", "women girls", "trafficking"):
        response = search(client, query, kind="resolutions")
        assert pks(response) == {wanted.pk}, query
    assert "<mark>" in str(search(client, "girls").context["results"][0].snippets["title"])


def test_it_opens_the_first_kind_with_results_and_counts_every_kind(client, approve):
    commitment = CommitmentFactory(paragraph__text="Urges States to fund shelters for victims;")
    approve(ProgressEntryFactory(commitment=commitment, summary="Two shelters opened in 2023."))

    response = search(client, "shelters")

    assert tab_counts(response) == {"resolutions": 0, "commitments": 1, "evidence": 1}
    assert response.context["kind"] == "commitments"
    assert pks(response) == {commitment.pk}
    evidence_tab = search(client, "shelters", kind="evidence")
    assert evidence_tab.context["kind"] == "evidence"
    assert [row.commitment_id for row in evidence_tab.context["results"]] == [commitment.pk]


def test_it_applies_the_body_year_and_topic_filters_to_every_kind(client, approve):
    criminalization = Topic.objects.get(slug="criminalization")  # under Prosecution
    ga = ResolutionFactory(
        body=Body.GENERAL_ASSEMBLY, adopted_on=datetime.date(2010, 12, 21), title="Shelters"
    )
    hrc = ResolutionFactory(
        body=Body.HUMAN_RIGHTS_COUNCIL, adopted_on=datetime.date(2016, 6, 30), title="Shelters"
    )
    on_ga = CommitmentFactory(
        paragraph__resolution=ga, paragraph__text="Urges shelters;", topics=[criminalization]
    )
    on_hrc = CommitmentFactory(paragraph__resolution=hrc, paragraph__text="Invites shelters;")
    entry_ga = approve(ProgressEntryFactory(commitment=on_ga, summary="Shelters opened."))
    entry_hrc = approve(ProgressEntryFactory(commitment=on_hrc, summary="Shelters closed."))
    prosecution = Topic.objects.get(slug="prosecution")

    def found(**filters):
        return {
            kind: pks(search(client, "shelters", kind=kind, **filters))
            for kind in ("resolutions", "commitments", "evidence")
        }

    everything = {
        "resolutions": {ga.pk, hrc.pk},
        "commitments": {on_ga.pk, on_hrc.pk},
        "evidence": {entry_ga.pk, entry_hrc.pk},
    }
    only_ga = {"resolutions": {ga.pk}, "commitments": {on_ga.pk}, "evidence": {entry_ga.pk}}
    only_hrc = {"resolutions": {hrc.pk}, "commitments": {on_hrc.pk}, "evidence": {entry_hrc.pk}}
    assert found() == everything
    assert found(body=Body.GENERAL_ASSEMBLY) == only_ga
    assert found(year=2016) == only_hrc
    assert found(topic=prosecution.pk) == only_ga


def test_it_shows_only_the_progress_each_user_may_see(client):
    cast = Cast()
    approved = cast.entry(WorkflowState.APPROVED, summary="Shelter law adopted.")
    submitted = cast.entry(WorkflowState.SUBMITTED, summary="Shelter law in committee.")
    draft = cast.entry(WorkflowState.DRAFT, summary="Shelter law drafted.")
    draft.add_evidence(cast["member"], citation="Gazette 12", description="Shelter decree text")
    expected = {
        "anonymous": {approved.pk},
        "outsider": {approved.pk},
        "reviewer": {approved.pk, submitted.pk},
        "member": {approved.pk, submitted.pk, draft.pk},
    }

    for actor, visible in expected.items():
        client.logout()
        if cast[actor]:
            client.force_login(cast[actor])
        response = search(client, "shelter", kind="evidence")
        assert pks(response) == visible, actor
        assert tab_counts(response)["evidence"] == len(visible), actor
        by_decree = search(client, "decree", kind="evidence")
        assert pks(by_decree) == (visible & {draft.pk}), actor


def test_it_finds_an_entry_by_its_evidence_but_not_by_removed_evidence(client, approve):
    entry = ProgressEntryFactory(summary="The ministry reported progress.")
    author = entry.created_by
    entry.add_evidence(author, citation="Official Gazette No. 45", description="Anti-slavery act")
    removed = entry.add_evidence(author, citation="Press release", description="Caravan visit")
    entry.remove_evidence(author, removed)
    approve(entry)

    response = search(client, "gazette", kind="evidence")

    assert pks(response) == {entry.pk}
    (row,) = response.context["results"]
    (item,) = row.matching_evidence
    assert "<mark>Gazette</mark>" in str(item.snippets["citation"])
    assert b"<mark>Gazette</mark>" in response.content
    assert pks(search(client, "caravan", kind="evidence")) == set()


def test_it_never_renders_user_text_unescaped(client, approve):
    entry = ProgressEntryFactory(summary='<script>alert("shelter")</script> Shelter opened.')
    entry.add_evidence(
        entry.created_by, citation="<img src=x onerror=alert(1)> shelter", description="x"
    )
    approve(entry)
    CommitmentFactory(paragraph__text="Urges <b onmouseover=alert(2)>shelter</b> funding;")

    for kind in ("evidence", "commitments"):
        response = search(client, "shelter", kind=kind)

        content = response.content.decode()
        assert pks(response), kind
        assert "<script>alert" not in content
        assert "<img src=x" not in content
        assert "<b onmouseover" not in content
    # What is shown of the text is escaped (PostgreSQL's headline may leave out what looks
    # like a tag, the fallback shows it all).
    evidence_page = search(client, "shelter", kind="evidence").content.decode()
    assert "onerror=alert(1)&gt; <mark>shelter</mark>" in evidence_page


def test_it_paginates_one_kind_at_a_time(client):
    resolution = ResolutionFactory()
    made = {
        CommitmentFactory(
            paragraph__resolution=resolution,
            paragraph__position=n,
            paragraph__number=str(n),
            paragraph__text=f"Urges shelters number {n};",
        ).pk
        for n in range(1, 26)
    }

    first = search(client, "shelters", kind="commitments")
    second = search(client, "shelters", kind="commitments", page=2)

    assert first.context["paginator"].count == 25
    assert len(first.context["results"]) == 20
    assert second.context["page_obj"].number == 2
    assert pks(first) | pks(second) == made
    assert not pks(first) & pks(second)
    assert b"kind=commitments&amp;page=2" in first.content


def test_it_asks_for_words_before_searching(client):
    response = client.get(SEARCH_URL)

    assert response.status_code == 200
    assert response.context["searched"] is False
    assert b"Put a phrase in" in response.content
    assert search(client, "-trafficking").context["searched"] is False


def test_it_reports_invalid_filters_instead_of_searching(client):
    response = search(client, "shelters", year="not a year")

    assert response.context["searched"] is False
    assert b"Some filters are not valid" in response.content


@pytest.mark.parametrize("year", ["0", "-1", "99999", str(10**30), "abc"])
def test_it_refuses_a_year_outside_the_calendar_of_resolutions(client, year):
    CommitmentFactory(paragraph__text="Urges States to open shelters;")

    response = search(client, "shelters", year=year)

    next_year = timezone.localdate().year + 1
    assert response.status_code == 200
    assert response.context["searched"] is False
    assert f"Enter a year from 1945 to {next_year}.".encode() in response.content


@pytest.mark.parametrize(
    ("kind", "limit"),
    # Counts of the three kinds, the open tab's page, the topics and the States of the filter
    # form; for progress, the matching evidence of the page's entries.
    [("resolutions", 6), ("commitments", 6), ("evidence", 7)],
)
def test_it_reads_a_constant_number_of_queries(
    client, approve, django_assert_max_num_queries, kind, limit
):
    def build(count):
        for _ in range(count):
            commitment = CommitmentFactory(
                paragraph__resolution=ResolutionFactory(title="Shelters for survivors"),
                paragraph__text="Urges States to fund shelters;",
            )
            entry = ProgressEntryFactory(commitment=commitment, summary="Shelters opened.")
            entry.add_evidence(entry.created_by, citation="Shelters census")
            approve(entry)

    def measure():
        with django_assert_max_num_queries(limit) as captured:
            response = search(client, "shelters", kind=kind)
        assert response.status_code == 200
        return len(captured.captured_queries), len(response.context["results"])

    build(1)
    small, shown_small = measure()
    build(6)
    large, shown_large = measure()

    assert (shown_small, shown_large) == (1, 7)
    assert small == large == limit
