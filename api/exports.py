"""
Bulk exports of commitments and approved progress entries, as CSV or JSON Lines, streamed.

Each export is one SELECT, read in chunks from a server-side cursor on PostgreSQL
(`.iterator(chunk_size=...)`) and written out a batch of rows at a time: memory stays the
same whatever the number of rows. What a row has several of (an entry's evidence, a
commitment's addressees and topics) comes in the same SELECT, aggregated by a correlated
subquery, so there is never a query per row.

Rows are written one of two ways, giving the same bytes:

- generically (any database, and commitments everywhere): the SELECT gives plain values as
  tuples, and Python lays them out with csv.writer or json.dumps;
- on PostgreSQL, for entries (the table that grows): the SELECT gives each finished line,
  its values encoded by the expressions under "PostgreSQL writes the lines" below, the way
  csv.writer and json.dumps encode them. Python only joins the lines, so an export keeps
  up with PostgreSQL's own COPY of its rows: laying values out in Python took more time
  per row than the database took to find them. tests/api/test_exports.py holds the two
  ways to the same bytes.

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
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.contrib.postgres.aggregates import StringAgg
from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    F,
    Func,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, JSONObject, NullIf

from commitments.models import Commitment, CommitmentActor
from states import filtersets as state_filters
from states.models import Evidence, ProgressEntry

from . import filtersets
from .addresses import address_parts, url_maker

CHUNK_SIZE = 2000  # rows fetched from the database at a time
BATCH_ROWS = 500  # rows written out per piece of the response
FORMULA_STARTS = "=+-@\t\r"


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


def paragraph_label(number, sub):
    """'7', '7(a)' or '1(b)(i)', as Paragraph.label prints an operative paragraph."""
    return (number or "") + "".join(f"({part})" for part in (sub or "").split("-") if part)


def iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def defang(text):
    """Text a spreadsheet would run as a formula, with a leading apostrophe (CSV only)."""
    return "'" + text if text and text[0] in FORMULA_STARTS else text


# --- PostgreSQL writes the lines -------------------------------------------------------------
# Each function below gives the SQL of a value encoded as csv.writer (the excel dialect) or
# json.dumps(ensure_ascii=False) encodes it; a line is the concatenation of such pieces.


class Sql(Func):
    """
    A PostgreSQL snippet around expressions, written with {0}, {1}... where they go. A
    placeholder may repeat (CASE WHEN {0} ... THEN {0}), which Func's template cannot do
    with expressions that carry parameters.
    """

    output_field = TextField()

    def __init__(self, snippet, *expressions):
        super().__init__(*expressions)
        self.snippet = snippet

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        params = []

        def place(match):
            sql, expression_params = compiled[int(match[1])]
            params.extend(expression_params)
            return f"({sql})"

        return re.sub(r"\{(\d+)\}", place, self.snippet), params


def concat(*parts):
    """The parts (expressions, or str for literal text) end to end; a NULL part adds nothing."""
    parts = [Value(part) if isinstance(part, str) else part for part in parts]
    return Func(*parts, function="CONCAT", output_field=TextField())


def csv_cell(text):
    """Quoted, quotes doubled, when it holds a comma, quote, CR or LF, as csv.writer does."""
    return Sql(
        r"""CASE WHEN {0} ~ '[",\r\n]' THEN '"' || replace({0}, '"', '""') || '"'"""
        " ELSE coalesce({0}, '') END",
        text,
    )


def csv_line(*cells):
    """Cells joined by commas. Numbers, dates and times go in bare: they never need quotes."""
    parts = [","] * (2 * len(cells) - 1)
    parts[::2] = cells
    return concat(*parts)


def defanged(text):
    """SQL of defang()."""
    return Sql(
        r"CASE WHEN left({0}, 1) IN ('=', '+', '-', '@', E'\t', E'\r')"
        " THEN '''' || {0} ELSE {0} END",
        text,
    )


def iso_timestamp(timestamp):
    """As datetime.isoformat() writes it, in the connection's time zone (which Django sets)."""
    return Sql(
        """replace(to_char({0}, 'YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM'), '.000000', '')""", timestamp
    )


