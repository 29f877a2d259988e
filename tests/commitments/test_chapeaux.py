"""
A chapeau, an operative paragraph that introduces sub-paragraphs, is their context, not a
commitment tracked itself; its sub-paragraphs are. Imports mark it, the database checks it,
and the migration that brought the rule marks the chapeaux already held without moving or
deleting the progress recorded on them.
"""

import importlib
import io
from contextlib import redirect_stdout

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from commitments.choices import AddresseeKind, Strength
from commitments.ingest import import_resolution
from commitments.models import Commitment
from core.models import FiguresVersion
from states.counts import STATUSES
from states.models import ProgressEntry, State
from tests.factories.commitments import CommitmentFactory, chapeau_with_subs
from tests.factories.states import ProgressEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

HRC_14_2 = "000_88eff498be9b4030.txt"
MIGRATION = importlib.import_module("commitments.migrations.0011_chapeaux")


def test_it_does_not_track_a_chapeau_but_tracks_its_sub_paragraphs():
    chapeau, subs = chapeau_with_subs(subs="ab")
    alone = CommitmentFactory()

    assert (chapeau.is_chapeau, chapeau.is_trackable) == (True, False)
    assert [(sub.is_chapeau, sub.is_trackable) for sub in subs] == [(False, True), (False, True)]
    assert (alone.is_chapeau, alone.is_trackable) == (False, True)
    assert set(Commitment.objects.trackable()) == {*subs, alone}
    assert list(Commitment.objects.chapeaux()) == [chapeau]
    assert Commitment.compute_trackable(Strength.STRONG, AddresseeKind.STATES, True) is False
    assert Commitment.compute_trackable(Strength.STRONG, AddresseeKind.STATES, False) is True


def test_it_names_the_sub_paragraphs_a_chapeau_introduces():
    chapeau, _ = chapeau_with_subs(subs="abcd")
    single, _ = chapeau_with_subs(number="3", subs="a")

    assert chapeau.sub_paragraph_span == "(a)–(d)"
    assert single.sub_paragraph_span == "(a)"


def test_it_refuses_a_trackable_chapeau_in_the_database():
    chapeau, _ = chapeau_with_subs(subs="ab")

    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=chapeau.pk).update(is_trackable=True)


def test_it_marks_the_chapeaux_of_an_imported_text(seed_texts):
    resolution = import_resolution(seed_texts[HRC_14_2]).resolution

    chapeaux = resolution.commitments.filter(is_chapeau=True)
    assert sorted(c.label for c in chapeaux) == ["1", "7"]
    seven = resolution.commitments.get(paragraph__number="7", paragraph__sub="")
    assert (seven.is_trackable, seven.sub_paragraph_span) == (False, "(a)–(j)")
    assert resolution.commitments.get(paragraph__number="7", paragraph__sub="a").is_trackable
    assert resolution.commitments.get(paragraph__number="6").is_trackable


def test_it_tracks_a_former_chapeau_again_when_a_corrected_text_drops_its_sub_paragraphs(
    seed_texts,
):
    original = seed_texts[HRC_14_2]
    resolution = import_resolution(original).resolution
    seven = resolution.commitments.get(paragraph__number="7", paragraph__sub="")
    start, end = original.index("\n(a) To promote the implementation"), original.index("\n8. ")
    import_resolution(original[:start] + "\n" + original[end:])

    seven.refresh_from_db()
    assert (seven.retired, seven.is_chapeau, seven.is_trackable) == (False, False, True)
    assert not resolution.commitments.filter(paragraph__number="7", paragraph__sub="a").current()


def test_it_marks_held_chapeaux_and_keeps_the_progress_recorded_on_them():
    """The migration's data step, on rows written as they were before the rule."""
    chapeau, subs = chapeau_with_subs(subs="ab")
    # As held before: a chapeau tracked like any paragraph, with progress recorded on it.
    Commitment.objects.filter(pk=chapeau.pk).update(is_chapeau=False, is_trackable=True)
    kenya = State.objects.get(iso3="KEN")
    entry = ProgressEntryFactory(commitment=chapeau, state=kenya)
    entry.transition("submit", entry.created_by)
    entry.transition("approve", UserFactory(role="Reviewers"))
    draft = ProgressEntryFactory(commitment=chapeau, state=kenya)
    assert STATUSES.counts()[(kenya.pk,)] == {"in_progress": 1}
    structure = FiguresVersion.objects.get(scope="structure").token

    out = io.StringIO()
    with redirect_stdout(out):
        marked = MIGRATION.mark_chapeaux(apps, None)

    chapeau.refresh_from_db()
    assert marked == (1, 2)
    assert (chapeau.is_chapeau, chapeau.is_trackable) == (True, False)
    assert out.getvalue() == (
        "  1 paragraphs with sub-paragraphs are no longer tracked themselves (their "
        "sub-paragraphs are); the 2 progress entries recorded on them stay on them.\n"
    )
    assert set(ProgressEntry.objects.filter(commitment=chapeau)) == {entry, draft}
    assert chapeau.assessments.get().entry == entry
    # Every figure stale, and the kept counts counted again without the chapeau.
    assert FiguresVersion.objects.get(scope="structure").token != structure
    assert STATUSES.counts().get((kenya.pk,)) is None
    assert STATUSES.differences() == []
    assert all(sub.is_trackable for sub in Commitment.objects.filter(pk__in=[s.pk for s in subs]))


def test_it_leaves_paragraphs_whose_sub_paragraphs_are_all_retired_tracked():
    chapeau, subs = chapeau_with_subs(subs="a")
    Commitment.objects.filter(pk=chapeau.pk).update(is_chapeau=False, is_trackable=True)
    subs[0].paragraph.__class__.objects.filter(pk=subs[0].paragraph_id).update(
        retired=True, position=None
    )

    assert MIGRATION.mark_chapeaux(apps, None) == (0, 0)
    chapeau.refresh_from_db()
    assert (chapeau.is_chapeau, chapeau.is_trackable) == (False, True)
