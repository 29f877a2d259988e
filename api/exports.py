"""
Bulk exports of commitments and approved progress entries, as CSV or JSON Lines, streamed.

Each export is one SELECT of plain values (no model instances), read in chunks from a
server-side cursor on PostgreSQL (`.iterator(chunk_size=...)`), and written out a batch of
rows at a time: memory stays the same whatever the number of rows. What a row has several
of (an entry's evidence, a commitment's addressees and topics) comes in the same SELECT as
a JSON array built by a correlated subquery, so there is never a query per row.

Exports are documents meant to be passed on: they never carry confidential evidence (nor
count it), whoever downloads them; that stays on the pages and in the API, for those who may
read it.

CSV cells of free text that start with =, +, -, @ (or a tab or carriage return) get a
leading apostrophe, so that a spreadsheet shows them as text instead of running them as
formulas; JSON Lines carries every value exactly.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Aggregate, F, JSONField, OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse

from commitments.models import Commitment, CommitmentActor
from states.models import Evidence, ProgressEntry

from . import filtersets

CHUNK_SIZE = 2000  # rows fetched from the database at a time
BATCH_ROWS = 500  # rows written out per piece of the response


class JSONArrayAgg(Aggregate):
    """The grouped values as a JSON array: JSONB_AGG on PostgreSQL, JSON_GROUP_ARRAY on SQLite."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra_context)


def json_array_of(queryset, group_by, **fields):
    """A correlated subquery giving, for each outer row, the JSON array of `fields` objects."""
    items = (
        queryset.order_by()
        .values(group_by)
        .annotate(items=JSONArrayAgg(JSONObject(**fields)))
        .values("items")
    )
    return Subquery(items, output_field=JSONField())


def url_maker(request, url_name):
    """pk -> absolute address of `url_name`, reversing the route once rather than per row."""
    marker = 987654321
    head, tail = request.build_absolute_uri(reverse(url_name, args=[marker])).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


def paragraph_label(number, sub):
    """'7', '7(a)' or '1(b)(i)', as Paragraph.label prints an operative paragraph."""
    return (number or "") + "".join(f"({part})" for part in (sub or "").split("-") if part)


def iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


class Export:
    """One export: the SELECT of values, and how a row of it reads as CSV and as JSON."""

    name = ""
    columns: tuple[str, ...] = ()
    text_columns: frozenset[str] = frozenset()

    def __init__(self, queryset, request):
        self.queryset = queryset
        self.request = request

    def values(self):
        raise NotImplementedError

    def record(self, row) -> dict:
        """A values() row as the nested object written to JSON Lines."""
        raise NotImplementedError

    def flat(self, record) -> dict:
        """A record as the flat row written to CSV."""
        raise NotImplementedError

    def records(self):
        for row in self.values().iterator(chunk_size=CHUNK_SIZE):
            yield self.record(row)

    def csv_stream(self):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns, extrasaction="ignore")
        writer.writeheader()
        for count, record in enumerate(self.records(), start=1):
            writer.writerow(self.defanged(self.flat(record)))
            if count % BATCH_ROWS == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    def jsonl_stream(self):
        lines = []
        for record in self.records():
            lines.append(json.dumps(record, ensure_ascii=False, default=iso))
            if len(lines) == BATCH_ROWS:
                yield "\n".join(lines) + "\n"
                lines = []
        if lines:
            yield "\n".join(lines) + "\n"

    def defanged(self, row):
        for name in self.text_columns:
            value = row.get(name)
            if value and value[0] in "=+-@\t\r":
                row[name] = "'" + value
        return row