def iso_date(date):
    return Sql("to_char({0}, 'YYYY-MM-DD')", date)


def label(number, sub):
    """SQL of paragraph_label()."""
    return Sql(
        r"coalesce({0}, '')"
        r" || replace(regexp_replace(coalesce({1}, ''), '([^-]+)', '(\1)', 'g'), '-', '')",
        number,
        sub,
    )


def json_value(value):
    """JSON text of a value; PostgreSQL's to_json escapes strings exactly as json.dumps does."""
    return Sql("coalesce(to_json({0})::text, 'null')", value)


def json_literal(value):
    return Value(json.dumps(value, ensure_ascii=False))


def json_object(**members):
    """JSON text of an object of these members (JSON texts), as json.dumps lays it out."""
    parts = []
    for key, value in members.items():
        parts += [(", " if parts else "{") + json.dumps(key) + ": ", value]
    return concat(*parts, "}")


def if_filled(text, then, otherwise):
    """`then` where `text` is neither NULL nor empty (Python's `if text:`), else `otherwise`."""
    return Sql("CASE WHEN {0} <> '' THEN {1} ELSE {2} END", text, then, otherwise)


# --- Exports ---------------------------------------------------------------------------------


class Export:
    """One export: its SELECT, and how a row of it reads as CSV and as JSON."""

    name = ""
    columns: tuple[str, ...] = ()
    lines_in_database = False

    def __init__(self, queryset, request):
        self.queryset = queryset
        self.request = request

    def values(self):
        """The SELECT of plain values (values_list) for the generic way."""
        raise NotImplementedError

    def csv_row(self, row) -> tuple:
        """A values() row as the cells of a CSV line, in `columns` order."""
        raise NotImplementedError

    def json_record(self, row) -> dict:
        """A values() row as the nested object written to JSON Lines."""
        raise NotImplementedError

    def line(self, file_format):
        """The SQL expression of a finished line in `file_format` (when lines_in_database)."""
        raise NotImplementedError

    def in_database(self):
        """Whether PostgreSQL writes the lines: see the module's docstring."""
        return self.lines_in_database and connections[self.queryset.db].vendor == "postgresql"

    def select(self, file_format):
        """The SELECT that the `file_format` stream reads: of finished lines, or of values."""
        if self.in_database():
            return self.queryset.order_by("pk").values_list(self.line(file_format), flat=True)
        return self.values()

    def batches(self, file_format):
        rows = self.select(file_format).iterator(chunk_size=CHUNK_SIZE)
        while batch := list(islice(rows, BATCH_ROWS)):
            yield batch

    def csv_stream(self):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.columns)
        yield buffer.getvalue()
        in_database = self.in_database()
        for batch in self.batches("csv"):
            if in_database:
                yield "\r\n".join(batch) + "\r\n"
            else:
                buffer.seek(0)
                buffer.truncate()
                writer.writerows(map(self.csv_row, batch))
                yield buffer.getvalue()

    def jsonl_stream(self):
        in_database = self.in_database()
        for batch in self.batches("jsonl"):
            if not in_database:
                records = map(self.json_record, batch)
                batch = [json.dumps(record, ensure_ascii=False) for record in records]
            yield "\n".join(batch) + "\n"


