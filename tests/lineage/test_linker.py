import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from commitments.choices import ActorKind, Strength
from commitments.lineage import linking as lineage
from commitments.lineage.linking import (
    SCORE_THRESHOLD,
    LinkOutcome,
    link_all,
    link_resolution,
    link_resolutions,
)
from commitments.models import CommitmentLink
from tests.factories.commitments import ActorFactory
from tests.factories.states import UserFactory

from .conftest import CRIMINALIZE, NON_PUNISHMENT, TRUST_FUND

pytestmark = pytest.mark.django_db

Status = CommitmentLink.Status


def pairs():
    return set(CommitmentLink.objects.values_list("earlier_id", "later_id"))


def test_it_links_an_ask_to_the_same_ask_of_an_earlier_resolution(make_resolution, make_ask):
    old = make_ask(make_resolution("2010-12-21"), CRIMINALIZE)
    make_ask(old.resolution, TRUST_FUND, verb="Invites")
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE.replace("all Governments", "States"))

    outcome = link_resolution(new.resolution)

    link = CommitmentLink.objects.get()
    assert (link.earlier, link.later, link.status) == (old, new, Status.SUGGESTED)
    assert SCORE_THRESHOLD <= link.score <= 1
    assert outcome.created == 1


def test_it_orders_by_adoption_date_whichever_resolution_is_imported_first(
    make_resolution, make_ask
):
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    old = make_ask(make_resolution("2010-12-21"), CRIMINALIZE)

    link_resolution(old.resolution)

    assert pairs() == {(old.pk, new.pk)}


def test_it_takes_an_undated_draft_as_the_newest_resolution(make_resolution, make_ask):
    draft = make_ask(make_resolution(None), CRIMINALIZE)
    adopted = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)

    link_resolution(draft.resolution)

    assert pairs() == {(adopted.pk, draft.pk)}


def test_it_does_not_link_resolutions_it_cannot_order(make_resolution, make_ask):
    first = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    same_day = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    draft = make_ask(make_resolution(None), CRIMINALIZE)
    other_draft = make_ask(make_resolution(None), CRIMINALIZE)

    link_all()

    # Each draft follows both dated resolutions; same-day ones and two drafts stay apart.
    assert pairs() == {
        (first.pk, draft.pk),
        (same_day.pk, draft.pk),
        (first.pk, other_draft.pk),
        (same_day.pk, other_draft.pk),
    }


def test_it_does_not_link_different_asks(make_resolution, make_ask):
    make_ask(make_resolution("2010-12-21"), TRUST_FUND, verb="Invites")
    new = make_ask(make_resolution("2016-06-30"), NON_PUNISHMENT, verb="Urges")

    link_resolution(new.resolution)

    assert not CommitmentLink.objects.exists()


def test_it_compares_only_asks_addressed_to_the_same_kind_of_actor(make_resolution, make_ask):
    secretariat = [ActorFactory(name="Secretary-General", kind=ActorKind.UN_SYSTEM)]
    make_ask(make_resolution("2010-12-21"), CRIMINALIZE, actors=secretariat)
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)

    link_resolution(new.resolution)

    assert not CommitmentLink.objects.exists()


def test_it_matches_two_resolutions_one_to_one(make_resolution, make_ask):
    old_resolution, new_resolution = make_resolution("2010-12-21"), make_resolution("2016-06-30")
    old_criminalize = make_ask(old_resolution, CRIMINALIZE)
    old_punishment = make_ask(old_resolution, NON_PUNISHMENT, verb="Urges")
    new_criminalize = make_ask(new_resolution, CRIMINALIZE)
    new_punishment = make_ask(new_resolution, NON_PUNISHMENT, verb="Urges")
    repeated = make_ask(new_resolution, CRIMINALIZE.replace("all Governments", "Governments"))

    link_resolution(new_resolution)

    assert pairs() == {
        (old_criminalize.pk, new_criminalize.pk),
        (old_punishment.pk, new_punishment.pk),
    }
    assert not CommitmentLink.objects.filter(later=repeated).exists()


