"""
Synthetic data at the size a monitoring network accumulates, for benchmarks.

Resolutions are copies of the seed resolutions (imported through the real parser and ingest
path first), so paragraphs, commitments, addressees and topics have real shapes; users are
made as the demo's are (states/demo.py); entries and evidence are spread over states, workflow
states and ten years with a fixed random seed, and written with bulk inserts in batches so
memory stays flat. History rows are not generated: this data was never edited by anyone.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from commitments.choices import Body
from commitments.ingest import import_resolution
from commitments.models import Commitment, CommitmentActor, Paragraph, Resolution

from .choices import Confidence, ImplementationStatus, OrganizationKind, WorkflowState
from .demo import ensure_user
from .models import CurrentAssessment, Evidence, Membership, Organization, ProgressEntry, State

SEED_DIR = Path(settings.BASE_DIR) / "data" / "resolutions"
PASSWORD = "scale-data-password"

# Share of entries in each workflow state (the rest are approved).
WORKFLOW_MIX = [
    (WorkflowState.DRAFT, 0.08),
    (WorkflowState.SUBMITTED, 0.07),
    (WorkflowState.CHANGES_REQUESTED, 0.04),
    (WorkflowState.REJECTED, 0.04),
    (WorkflowState.WITHDRAWN, 0.02),
]
SUMMARIES = [
    "The national action plan was adopted by the cabinet and published in the gazette.",
    "Parliament amended the penal code to criminalize all forms of trafficking.",
    "A referral mechanism for identified victims now operates in three provinces.",
    "No public information on implementation could be found; the ministry did not reply.",
    "Shelters for victims were closed after funding ended; services regressed.",
    "Labour inspectors received training on indicators of forced labour.",
]
CITATIONS = [
    "Official Gazette No. {n}, p. {p}",
    "Report of the Special Rapporteur, A/HRC/{n}/{p}, para. {p}",
    "National report to the UPR, para. {p}",
    "Ministry of Justice annual report {y}, p. {p}",
]


@dataclass
class ScaleSizes:
    resolutions: int = 300
    organizations: int = 200
    entries: int = 1_000_000
    reviewers: int = 20
    batch: int = 20_000
    seed: int = 1


def generate(sizes: ScaleSizes, out=print) -> dict:
    rng = random.Random(sizes.seed)
    templates = _template_resolutions()
    commitments = _resolutions(sizes, templates, rng, out)
    organizations, authors = _organizations(sizes, out)
    reviewers = [
        ensure_user(f"scale-reviewer-{n}", role="Reviewers", password=PASSWORD)
        for n in range(sizes.reviewers)
    ]
    entries = _entries(sizes, commitments, organizations, authors, reviewers, rng, out)
    assessed = CurrentAssessment.objects.rebuild()
    out(f"current assessments: {assessed:,}")
    _analyze()
    return {"commitments": len(commitments), "entries": entries, "assessments": assessed}


def _analyze():
    """
    Fresh planner statistics (after a bulk load PostgreSQL would otherwise guess row counts)
    and, outside a transaction, the visibility map VACUUM sets, which index-only scans need:
    without it the review queue's count reads the table after all, and the benchmark would
    measure a state a live site leaves once autovacuum has been round, not the one it runs
    in.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


def _template_resolutions():
    """The seed resolutions, imported through the real path if they are not there yet."""
    resolutions = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        resolutions.append(import_resolution(path.read_text(encoding="utf-8")).resolution)
    return resolutions


def _resolutions(sizes, templates, rng, out):
    """Copies of the templates: new symbols and dates, the same paragraphs and commitments."""
    existing = Resolution.objects.filter(symbol__startswith="SCALE/").count()
    bodies = [Body.GENERAL_ASSEMBLY, Body.HUMAN_RIGHTS_COUNCIL, Body.ECOSOC]
    today = datetime.date.today()
    for number in range(existing, sizes.resolutions):
        template = templates[number % len(templates)]
        with transaction.atomic():
            _copy_resolution(
                template,
                symbol=f"SCALE/{number + 1}",
                body=bodies[number % len(bodies)],
                adopted_on=today - datetime.timedelta(days=rng.randrange(3650)),
            )
        if (number + 1) % 50 == 0:
            out(f"resolutions: {number + 1:,}")
    return list(
        Commitment.objects.addressed_to_states()
        .filter(resolution__symbol__startswith="SCALE/")
        .values_list("pk", flat=True)
    )