class EntryExport(Export):
    """Approved progress entries with their commitment, subject, reporter and evidence."""

    name = "progress-entries"
    lines_in_database = True
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
    fields = {
        "id": F("id"),
        "commitment_id": F("commitment_id"),
        "resolution_id": F("commitment__resolution_id"),
        "resolution_symbol": F("commitment__resolution__symbol"),
        "body": F("commitment__resolution__body"),
        "number": F("commitment__paragraph__number"),
        "sub": F("commitment__paragraph__sub"),
        "strength": F("commitment__strength"),
        "actor_kind": F("commitment__actor_kind"),
        "state_iso3": F("state__iso3"),
        "state_name": F("state__name"),
        "region": F("state__region__name"),
        "subregion": F("state__subregion__name"),
        "subject_slug": F("subject_organization__slug"),
        "subject_name": F("subject_organization__name"),
        "organization_slug": F("organization__slug"),
        "organization_name": F("organization__name"),
        "status": F("status"),
        "fact_date": F("fact_date"),
        "confidence": F("confidence"),
        "summary": F("summary"),
        "decided_at": F("decided_at"),
        "updated": F("updated"),
    }

    def __init__(self, queryset, request):
        super().__init__(queryset, request)
        self.entry_url = url_maker(request, "states:entry_detail")
        self.file_url = url_maker(request, "states:evidence_file")

    def evidence(self):
        return Evidence.objects.shown().public().filter(entry_id=OuterRef("pk"))

    def values(self):
        evidence = json_array_of(
            self.evidence(),
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
        return self.queryset.order_by("pk").values_list(*self.fields.values(), evidence)

    def evidence_items(self, items):
        return sorted(items or [], key=lambda item: item["id"])

    def csv_row(self, row):
        (id, commitment_id, resolution_id, symbol, body, number, sub, strength, actor_kind,
         iso3, state_name, region, subregion, subject_slug, subject_name, organization_slug,
         organization_name, status, fact_date, confidence, summary, decided_at, updated,
         evidence) = row  # fmt: skip
        evidence = self.evidence_items(evidence)
        if iso3:
            subject = ("state", iso3, state_name, region, subregion, "", "")
        else:
            subject = ("organization", "", "", "", "", subject_slug, defang(subject_name))
        return (
            id,
            self.entry_url(id),
            commitment_id,
            resolution_id,
            symbol,
            body,
            paragraph_label(number, sub),
            strength,
            actor_kind,
            *subject,
            organization_slug,
            defang(organization_name),
            status,
            iso(fact_date),
            confidence,
            defang(summary),
            iso(decided_at),
            iso(updated),
            len(evidence),
            defang(" | ".join(item["url"] for item in evidence if item["url"])),
            defang(" | ".join(item["citation"] for item in evidence if item["citation"])),
            " | ".join(self.file_url(item["id"]) for item in evidence if item["file"]),
        )

    def json_record(self, row):
        (id, commitment_id, resolution_id, symbol, body, number, sub, strength, actor_kind,
         iso3, state_name, region, subregion, subject_slug, subject_name, organization_slug,
         organization_name, status, fact_date, confidence, summary, decided_at, updated,
         evidence) = row  # fmt: skip
        if iso3:
            subject = {
                "kind": "state",
                "iso3": iso3,
                "name": state_name,
                "region": region,
                "subregion": subregion,
            }
        else:
            subject = {"kind": "organization", "slug": subject_slug, "name": subject_name}
        return {
            "id": id,
            "web_url": self.entry_url(id),
            "commitment": {
                "id": commitment_id,
                "resolution_id": resolution_id,
                "resolution_symbol": symbol,
                "body": body,
                "paragraph": paragraph_label(number, sub),
                "strength": strength,
                "actor_kind": actor_kind,
            },
            "subject": subject,
            "organization": {"slug": organization_slug, "name": organization_name},
            "status": status,
            "fact_date": iso(fact_date),
            "confidence": confidence,
            "summary": summary,
            "decided_at": iso(decided_at),
            "updated": iso(updated),
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
                for item in self.evidence_items(evidence)
            ],
        }

    def line(self, file_format):
        return self.csv_line() if file_format == "csv" else self.jsonl_line()

    def aggregated_evidence(self, aggregate):
        """A correlated subquery of `aggregate` over the entry's evidence (NULL if it has none)."""
        evidence = self.evidence().order_by().values("entry_id")
        return Subquery(evidence.annotate(aggregate=aggregate).values("aggregate"))

    def csv_line(self):
        """csv_row() written by PostgreSQL."""
        value = self.fields
        head, tail = address_parts(self.request, "states:entry_detail")
        file_head, file_tail = address_parts(self.request, "states:evidence_file")

        def joined(text, **extra):
            return StringAgg(text, " | ", order_by="id", **extra)

        evidence = self.aggregated_evidence(
            csv_line(
                Count("*"),
                csv_cell(defanged(joined(NullIf("url", Value(""))))),
                csv_cell(defanged(joined(NullIf("citation", Value(""))))),
                csv_cell(joined(concat(file_head, F("id"), file_tail), filter=~Q(file=""))),
            )
        )
        state = csv_line(
            "state",
            csv_cell(value["state_iso3"]),
            csv_cell(value["state_name"]),
            csv_cell(value["region"]),
            csv_cell(value["subregion"]),
            "",
            "",
        )
        organization = csv_line(
            "organization",
            "",
            "",
            "",
            "",
            csv_cell(value["subject_slug"]),
            csv_cell(defanged(value["subject_name"])),
        )
        return csv_line(
            value["id"],
            csv_cell(concat(head, value["id"], tail)),
            value["commitment_id"],
            value["resolution_id"],
            csv_cell(value["resolution_symbol"]),
            csv_cell(value["body"]),
            csv_cell(label(value["number"], value["sub"])),
            csv_cell(value["strength"]),
            csv_cell(value["actor_kind"]),
            if_filled(value["state_iso3"], state, organization),
            csv_cell(value["organization_slug"]),
            csv_cell(defanged(value["organization_name"])),
            csv_cell(value["status"]),
            iso_date(value["fact_date"]),
            csv_cell(value["confidence"]),
            csv_cell(defanged(value["summary"])),
            iso_timestamp(value["decided_at"]),
            iso_timestamp(value["updated"]),
            Coalesce(evidence, Value("0,,,"), output_field=TextField()),
        )

    def jsonl_line(self):
        """json_record() written by PostgreSQL."""
        value = self.fields
        as_json = {name: json_value(expression) for name, expression in value.items()}
        head, tail = address_parts(self.request, "states:entry_detail")
        file_head, file_tail = address_parts(self.request, "states:evidence_file")
        item = json_object(
            id=json_value(F("id")),
            kind=if_filled(
                F("file"),
                json_literal("file"),
                if_filled(F("url"), json_literal("url"), json_literal("citation")),
            ),
            url=json_value(F("url")),
            citation=json_value(F("citation")),
            description=json_value(F("description")),
            file=if_filled(
                F("file"), json_value(concat(file_head, F("id"), file_tail)), json_literal(None)
            ),
            original_name=json_value(F("original_name")),
            content_type=json_value(F("content_type")),
            sha256=json_value(F("sha256")),
        )
        evidence = self.aggregated_evidence(
            Sql("'[' || {0} || ']'", StringAgg(item, ", ", order_by="id"))
        )
        return json_object(
            id=as_json["id"],
            web_url=json_value(concat(head, value["id"], tail)),
            commitment=json_object(
                id=as_json["commitment_id"],
                resolution_id=as_json["resolution_id"],
                resolution_symbol=as_json["resolution_symbol"],
                body=as_json["body"],
                paragraph=json_value(label(value["number"], value["sub"])),
                strength=as_json["strength"],
                actor_kind=as_json["actor_kind"],
            ),
            subject=if_filled(
                value["state_iso3"],
                json_object(
                    kind=json_literal("state"),
                    iso3=as_json["state_iso3"],
                    name=as_json["state_name"],
                    region=as_json["region"],
                    subregion=as_json["subregion"],
                ),
                json_object(
                    kind=json_literal("organization"),
                    slug=as_json["subject_slug"],
                    name=as_json["subject_name"],
                ),
            ),
            organization=json_object(
                slug=as_json["organization_slug"], name=as_json["organization_name"]
            ),
            status=as_json["status"],
            fact_date=as_json["fact_date"],
            confidence=as_json["confidence"],
            summary=as_json["summary"],
            decided_at=json_value(iso_timestamp(value["decided_at"])),
            updated=json_value(iso_timestamp(value["updated"])),
            evidence=Coalesce(evidence, Value("[]"), output_field=TextField()),
        )