class EntryExport(Export):
    """Approved progress entries with their commitment, subject, reporter and evidence."""

    name = "progress-entries"
    columns = (
        "id",
        "web_url",
        "commitment_id",
        "resolution_id",
        "resolution_symbol",
        "body",
        "paragraph",
        "strength",
        "actor_kind",
        "subject_kind",
        "state_iso3",
        "state_name",
        "region",
        "subregion",
        "subject_organization",
        "subject_organization_name",
        "organization",
        "organization_name",
        "status",
        "fact_date",
        "confidence",
        "summary",
        "decided_at",
        "updated",
        "evidence_count",
        "evidence_urls",
        "evidence_citations",
        "evidence_files",
    )
    text_columns = frozenset(
        {
            "summary",
            "evidence_urls",
            "evidence_citations",
            "subject_organization_name",
            "organization_name",
        }
    )

    def __init__(self, queryset, request):
        super().__init__(queryset, request)
        self.entry_url = url_maker(request, "states:entry_detail")
        self.file_url = url_maker(request, "states:evidence_file")

    def values(self):
        evidence = json_array_of(
            Evidence.objects.shown().public().filter(entry_id=OuterRef("pk")),
            "entry_id",
            id="id",
            url="url",
            citation="citation",
            description="description",
            file="file",
            original_name="original_name",
            content_type="content_type",
            sha256="sha256",
        )
        return self.queryset.order_by("pk").values(
            "id",
            "commitment_id",
            "status",
            "fact_date",
            "confidence",
            "summary",
            "decided_at",
            "updated",
            resolution_id=F("commitment__resolution_id"),
            resolution_symbol=F("commitment__resolution__symbol"),
            body=F("commitment__resolution__body"),
            number=F("commitment__paragraph__number"),
            sub=F("commitment__paragraph__sub"),
            strength=F("commitment__strength"),
            actor_kind=F("commitment__actor_kind"),
            state_iso3=F("state__iso3"),
            state_name=F("state__name"),
            region=F("state__region__name"),
            subregion=F("state__subregion__name"),
            subject_organization_slug=F("subject_organization__slug"),
            subject_organization_name=F("subject_organization__name"),
            organization_slug=F("organization__slug"),
            organization_name=F("organization__name"),
            evidence_items=evidence,
        )

    def record(self, row):
        if row["state_iso3"]:
            subject = {
                "kind": "state",
                "iso3": row["state_iso3"],
                "name": row["state_name"],
                "region": row["region"],
                "subregion": row["subregion"],
            }
        else:
            subject = {
                "kind": "organization",
                "slug": row["subject_organization_slug"],
                "name": row["subject_organization_name"],
            }
        evidence = sorted(row["evidence_items"] or [], key=lambda item: item["id"])
        return {
            "id": row["id"],
            "web_url": self.entry_url(row["id"]),
            "commitment": {
                "id": row["commitment_id"],
                "resolution_id": row["resolution_id"],
                "resolution_symbol": row["resolution_symbol"],
                "body": row["body"],
                "paragraph": paragraph_label(row["number"], row["sub"]),
                "strength": row["strength"],
                "actor_kind": row["actor_kind"],
            },
            "subject": subject,
            "organization": {"slug": row["organization_slug"], "name": row["organization_name"]},
            "status": row["status"],
            "fact_date": iso(row["fact_date"]),
            "confidence": row["confidence"],
            "summary": row["summary"],
            "decided_at": iso(row["decided_at"]),
            "updated": iso(row["updated"]),
            "evidence": [
                {
                    "id": item["id"],
                    "kind": "file" if item["file"] else "url" if item["url"] else "citation",
                    "url": item["url"],
                    "citation": item["citation"],
                    "description": item["description"],
                    "file": self.file_url(item["id"]) if item["file"] else None,
                    "original_name": item["original_name"],
                    "content_type": item["content_type"],
                    "sha256": item["sha256"],
                }
                for item in evidence
            ],
        }

    def flat(self, record):
        commitment, subject = record["commitment"], record["subject"]
        evidence = record["evidence"]
        is_state = subject["kind"] == "state"
        return {
            **record,
            "commitment_id": commitment["id"],
            "resolution_id": commitment["resolution_id"],
            "resolution_symbol": commitment["resolution_symbol"],
            "body": commitment["body"],
            "paragraph": commitment["paragraph"],
            "strength": commitment["strength"],
            "actor_kind": commitment["actor_kind"],
            "subject_kind": subject["kind"],
            "state_iso3": subject["iso3"] if is_state else "",
            "state_name": subject["name"] if is_state else "",
            "region": subject["region"] if is_state else "",
            "subregion": subject["subregion"] if is_state else "",
            "subject_organization": "" if is_state else subject["slug"],
            "subject_organization_name": "" if is_state else subject["name"],
            "organization": record["organization"]["slug"],
            "organization_name": record["organization"]["name"],
            "evidence_count": len(evidence),
            "evidence_urls": " | ".join(item["url"] for item in evidence if item["url"]),
            "evidence_citations": " | ".join(
                item["citation"] for item in evidence if item["citation"]
            ),
            "evidence_files": " | ".join(item["file"] for item in evidence if item["file"]),
        }


