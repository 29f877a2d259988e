"""
The database keeps every rule the forms, serializers and model `clean()` methods check that
one row can show, so no other way in (the admin, the API, the shell, a bulk import, a future
bug) can store what the forms would refuse.

Each case writes an invalid value straight into a valid row with `update()` (no form, no
`full_clean()`, no `save()`) and expects the named constraint to refuse it. The introspection
tests keep the constraints in step with the models: a new choice, a new choices field or a
new required text field without its constraint fails here.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from simple_history.models import HistoricalChanges

from commitments.choices import AddresseeKind, LexiconPhraseKind, Strength
from commitments.models import (
    ActorAlias,
    Commitment,
    LexiconPhrase,
    OperativeVerb,
    ResolutionRevision,
    SdgTarget,
    TopicKeyword,
    VerbForm,
)
from jobs.choices import JobKind
from jobs.models import Job
from states.models import CurrentAssessment, Evidence, Organization, ProgressEntry
from tests.factories.commitments import (
    ActorFactory,
    CommitmentFactory,
    CommitmentLinkFactory,
    DeadlineSubscriptionFactory,
    ParagraphFactory,
    ReportingRequestFactory,
    ResolutionFactory,
    TopicFactory,
)
from tests.factories.states import (
    OrganizationFactory,
    ProgressEntryFactory,
    RegionFactory,
    StateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

APPS = ("commitments", "states", "jobs")


# Valid rows to break ---------------------------------------------------------------------------


def subregion():
    return RegionFactory(subregion=True)


def revision():
    resolution = ResolutionFactory()
    return ResolutionRevision.objects.create(
        resolution=resolution, version=1, source_text="Old text", source_hash="0" * 64
    )


def actor_alias():
    return ActorAlias.objects.create(actor=ActorFactory(), alias="Test governments")


def sdg_target():
    return SdgTarget.objects.create(code="99.9", title="A target of the tests")


def topic_keyword():
    return TopicKeyword.objects.create(topic=TopicFactory(), keyword="test keyword")


def operative_verb():
    return OperativeVerb.objects.create(canonical="test verb", strength=Strength.STRONG)


def verb_form():
    return VerbForm.objects.create(verb=operative_verb(), form="tests verbs")


def lexicon_phrase():
    return LexiconPhrase.objects.create(kind=LexiconPhraseKind.ADVERB, phrase="testingly")


def commitment_actor():
    return CommitmentFactory().actor_links.get()


def walked(*steps):
    """An entry taken through workflow `steps` by its author and a reviewer, as the app does."""

    def make():
        entry = ProgressEntryFactory()
        reviewer = UserFactory(role="Reviewers")
        for action in steps:
            user = entry.created_by if action == "submit" else reviewer
            entry.transition(action, user, comment="Cite the gazette.")
        return ProgressEntry.objects.get(pk=entry.pk)

    return make


def evidence():
    entry = ProgressEntryFactory()
    return Evidence.objects.create(
        entry=entry, url="https://example.org/gazette", added_by=entry.created_by
    )


def assessment():
    return CurrentAssessment.objects.get(entry=walked("submit", "approve")())


def job():
    return Job.objects.create(kind=JobKind.REPORT_PDF, title="A report", created_by=UserFactory())


# (row maker, invalid values, the constraint that refuses them; None: Django's column check)
@dataclass(frozen=True)
class Case:
    make: Any
    changes: dict
    constraint: str | None


JAVASCRIPT = "javascript:alert(document.cookie)"
CASES = {
    # commitments
    "resolution body": Case(ResolutionFactory, {"body": "UNSC"}, "resolution_body_valid"),
    "resolution empty symbol": Case(
        # A text without a symbol is a draft, so the row stays consistent with
        # `resolution_adoption_matches` and only the emptiness check can refuse it.
        ResolutionFactory,
        {"symbol": "", "is_adopted": False},
        "resolution_symbol_not_empty",
    ),
    "resolution text": Case(ResolutionFactory, {"source_text": ""}, "resolution_has_source_text"),
    "resolution hash": Case(ResolutionFactory, {"source_hash": ""}, "resolution_has_source_hash"),
    "revision text": Case(revision, {"source_text": ""}, "revision_has_source_text"),
    "revision hash": Case(revision, {"source_hash": ""}, "revision_has_source_text"),
    "paragraph kind": Case(ParagraphFactory, {"kind": "annex"}, "paragraph_kind_valid"),
    "actor name": Case(ActorFactory, {"name": ""}, "actor_has_name"),
    "actor kind": Case(ActorFactory, {"kind": "martians"}, "actor_kind_valid"),
    "actor alias": Case(actor_alias, {"alias": ""}, "actor_alias_not_empty"),
    "sdg code": Case(sdg_target, {"code": ""}, "sdg_target_has_code_and_title"),
    "sdg title": Case(sdg_target, {"title": ""}, "sdg_target_has_code_and_title"),
    "topic slug": Case(TopicFactory, {"slug": "two words"}, "topic_slug_valid"),
    "topic empty slug": Case(TopicFactory, {"slug": ""}, "topic_slug_valid"),
    "topic name": Case(TopicFactory, {"name": ""}, "topic_has_name"),
    "topic keyword": Case(topic_keyword, {"keyword": ""}, "topic_keyword_not_empty"),
    "verb": Case(operative_verb, {"canonical": ""}, "operative_verb_not_empty"),
    "verb strength": Case(operative_verb, {"strength": "mild"}, "operative_verb_strength_valid"),
    "verb form": Case(verb_form, {"form": ""}, "verb_form_not_empty"),
    "lexicon kind": Case(lexicon_phrase, {"kind": "noun"}, "lexicon_phrase_kind_valid"),
    "lexicon phrase": Case(lexicon_phrase, {"phrase": ""}, "lexicon_phrase_not_empty"),
    "commitment strength": Case(
        CommitmentFactory, {"strength": "mild"}, "commitment_strength_valid"
    ),
    "commitment addressees": Case(
        CommitmentFactory, {"actor_kind": "everyone"}, "commitment_addressee_kind_valid"
    ),
    "trackable ask not tracked": Case(
        CommitmentFactory, {"is_trackable": False}, "commitment_trackable_matches"
    ),
    "declaratory paragraph tracked": Case(
        CommitmentFactory, {"strength": Strength.DECLARATORY}, "commitment_trackable_matches"
    ),
    "self-addressed paragraph tracked": Case(
        CommitmentFactory, {"actor_kind": AddresseeKind.SELF}, "commitment_trackable_matches"
    ),
    "addressee text": Case(commitment_actor, {"text": ""}, "commitment_actor_has_text"),
    "addressee kind": Case(commitment_actor, {"kind": "martians"}, "commitment_actor_kind_valid"),
    "request kind": Case(ReportingRequestFactory, {"kind": "memo"}, "reporting_request_kind_valid"),
    "request body": Case(
        ReportingRequestFactory, {"due_body": "UNSC"}, "reporting_request_due_body_valid"
    ),
    "request basis": Case(
        ReportingRequestFactory, {"basis": "guess"}, "reporting_request_basis_valid"
    ),
    "request phrase": Case(
        ReportingRequestFactory, {"source_text": ""}, "reporting_request_has_source_text"
    ),
    "request session": Case(ReportingRequestFactory, {"due_session": -1}, None),
    "link kind": Case(CommitmentLinkFactory, {"kind": "copied"}, "commitment_link_kind_valid"),
    "link status": Case(
        CommitmentLinkFactory,
        {"status": "maybe", "decided_at": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)},
        "commitment_link_status_valid",
    ),
    "subscription scope": Case(
        DeadlineSubscriptionFactory, {"scope": "weekly"}, "deadline_subscription_scope_matches"
    ),
    # states
    "region level": Case(subregion, {"level": "continent"}, "region_level_valid"),
    "region code length": Case(RegionFactory, {"m49_code": "15"}, "region_m49_code_valid"),
    "region code digits": Case(RegionFactory, {"m49_code": "1a5"}, "region_m49_code_valid"),
    "region name": Case(RegionFactory, {"name": ""}, "region_has_name"),
    "state alpha-2": Case(StateFactory, {"iso2": "xa"}, "state_codes_valid"),
    "state alpha-3": Case(StateFactory, {"iso3": "X1Z"}, "state_codes_valid"),
    "state alpha-3 length": Case(StateFactory, {"iso3": "XA"}, "state_codes_valid"),
    "state numeric": Case(StateFactory, {"m49_code": "99"}, "state_codes_valid"),
    "state slug": Case(StateFactory, {"slug": "test land"}, "state_slug_valid"),
    "state name": Case(StateFactory, {"name": ""}, "state_has_name"),
    "state standing": Case(StateFactory, {"un_status": "candidate"}, "state_un_status_valid"),
    "organization name": Case(OrganizationFactory, {"name": ""}, "organization_has_name"),
    "organization slug": Case(OrganizationFactory, {"slug": "a/b"}, "organization_slug_valid"),
    "organization empty slug": Case(OrganizationFactory, {"slug": ""}, "organization_slug_valid"),
    "organization kind": Case(OrganizationFactory, {"kind": "club"}, "organization_kind_valid"),
    "organization website": Case(
        OrganizationFactory, {"website": JAVASCRIPT}, "organization_website_scheme_valid"
    ),
    "entry status": Case(ProgressEntryFactory, {"status": "done"}, "progress_entry_status_valid"),
    "entry confidence": Case(
        ProgressEntryFactory, {"confidence": "total"}, "progress_entry_confidence_valid"
    ),
    "entry workflow state": Case(
        ProgressEntryFactory, {"workflow_state": "archived"}, "progress_entry_workflow_state_valid"
    ),
    "entry summary": Case(ProgressEntryFactory, {"summary": ""}, "progress_entry_has_summary"),
    "entry without a subject": Case(
        ProgressEntryFactory, {"state": None}, "progress_entry_has_one_subject"
    ),
    "entry revision": Case(ProgressEntryFactory, {"revision": -1}, None),
    "returned entry without reviewer": Case(
        walked("submit", "request_changes"),
        {"decided_by": None},
        "returned_or_rejected_entry_has_decision",
    ),
    "rejected entry without decision date": Case(
        walked("submit", "reject"), {"decided_at": None}, "returned_or_rejected_entry_has_decision"
    ),
    "approved entry without reviewer": Case(
        walked("submit", "approve"), {"decided_by": None}, "approved_entry_has_decision"
    ),
    "decision before submission": Case(
        walked("submit", "approve"),
        {"decided_at": datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)},
        "entry_decided_after_submitted",
    ),
    "evidence without a source": Case(evidence, {"url": ""}, "evidence_has_a_source"),
    "evidence javascript url": Case(evidence, {"url": JAVASCRIPT}, "evidence_url_scheme_valid"),
    "evidence data url": Case(
        evidence, {"url": "data:text/html,<script>alert(1)</script>"}, "evidence_url_scheme_valid"
    ),
    "evidence size": Case(evidence, {"size": -1}, None),
    "assessment status": Case(assessment, {"status": "done"}, "assessment_status_valid"),
    # jobs
    "job kind": Case(job, {"kind": "mine_bitcoin"}, "job_kind_valid"),
    "job status": Case(job, {"status": "paused"}, "job_status_valid"),
    "job title": Case(job, {"title": ""}, "job_has_title"),
    "job progress": Case(job, {"progress": -1}, None),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_it_refuses_an_invalid_row_written_past_the_forms(case):
    row = case.make()
    rows = type(row).objects.filter(pk=row.pk)
    if hasattr(rows, "rewrite"):
        # A model with a column per language (commitments/translation.py): the table's own
        # column, which its rules are on, not the one of the active language.
        rows = rows.rewrite(False)
    assert rows.exists()

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        rows.update(**case.changes)

    if case.constraint:
        assert case.constraint in str(refused.value)
    row.refresh_from_db()
    for name, value in case.changes.items():
        assert getattr(row, name) != value


def test_it_accepts_the_values_the_forms_accept():
    """The other side of the rules: what the validators allow, the database allows too."""
    organization = OrganizationFactory()
    item = evidence()

    with transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(
            website="HTTPS://EXAMPLE.ORG/", slug="Mixed_Case-slug-2"
        )
        Evidence.objects.filter(pk=item.pk).update(url="ftp://ftp.example.org/law.pdf")

    organization.refresh_from_db()
    item.refresh_from_db()
    assert (organization.website, organization.slug) == (
        "HTTPS://EXAMPLE.ORG/",
        "Mixed_Case-slug-2",
    )
    assert item.url == "ftp://ftp.example.org/law.pdf"


def test_it_refuses_a_bulk_import_that_forgets_the_derived_flag():
    """bulk_create skips save(), which is what keeps is_trackable in step."""
    paragraph = ParagraphFactory()
    untracked = Commitment(
        paragraph=paragraph,
        resolution=paragraph.resolution,
        verb_phrase="Calls upon",
        strength=Strength.STRONG,
        actor_kind=AddresseeKind.STATES,
    )

    with pytest.raises(IntegrityError, match="commitment_trackable_matches"), transaction.atomic():
        Commitment.objects.bulk_create([untracked])

    assert not Commitment.objects.filter(paragraph=paragraph).exists()


def test_it_refuses_a_bulk_load_of_entries_the_form_would_refuse():
    valid = ProgressEntryFactory()
    rows = [
        ProgressEntry(
            commitment=valid.commitment,
            state=valid.state,
            organization=valid.organization,
            created_by=valid.created_by,
            status=valid.status,
            fact_date=valid.fact_date,
            summary=summary,
        )
        for summary in ("A valid summary.", "")
    ]

    with pytest.raises(IntegrityError, match="progress_entry_has_summary"), transaction.atomic():
        ProgressEntry.objects.bulk_create(rows)

    assert ProgressEntry.objects.count() == 1


# Keeping the constraints in step with the models ------------------------------------------------

# Choice fields kept by a constraint other than `field__in=[...]`.
ENUMERATED_ELSEWHERE = {
    ("commitments", "deadlinesubscription", "scope"): "deadline_subscription_scope_matches",
}

# Required text the database does not keep non-empty, and why.
REQUIRED_TEXT_LEFT_OPEN = {
    # The parser reads an operative paragraph with no words ("7." alone) from a mangled text
    # as an empty paragraph with an empty verb, and the import stores it for review.
    ("commitments", "paragraph", "text"),
    ("commitments", "commitment", "verb_phrase"),
}


def own_models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not issubclass(model, HistoricalChanges):  # history keeps what was, as it was
                yield model


def lookups(condition):
    """Every (lookup, value) pair in a Q tree."""
    for child in condition.children:
        if isinstance(child, Q):
            yield from lookups(child)
        elif isinstance(child, tuple):
            yield child


def check_lookups(model):
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint) and isinstance(constraint.condition, Q):
            for lookup in lookups(constraint.condition):
                yield constraint.name, lookup


def key(model, field):
    return (model._meta.app_label, model._meta.model_name, field.name)


def choice_fields():
    for model in own_models():
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def required_text_fields():
    for model in own_models():
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.blank
                and not field.choices
                and key(model, field) not in REQUIRED_TEXT_LEFT_OPEN
            ):
                yield model, field


@pytest.mark.parametrize(
    ("model", "field"),
    list(choice_fields()),
    ids=[".".join(key(m, f)[1:]) for m, f in choice_fields()],
)
def test_it_keeps_each_choice_field_to_its_choices(model, field):
    allowed = {value for value, _ in field.flatchoices} | ({""} if field.blank else set())
    elsewhere = ENUMERATED_ELSEWHERE.get(key(model, field))
    if elsewhere:
        # Each value has its own branch (scope="all" | scope="resolution" | ...).
        named = {value for name, (lookup, value) in check_lookups(model) if name == elsewhere}
        assert allowed <= named
        return
    enumerations = [
        set(value) for _, (lookup, value) in check_lookups(model) if lookup == f"{field.name}__in"
    ]
    assert allowed in enumerations, f"no constraint keeps {field} to {sorted(allowed)}"


@pytest.mark.parametrize(
    ("model", "field"),
    list(required_text_fields()),
    ids=[".".join(key(m, f)[1:]) for m, f in required_text_fields()],
)
def test_it_keeps_each_required_text_non_empty(model, field):
    kept = [lookup for _, lookup in check_lookups(model)]
    assert (field.name, "") in kept or any(name == f"{field.name}__regex" for name, _ in kept), (
        f"no constraint keeps {field} non-empty"
    )


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_it_keeps_the_reason_of_every_entry_sent_back_or_rejected(action):
    from django.core.exceptions import ValidationError

    from states.choices import WorkflowState
    from states.models import ProgressEntry
    from tests.factories.states import ProgressEntryFactory, UserFactory

    entry = ProgressEntryFactory()
    entry.transition("submit", entry.created_by)
    reviewer = UserFactory(role="Reviewers")
    with pytest.raises(ValidationError):
        entry.transition(action, reviewer, comment="   ")
    entry.transition(action, reviewer, comment="The source does not say this.")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressEntry.objects.filter(pk=entry.pk).update(review_comment="")
    assert ProgressEntry.objects.get(pk=entry.pk).workflow_state in (
        WorkflowState.CHANGES_REQUESTED,
        WorkflowState.REJECTED,
    )