def test_it_skips_a_chapeau_whose_items_carry_the_asks(make_resolution, make_ask):
    old = make_ask(make_resolution("2010-12-21"), "Urges all Member States:", verb="Urges")
    item = make_ask(old.resolution, "To criminalize trafficking in persons;", verb="Urges")
    item.paragraph.parent = old.paragraph
    item.paragraph.save()
    new = make_ask(make_resolution("2016-06-30"), "Urges all States:", verb="Urges")

    link_resolution(new.resolution)

    assert not CommitmentLink.objects.filter(earlier=old).exists()


def test_it_changes_nothing_when_run_again(make_resolution, make_ask):
    make_ask(make_resolution("2010-12-21"), CRIMINALIZE)
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    link_resolution(new.resolution)
    before = list(CommitmentLink.objects.values("pk", "score", "kind", "updated"))

    outcome = link_resolution(new.resolution)

    assert (outcome.created, outcome.updated, outcome.removed, outcome.unchanged) == (0, 0, 0, 1)
    assert list(CommitmentLink.objects.values("pk", "score", "kind", "updated")) == before


def test_it_never_touches_a_link_a_reviewer_decided(make_resolution, make_ask):
    old = make_ask(make_resolution("2010-12-21"), CRIMINALIZE)
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    link_resolution(new.resolution)
    link = CommitmentLink.objects.get()
    reviewer = UserFactory(role="Reviewers")
    link.decide(Status.CONFIRMED, reviewer, timezone.now())
    # The later text is corrected into another ask altogether.
    new.paragraph.text = TRUST_FUND
    new.paragraph.save()

    outcome = call_command_quietly("link_commitments", "--rebuild")

    link.refresh_from_db()
    assert (link.status, link.score, link.kind, link.decided_by) == (
        Status.CONFIRMED,
        1.0,
        CommitmentLink.Kind.RENEWED,
        reviewer,
    )
    assert "1 decided by reviewers" in outcome
    assert CommitmentLink.objects.get().pk == link.pk
    assert old.later_links.get() == link


def test_it_never_suggests_a_rejected_link_again(make_resolution, make_ask):
    old_resolution = make_resolution("2010-12-21")
    best = make_ask(old_resolution, CRIMINALIZE)
    runner_up = make_ask(old_resolution, CRIMINALIZE.replace(", and to bring", "; to bring"))
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    link_resolution(new.resolution)
    suggested = CommitmentLink.objects.get()
    assert suggested.earlier == best
    suggested.decide(Status.REJECTED, UserFactory(role="Reviewers"), timezone.now())

    link_resolution(new.resolution)

    # The rejected pair stays rejected, and the next best candidate takes its place.
    assert set(CommitmentLink.objects.values_list("earlier_id", "status")) == {
        (best.pk, Status.REJECTED),
        (runner_up.pk, Status.SUGGESTED),
    }


def test_it_removes_suggestions_for_an_ask_no_longer_tracked(make_resolution, make_ask):
    make_ask(make_resolution("2010-12-21"), CRIMINALIZE)
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    link_resolution(new.resolution)
    new.retired = True
    new.save()

    outcome = link_resolution(new.resolution)

    assert outcome.removed == 1
    assert not CommitmentLink.objects.exists()


def test_it_updates_a_suggestion_when_the_wording_changes(make_resolution, make_ask):
    make_ask(
        make_resolution("2010-12-21"),
        CRIMINALIZE.replace("Calls upon", "Encourages"),
        verb="Encourages",
        strength=Strength.MODERATE,
    )
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    link_resolution(new.resolution)
    assert CommitmentLink.objects.get().kind == CommitmentLink.Kind.STRENGTHENED
    new.strength = Strength.MODERATE
    new.save()

    outcome = link_resolution(new.resolution)

    assert outcome.updated == 1
    assert CommitmentLink.objects.get().kind == CommitmentLink.Kind.RENEWED