class CommitmentExport(Export):
    """
    Commitments with their resolution, paragraph, addressees and topics, written the generic
    way only: they number in the thousands where entries grow to hundreds of thousands, and
    their lines in SQL (actors deduplicated in order of first mention, topics sorted as
    Python sorts) would be a lot more SQL for little.
    """

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

    def __init__(self, queryset, request):
        super().__init__(queryset, request)
        self.commitment_url = url_maker(request, "reports:commitment_detail")

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
        return (
            self.queryset.order_by("pk")
            .annotate(
                _resolution_symbol=F("resolution__symbol"),
                _body=F("resolution__body"),
                _adopted_on=F("resolution__adopted_on"),
                _number=F("paragraph__number"),
                _sub=F("paragraph__sub"),
                _position=F("paragraph__position"),
                _text=F("paragraph__text"),
                _addressees=addressees,
                _topics=topics,
            )
            .values_list(
                "id",
                "resolution_id",
                "_resolution_symbol",
                "_body",
                "_adopted_on",
                "_number",
                "_sub",
                "_position",
                "verb_phrase",
                "canonical_verb",
                "strength",
                "action",
                "sub_lead",
                "actor_kind",
                "_addressees",
                "_topics",
                "is_trackable",
                "retired",
                "_text",
                "updated",
            )
        )

    def parts(self, row):
        """The row with its paragraph label, addressees by position and topics by slug."""
        (id, resolution_id, symbol, body, adopted_on, number, sub, position, verb_phrase,
         canonical_verb, strength, action, sub_lead, actor_kind, addressees, topics,
         is_trackable, retired, text, updated) = row  # fmt: skip
        return (
            id,
            resolution_id,
            symbol,
            body,
            iso(adopted_on),
            paragraph_label(number, sub),
            position,
            verb_phrase,
            canonical_verb,
            strength,
            action,
            sub_lead,
            actor_kind,
            sorted(addressees or [], key=lambda addressee: addressee["position"]),
            sorted(item["slug"] for item in topics or []),
            bool(is_trackable),
            bool(retired),
            text,
            iso(updated),
        )

    def csv_row(self, row):
        (id, resolution_id, symbol, body, adopted_on, paragraph, position, verb_phrase,
         canonical_verb, strength, action, sub_lead, actor_kind, addressees, topics,
         is_trackable, retired, text, updated) = self.parts(row)  # fmt: skip
        actors = dict.fromkeys(a["actor"] for a in addressees if a["actor"])
        return (
            id,
            self.commitment_url(id),
            resolution_id,
            symbol,
            body,
            adopted_on,
            paragraph,
            position,
            verb_phrase,
            canonical_verb,
            strength,
            defang(action),
            defang(sub_lead),
            actor_kind,
            defang("; ".join(actors)),
            defang("; ".join(a["text"] for a in addressees)),
            "; ".join(topics),
            is_trackable,
            retired,
            defang(text),
            updated,
        )

    def json_record(self, row):
        (id, resolution_id, symbol, body, adopted_on, paragraph, position, verb_phrase,
         canonical_verb, strength, action, sub_lead, actor_kind, addressees, topics,
         is_trackable, retired, text, updated) = self.parts(row)  # fmt: skip
        return {
            "id": id,
            "web_url": self.commitment_url(id),
            "resolution_id": resolution_id,
            "resolution_symbol": symbol,
            "body": body,
            "adopted_on": adopted_on,
            "paragraph": paragraph,
            "position": position,
            "verb_phrase": verb_phrase,
            "canonical_verb": canonical_verb,
            "strength": strength,
            "action": action,
            "sub_lead": sub_lead,
            "actor_kind": actor_kind,
            "addressees": [
                {"text": a["text"], "kind": a["kind"], "actor": a["actor"]} for a in addressees
            ],
            "topics": topics,
            "is_trackable": is_trackable,
            "retired": retired,
            "text": text,
            "updated": updated,
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
        state_filters.ProgressEntryFilterSet,
        EntryExport,
        _approved_entries,
    ),
    "commitments": Dataset(
        "Commitments", filtersets.CommitmentFilterSet, CommitmentExport, _commitments
    ),
}