def _copy_resolution(template, symbol, body, adopted_on):
    text = f"{symbol}\n{template.source_text}"
    copy = Resolution.objects.create(
        symbol=symbol,
        body=body,
        session=template.session,
        title=template.title,
        adopted_on=adopted_on,
        source_text=text,
        source_hash=hashlib.sha256(text.encode()).hexdigest(),
    )
    paragraphs = list(template.paragraphs.filter(position__isnull=False).order_by("position"))
    new_ids = {}
    # Parents before children: copy by depth so each parent's new id is known.
    for depth in range(4):
        level = [p for p in paragraphs if _depth(p, paragraphs) == depth]
        if not level:
            break
        made = Paragraph.objects.bulk_create(
            Paragraph(
                resolution=copy,
                kind=p.kind,
                position=p.position,
                number=p.number,
                sub=p.sub,
                parent_id=new_ids.get(p.parent_id),
                opener=p.opener,
                text=p.text,
                source_start=p.source_start,
                source_end=p.source_end,
                spans=p.spans,
            )
            for p in level
        )
        new_ids.update({old.pk: new.pk for old, new in zip(level, made, strict=True)})
    originals = list(
        Commitment.objects.filter(resolution=template, retired=False).prefetch_related(
            "actor_links", "topics"
        )
    )
    made = Commitment.objects.bulk_create(
        Commitment(
            paragraph_id=new_ids[c.paragraph_id],
            resolution=copy,
            verb_phrase=c.verb_phrase,
            canonical_verb=c.canonical_verb,
            strength=c.strength,
            action=c.action,
            sub_lead=c.sub_lead,
            actor_kind=c.actor_kind,
            flags=c.flags,
            is_chapeau=c.is_chapeau,
            is_trackable=c.is_trackable,
        )
        for c in originals
    )
    CommitmentActor.objects.bulk_create(
        CommitmentActor(
            commitment=new,
            actor_id=link.actor_id,
            text=link.text,
            kind=link.kind,
            position=link.position,
        )
        for old, new in zip(originals, made, strict=True)
        for link in old.actor_links.all()
    )
    through = Commitment.topics.through
    through.objects.bulk_create(
        through(commitment_id=new.pk, topic_id=topic.pk)
        for old, new in zip(originals, made, strict=True)
        for topic in old.topics.all()
    )


def _depth(paragraph, paragraphs):
    by_id = {p.pk: p for p in paragraphs}
    depth = 0
    while paragraph.parent_id:
        paragraph = by_id[paragraph.parent_id]
        depth += 1
    return depth


def _organizations(sizes, out):
    existing = list(
        Membership.objects.filter(organization__slug__startswith="scale-organization-")
        .select_related("organization")
        .order_by("organization_id")
    )
    if existing:
        return [m.organization for m in existing], [m.user for m in existing]
    organizations, authors = [], []
    contributors = Group.objects.get(name="Contributors")
    for number in range(sizes.organizations):
        slug = f"scale-organization-{number + 1}"
        organization = Organization.objects.create(
            name=f"Scale organization {number + 1}",
            slug=slug,
            kind=OrganizationKind.NGO,
            website=f"https://{slug}.example.org/",
        )
        author = ensure_user(f"scale-contributor-{number + 1}", password=PASSWORD)
        author.groups.add(contributors)
        Membership.objects.create(user=author, organization=organization)
        organizations.append(organization)
        authors.append(author)
    out(f"organizations: {len(organizations):,}")
    return organizations, authors


def _entries(sizes, commitments, organizations, authors, reviewers, rng, out):
    if not commitments:
        return 0
    states = list(State.objects.members().values_list("pk", flat=True))
    statuses = list(ImplementationStatus.values)
    confidences = list(Confidence.values)
    now = timezone.now()
    start = now - datetime.timedelta(days=3650)
    made = ProgressEntry.objects.count()
    while made < sizes.entries:
        count = min(sizes.batch, sizes.entries - made)
        entries = []
        for _ in range(count):
            index = rng.randrange(len(organizations))
            workflow = _workflow_state(rng)
            fact = start + datetime.timedelta(days=rng.randrange(3650))
            submitted = fact + datetime.timedelta(days=rng.randrange(1, 60))
            decided = workflow in (
                WorkflowState.APPROVED,
                WorkflowState.CHANGES_REQUESTED,
                WorkflowState.REJECTED,
            )
            entries.append(
                ProgressEntry(
                    commitment_id=rng.choice(commitments),
                    state_id=rng.choice(states),
                    organization=organizations[index],
                    created_by=authors[index],
                    status=rng.choice(statuses),
                    fact_date=fact.date(),
                    summary=rng.choice(SUMMARIES),
                    confidence=rng.choice(confidences),
                    workflow_state=workflow,
                    submitted_at=None if workflow == WorkflowState.DRAFT else submitted,
                    decided_by=rng.choice(reviewers) if decided else None,
                    decided_at=submitted + datetime.timedelta(days=rng.randrange(1, 30))
                    if decided
                    else None,
                    review_comment="Checked against the sources." if decided else "",
                )
            )
        with transaction.atomic():
            saved = ProgressEntry.objects.bulk_create(entries, refresh_assessments=False)
            Evidence.objects.bulk_create(_evidence(entry, rng) for entry in saved)
        made += count
        out(f"entries: {made:,}")
    return made


def _workflow_state(rng):
    roll = rng.random()
    for state, share in WORKFLOW_MIX:
        if roll < share:
            return state
        roll -= share
    return WorkflowState.APPROVED


def _evidence(entry, rng):
    if rng.random() < 0.5:
        citation = rng.choice(CITATIONS).format(
            n=rng.randrange(1, 400), p=rng.randrange(1, 300), y=entry.fact_date.year
        )
        return Evidence(entry=entry, citation=citation, added_by_id=entry.created_by_id)
    return Evidence(
        entry=entry,
        url=f"https://example.org/sources/{entry.state_id}/{rng.randrange(10**6)}",
        added_by_id=entry.created_by_id,
    )