class CommitmentExport(Export):
    """Commitments with their resolution, paragraph, addressees and topics."""

    name = "commitments"
    columns = (
        "id",
        "web_url",
        "resolution_id",
        "resolution_symbol",
        "body",
        "adopted_on",
        "paragraph",
        "position",
        "verb_phrase",
        "canonical_verb",
        "strength",
        "action",
        "sub_lead",
        "actor_kind",
        "actors",
        "addressees",
        "topics",
        "is_trackable",
        "retired",
        "text",
        "updated",
    )
    text_columns = frozenset({"text", "action", "sub_lead", "addressees"})

    def __init__(self, queryset, request):
        super().__init__(queryset, request)
        self.commitment_url = url_maker(request, "commitments:commitment_detail")

    def values(self):
        addressees = json_array_of(
            CommitmentActor.objects.filter(commitment_id=OuterRef("pk")),
            "commitment_id",
            text="text",
            kind="kind",
            position="position",
            actor="actor__name",
        )
        through = Commitment.topics.through
        topics = json_array_of(
            through.objects.filter(commitment_id=OuterRef("pk")),
            "commitment_id",
            slug="topic__slug",
        )
        return self.queryset.order_by("pk").values(
            "id",
            "resolution_id",
            "verb_phrase",
            "canonical_verb",
            "strength",
            "action",
            "sub_lead",
            "actor_kind",
            "is_trackable",
            "retired",
            "updated",
            resolution_symbol=F("resolution__symbol"),
            body=F("resolution__body"),
            adopted_on=F("resolution__adopted_on"),
            number=F("paragraph__number"),
            sub=F("paragraph__sub"),
            position=F("paragraph__position"),
            text=F("paragraph__text"),
            addressee_items=addressees,
            topic_items=topics,
        )

    def record(self, row):
        addressees = sorted(row.pop("addressee_items") or [], key=lambda a: a["position"])
        topics = sorted(item["slug"] for item in row.pop("topic_items") or [])
        return {
            "id": row["id"],
            "web_url": self.commitment_url(row["id"]),
            "resolution_id": row["resolution_id"],
            "resolution_symbol": row["resolution_symbol"],
            "body": row["body"],
            "adopted_on": iso(row["adopted_on"]),
            "paragraph": paragraph_label(row["number"], row["sub"]),
            "position": row["position"],
            "verb_phrase": row["verb_phrase"],
            "canonical_verb": row["canonical_verb"],
            "strength": row["strength"],
            "action": row["action"],
            "sub_lead": row["sub_lead"],
            "actor_kind": row["actor_kind"],
            "addressees": [
                {"text": a["text"], "kind": a["kind"], "actor": a["actor"]} for a in addressees
            ],
            "topics": topics,
            "is_trackable": bool(row["is_trackable"]),
            "retired": bool(row["retired"]),
            "text": row["text"],
            "updated": iso(row["updated"]),
        }

    def flat(self, record):
        addressees = record["addressees"]
        return {
            **record,
            "actors": "; ".join(dict.fromkeys(a["actor"] for a in addressees if a["actor"])),
            "addressees": "; ".join(a["text"] for a in addressees),
            "topics": "; ".join(record["topics"]),
        }


@dataclass(frozen=True)
class Dataset:
    """One exportable dataset: its rows for a reader, its filters and how rows are written."""

    label: str
    filterset: type
    export: type[Export]
    rows: Callable

    def queryset(self, user):
        return self.rows(user)


def _approved_entries(user):
    return ProgressEntry.objects.restrict(user).approved()


def _commitments(user):
    return Commitment.objects.all()


EXPORTS = {
    "entries": Dataset(
        "Approved progress entries with their evidence",
        filtersets.ProgressEntryFilterSet,
        EntryExport,
        _approved_entries,
    ),
    "commitments": Dataset(
        "Commitments", filtersets.CommitmentFilterSet, CommitmentExport, _commitments
    ),
}