def test_it_links_a_resolution_in_a_constant_number_of_queries(
    make_resolution, make_ask, django_assert_max_num_queries
):
    def build(count, year):
        for offset in range(count):
            resolution = make_resolution(f"{year + offset}-01-01")
            make_ask(resolution, CRIMINALIZE)
            make_ask(resolution, NON_PUNISHMENT, verb="Urges")

    new = make_ask(make_resolution(None), CRIMINALIZE)
    build(2, 2000)
    with django_assert_max_num_queries(20) as small:
        link_resolution(new.resolution)
    build(8, 2010)
    with django_assert_max_num_queries(20) as large:
        link_resolution(new.resolution)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert CommitmentLink.objects.filter(later=new).count() == 10


def links():
    return sorted(CommitmentLink.objects.values_list("earlier_id", "later_id", "score", "kind"))


def test_it_links_several_resolutions_at_once_as_it_links_each_in_turn(make_resolution, make_ask):
    old = make_resolution("2006-07-27")
    old_criminalize = make_ask(old, CRIMINALIZE)
    make_ask(old, NON_PUNISHMENT, verb="Urges")
    make_ask(old, TRUST_FUND, verb="Invites")
    batch = [make_resolution("2010-12-21"), make_resolution("2016-06-30"), make_resolution(None)]
    for number, resolution in enumerate(batch):
        criminalize = make_ask(resolution, CRIMINALIZE.replace("all Governments", "States"))
        make_ask(resolution, NON_PUNISHMENT.replace("Governments", "Member States"), verb="Urges")
        if number:
            make_ask(resolution, TRUST_FUND.replace("Invites", "Urges"), verb="Urges")
    for resolution in batch:
        link_resolution(resolution)
    one_by_one = links()
    CommitmentLink.objects.all().delete()

    outcome = link_resolutions(batch)

    assert links() == one_by_one
    assert outcome.created == len(one_by_one) >= 10
    # e.g. the draft (undated: the newest) takes up the old resolution's ask
    assert (old_criminalize.pk, criminalize.pk) in {(link[0], link[1]) for link in one_by_one}


def test_it_links_nothing_when_given_no_resolutions(django_assert_num_queries):
    with django_assert_num_queries(0):
        outcome = link_resolutions([])

    assert outcome == LinkOutcome()


def test_it_stores_a_suggestion_with_its_dates(make_resolution, make_ask):
    make_ask(make_resolution("2010-12-21"), CRIMINALIZE)
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    before = timezone.now()

    link_resolution(new.resolution)

    link = CommitmentLink.objects.get()
    assert (link.status, link.kind, link.score) == (
        Status.SUGGESTED,
        CommitmentLink.Kind.RENEWED,
        1.0,
    )
    assert link.created == link.updated
    assert before - datetime.timedelta(seconds=1) <= link.created <= timezone.now()
    assert link.decided_at is None and link.decided_by is None


def test_it_keeps_the_suggestion_a_concurrent_import_stored_first(make_resolution, make_ask):
    old = make_ask(make_resolution("2010-12-21"), CRIMINALIZE)
    new = make_ask(make_resolution("2016-06-30"), CRIMINALIZE)
    other = make_ask(new.resolution, TRUST_FUND, verb="Invites")
    first = CommitmentLink.objects.create(earlier=old, later=new, score=0.9, kind="reworded")

    lineage._insert_suggestions(
        [
            (old.pk, new.pk, 0.5, CommitmentLink.Kind.RENEWED, {"rule": "wording"}),
            (old.pk, other.pk, 0.4, "narrowed", {"rule": "wording"}),
        ],
        timezone.now(),
    )

    assert links() == [(old.pk, new.pk, 0.9, "reworded"), (old.pk, other.pk, 0.4, "narrowed")]
    assert CommitmentLink.objects.get(later=new).pk == first.pk


def call_command_quietly(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
