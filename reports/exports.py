"""
Bulk exports of approved progress entries and of commitments, as CSV or JSON Lines, streamed.

Each dataset declares its columns once (header, ORM expression) and the shape of its JSON
record from the same expressions. The rows are the queryset handed in, filters and
`restrict(user)` applied, compiled by Django: the export adds columns, never a WHERE.

Who writes the bytes:

- PostgreSQL, for the database that holds the tables that grow: CSV is its own `COPY (SELECT
  ...) TO STDOUT (FORMAT csv)`, read block by block; JSON Lines is one json_build_object(...)
  text a row, read in chunks from a server-side cursor. Python only passes the bytes on.
- SQLite (development and tests): the same SELECT gives plain values, and Python writes
  them with csv.writer and json.dumps.

Both give the same bytes for the same rows, so the Python side writes what PostgreSQL
writes: CSV lines end in LF, a cell is quoted when it holds a comma, quote, CR or LF, and an
empty text is an empty cell (never ""); JSON is laid out as json_build_object lays it out
(`{"key" : value, ...}`). tests/api/test_exports.py holds both ways to the same bytes.

Exports are documents meant to be passed on: they never carry confidential evidence (nor
count it), whoever downloads them; that stays on the pages and in the API, for those who may
read it.

CSV cells of free text that start with =, +, -, @ (or a tab or carriage return) get a
leading apostrophe, so that a spreadsheet shows them as text instead of running them as
formulas; JSON Lines carries every value exactly.
"""

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.aggregates.mixins import OrderableAggMixin
from django.db import connections
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    Func,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Collate, Concat, NullIf, Replace

from commitments.models import Commitment, CommitmentActor
from states.filtersets import NamedStateCommitmentFilterSet, ProgressEntryFilterSet
from states.models import Evidence, ProgressEntry

from .addresses import address_parts

CHUNK_SIZE = 2000  # rows fetched from the database at a time
BATCH_ROWS = 500  # rows written out per piece of the response
PIECE_BYTES = 64 * 1024  # COPY hands over a row at a time: pass them on in pieces this big
FORMULA_STARTS = "=+-@\t\r"
JSON_SEPARATORS = (", ", " : ")  # as json_build_object and json_agg write JSON


def defang(text):
    """Text a spreadsheet would run as a formula, with a leading apostrophe (CSV only)."""
    return "'" + text if text and text[0] in FORMULA_STARTS else text


# --- What a dataset is made of ---------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A CSV column: its header and value; `free_text` cells are defanged."""

    header: str
    value: object
    free_text: bool = False


@dataclass(frozen=True)
class Either:
    """JSON: the object `then` where `condition` holds, else the object `otherwise`."""

    condition: Q
    then: dict
    otherwise: dict


@dataclass(frozen=True)
class Items:
    """
    What a row has several of (an entry's evidence, a commitment's addressees): the rows of
    `rows` (a queryset correlated to the outer row by `link`), in `order`, as a JSON array of
    `value` (an object when a dict) or, with `separator`, as one text joined by it, values
    that are NULL left out (string_agg).
    """

    rows: object
    link: str
    value: object
    order: object = "id"
    separator: str | None = None
    text_order: bool = False  # ordered as Python sorts text: by code point, not by locale

    def subquery(self, aggregate, output_field):
        grouped = self.rows.filter(**{self.link: OuterRef("pk")}).order_by().values(self.link)
        items = grouped.annotate(items=aggregate).values("items")
        return Subquery(items, output_field=output_field)

    def in_postgresql(self):
        order = self.order if not isinstance(self.order, str) else F(self.order)
        if self.text_order:
            order = Collate(order, "C")
        if self.separator is not None:
            return self.subquery(StringAgg(self.value, self.separator, order_by=order), TextField())
        value = json_in_postgresql(self.value)
        array = self.subquery(JSONAgg(value, order_by=order), TextField())
        empty = Func(Value("[]"), template="%(expressions)s::json")
        return Coalesce(array, empty, output_field=TextField())

    def for_python(self):
        """SQLite has no ordered aggregate: [order, value] pairs, which Python sorts."""
        order = self.order if not isinstance(self.order, str) else F(self.order)
        value = self.value if not isinstance(self.value, dict) else JSONObject(self.value)
        return self.subquery(GroupArray(JSONArray(order, value)), TextField())

    def from_python(self, pairs):
        pairs = json.loads(pairs) if pairs else []
        values = [value for _, value in sorted(pairs, key=lambda pair: pair[0])]
        if self.separator is None:
            return values
        present = [value for value in values if value is not None]
        return self.separator.join(present) if present else None


@dataclass
class Dataset:
    """One exportable dataset: whose rows, their filters, and its columns and JSON record."""

    name: str
    label: str
    filterset: type
    rows: Callable  # user -> queryset
    layout: Callable  # link -> (columns, record)

    def queryset(self, user):
        return self.rows(user)

    def export(self, queryset, request):
        return Export(self, queryset, request)


# --- The SQL bits ----------------------------------------------------------------------------


class JSONAgg(OrderableAggMixin, Aggregate):
    function = "JSON_AGG"
    template = "%(function)s(%(expressions)s %(order_by)s)"
    output_field = TextField()


class GroupArray(Aggregate):
    """A JSON array of the grouped values (unordered: SQLite has no ordered aggregates)."""

    function = "JSON_GROUP_ARRAY"
    output_field = TextField()  # read as text, which from_python() decodes

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="JSON_AGG(%(expressions)s)::text", **extra_context
        )


class JSONArray(Func):
    function = "JSON_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_ARRAY", **extra_context)


class JSONObject(Func):
    """A JSON object of these members, in order; on PostgreSQL json (not jsonb: keys in order)."""

    function = "JSON_OBJECT"
    output_field = TextField()

    def __init__(self, members):
        super().__init__(*[part for key, value in members.items() for part in (Value(key), value)])

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSON_BUILD_OBJECT", **extra_context)


class Sql(Func):
    """A PostgreSQL snippet with the expression where {0} is (once or more)."""

    output_field = TextField()

    def __init__(self, snippet, expression):
        super().__init__(expression)
        self.snippet = snippet

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return self.snippet.replace("{0}", f"({sql})"), params * self.snippet.count("{0}")


def iso_timestamp(timestamp):
    """As datetime.isoformat() writes it, in the connection's time zone (which Django sets)."""
    return Sql(
        """replace(to_char({0}, 'YYYY-MM-DD"T"HH24:MI:SS.USTZH:TZM'), '.000000', '')""", timestamp
    )


def kind_of(expression, queryset):
    """'boolean', 'date', 'timestamp', 'text' or 'other': how a value is written."""
    resolved = expression.resolve_expression(queryset.query.clone())  # joins stay off the query
    output = resolved.output_field
    if isinstance(output, CharField | TextField):
        return "text"
    if isinstance(output, BooleanField):
        return "boolean"
    if isinstance(output, DateTimeField):
        return "timestamp"
    if isinstance(output, DateField):
        return "date"
    return "other"


def csv_cell_in_postgresql(column, queryset):
    """The column's cell as text, written as Python's csv.writer would write its value."""
    value = column.value.in_postgresql() if isinstance(column.value, Items) else column.value
    kind = kind_of(value, queryset)
    if kind == "boolean":
        return Sql("CASE WHEN {0} THEN 'True' WHEN NOT {0} THEN 'False' END", value)
    if kind == "timestamp":
        return iso_timestamp(value)
    if kind == "date":
        return Sql("to_char({0}, 'YYYY-MM-DD')", value)
    if kind != "text":
        return value
    if column.free_text:
        value = Sql(
            r"CASE WHEN left({0}, 1) IN ('=', '+', '-', '@', E'\t', E'\r')"
            " THEN '''' || {0} ELSE {0} END",
            value,
        )
    # COPY writes an empty text as "" (NULL as nothing); csv.writer writes both as nothing.
    return NullIf(value, Value(""), output_field=TextField())


def json_in_postgresql(node, queryset=None):
    """json_build_object of the record's tree; timestamps as isoformat() writes them."""
    if isinstance(node, dict):
        return JSONObject({key: json_in_postgresql(v, queryset) for key, v in node.items()})
    if isinstance(node, Either):
        then, otherwise = json_in_postgresql(node.then), json_in_postgresql(node.otherwise)
        return Case(When(node.condition, then=then), default=otherwise, output_field=TextField())
    if isinstance(node, Items):
        return node.in_postgresql()
    if queryset is not None and kind_of(node, queryset) == "timestamp":
        return iso_timestamp(node)
    return node


# --- Python writes the values (SQLite) -------------------------------------------------------


def python_leaves(node):
    """The expressions values_list() reads for a record's tree, in order."""
    if isinstance(node, dict):
        return [leaf for value in node.values() for leaf in python_leaves(value)]
    if isinstance(node, Either):
        condition = Case(
            When(node.condition, then=True), default=False, output_field=BooleanField()
        )
        return [condition, *python_leaves(node.then), *python_leaves(node.otherwise)]
    if isinstance(node, Items):
        return [node.for_python()]
    return [node]


def python_value(node, values):
    """The record's tree with the values read by python_leaves(), in JSON's types."""
    if isinstance(node, dict):
        return {key: python_value(value, values) for key, value in node.items()}
    if isinstance(node, Either):
        condition = next(values)
        then, otherwise = python_value(node.then, values), python_value(node.otherwise, values)
        return then if condition else otherwise
    value = next(values)
    if isinstance(node, Items):
        return node.from_python(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


class LineWriter:
    """
    csv.writer's file: it quotes cells as for CRLF lines (a lone CR gets quotes, as COPY
    gives it), and each line it writes is ended by a LF instead, as COPY ends lines.
    """

    def __init__(self):
        self.lines = []

    def write(self, line):
        self.lines.append(line[:-2] + "\n")

    def take(self):
        lines, self.lines = self.lines, []
        return "".join(lines).encode()


# --- Exports ---------------------------------------------------------------------------------


class Export:
    """One export of a dataset's rows: streams of bytes, as CSV and as JSON Lines."""

    def __init__(self, dataset, queryset, request):
        self.dataset = dataset
        self.name = dataset.name
        self.queryset = queryset.order_by("pk")
        self.columns, self.record = dataset.layout(self.link_maker(request))

    @staticmethod
    def link_maker(request):
        def link(view_name, pk):
            head, tail = address_parts(request, view_name)
            return Concat(Value(head), pk, Value(tail), output_field=TextField())

        return link

    @property
    def connection(self):
        return connections[self.queryset.db]

    def in_postgresql(self):
        return self.connection.vendor == "postgresql"

    def header(self):
        writer = LineWriter()
        csv.writer(writer, lineterminator="\r\n").writerow(c.header for c in self.columns)
        return writer.take()

    def csv_stream(self):
        yield self.header()
        if self.in_postgresql():
            yield from self.copy_csv()
            return
        writer = LineWriter()
        rows = csv.writer(writer, lineterminator="\r\n")
        values = {column.header: column.value for column in self.columns}
        for batch in self.batches(self.queryset.values_list(*python_leaves(values))):
            for row in batch:
                cells = python_value(values, iter(row)).values()
                rows.writerow(
                    defang(cell) if column.free_text else cell
                    for column, cell in zip(self.columns, cells, strict=True)
                )
            yield writer.take()

    def copy_csv(self):
        cells = [csv_cell_in_postgresql(column, self.queryset) for column in self.columns]
        sql, params = self.queryset.values_list(*cells).query.sql_with_params()
        copy = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
        statement = self.connection.ops.compose_sql(copy, params)
        piece = bytearray()
        with self.connection.cursor() as cursor, cursor.copy(statement) as copying:
            for block in copying:
                piece += block
                if len(piece) >= PIECE_BYTES:
                    yield bytes(piece)
                    piece.clear()
        if piece:
            yield bytes(piece)

    def jsonl_stream(self):
        if self.in_postgresql():
            # As text: psycopg would read json into Python objects.
            line = Cast(json_in_postgresql(self.record, self.queryset), TextField())
            for batch in self.batches(self.queryset.values_list(line, flat=True)):
                yield ("\n".join(batch) + "\n").encode()
            return
        for batch in self.batches(self.queryset.values_list(*python_leaves(self.record))):
            lines = (
                json.dumps(
                    python_value(self.record, iter(row)),
                    ensure_ascii=False,
                    separators=JSON_SEPARATORS,
                )
                for row in batch
            )
            yield ("\n".join(lines) + "\n").encode()

    @staticmethod
    def batches(select):
        rows = select.iterator(chunk_size=CHUNK_SIZE)
        while batch := list(islice(rows, BATCH_ROWS)):
            yield batch


# --- The datasets ----------------------------------------------------------------------------


def paragraph_label(number, sub):
    """'7', '7(a)' or '1(b)(i)' (Paragraph.label): the parts of 'b-i' in brackets, none empty."""
    bracketed = Concat(Value("("), Replace(sub, Value("-"), Value(")(")), Value(")"))
    return Concat(number, Replace(bracketed, Value("()"), Value("")), output_field=TextField())


def entries_layout(link):
    evidence = Evidence.objects.shown().public()
    with_file = ~Q(file="")
    file_url = Case(When(with_file, then=link("states:evidence_file", F("id"))), default=None)
    columns = [
        Column("id", F("id")),
        Column("web_url", link("states:entry_detail", F("id"))),
        Column("commitment_id", F("commitment_id")),
        Column("resolution_id", F("commitment__resolution_id")),
        Column("resolution_symbol", F("commitment__resolution__symbol")),
        Column("body", F("commitment__resolution__body")),
        Column(
            "paragraph",
            paragraph_label(F("commitment__paragraph__number"), F("commitment__paragraph__sub")),
        ),
        Column("part", NullIf(F("commitment__paragraph__part"), Value(""))),
        Column("strength", F("commitment__strength")),
        Column("actor_kind", F("commitment__actor_kind")),
        Column(
            "subject_kind",
            Case(When(state__isnull=False, then=Value("state")), default=Value("organization")),
        ),
        Column("state_iso3", F("state__iso3")),
        Column("state_name", F("state__name")),
        Column("region", F("state__region__name")),
        Column("subregion", F("state__subregion__name")),
        Column("subject_organization", F("subject_organization__slug")),
        Column("subject_organization_name", F("subject_organization__name"), free_text=True),
        Column("organization", F("organization__slug")),
        Column("organization_name", F("organization__name"), free_text=True),
        Column("status", F("status")),
        Column("fact_date", F("fact_date")),
        Column("confidence", F("confidence")),
        Column("summary", F("summary"), free_text=True),
        Column("decided_at", F("decided_at")),
        Column("updated", F("updated")),
        Column(
            "evidence_count",
            Coalesce(
                Subquery(
                    evidence.filter(entry_id=OuterRef("pk"))
                    .order_by()
                    .values("entry_id")
                    .annotate(count=Count("*"))
                    .values("count")
                ),
                0,
            ),
        ),
        Column(
            "evidence_urls",
            Items(evidence, "entry_id", NullIf("url", Value("")), separator=" | "),
            free_text=True,
        ),
        Column(
            "evidence_citations",
            Items(evidence, "entry_id", NullIf("citation", Value("")), separator=" | "),
            free_text=True,
        ),
        Column("evidence_files", Items(evidence, "entry_id", file_url, separator=" | ")),
    ]
    value = {column.header: column.value for column in columns}
    record = {
        "id": value["id"],
        "web_url": value["web_url"],
        "commitment": {
            "id": value["commitment_id"],
            "resolution_id": value["resolution_id"],
            "resolution_symbol": value["resolution_symbol"],
            "body": value["body"],
            "paragraph": value["paragraph"],
            "part": value["part"],
            "strength": value["strength"],
            "actor_kind": value["actor_kind"],
        },
        "subject": Either(
            Q(state__isnull=False),
            {
                "kind": Value("state"),
                "iso3": value["state_iso3"],
                "name": value["state_name"],
                "region": value["region"],
                "subregion": value["subregion"],
            },
            {
                "kind": Value("organization"),
                "slug": value["subject_organization"],
                "name": value["subject_organization_name"],
            },
        ),
        "organization": {"slug": value["organization"], "name": value["organization_name"]},
        "status": value["status"],
        "fact_date": value["fact_date"],
        "confidence": value["confidence"],
        "summary": value["summary"],
        "decided_at": value["decided_at"],
        "updated": value["updated"],
        "evidence": Items(
            evidence,
            "entry_id",
            {
                "id": F("id"),
                "kind": Case(
                    When(with_file, then=Value("file")),
                    When(~Q(url=""), then=Value("url")),
                    default=Value("citation"),
                ),
                "url": F("url"),
                "citation": F("citation"),
                "description": F("description"),
                "file": file_url,
                "original_name": F("original_name"),
                "content_type": F("content_type"),
                "sha256": F("sha256"),
            },
        ),
    }
    return columns, record


def commitments_layout(link):
    links = CommitmentActor.objects.all()
    # An actor named twice (a State, then States again) is listed once, at its first mention.
    first_mentions = links.filter(actor__isnull=False).exclude(
        Exists(
            CommitmentActor.objects.filter(
                commitment_id=OuterRef("commitment_id"),
                actor_id=OuterRef("actor_id"),
                position__lt=OuterRef("position"),
            )
        )
    )
    topics = Commitment.topics.through.objects.all()
    columns = [
        Column("id", F("id")),
        Column("web_url", link("reports:commitment_detail", F("id"))),
        Column("resolution_id", F("resolution_id")),
        Column("resolution_symbol", F("resolution__symbol")),
        Column("body", F("resolution__body")),
        Column("adopted_on", F("resolution__adopted_on")),
        Column("paragraph", paragraph_label(F("paragraph__number"), F("paragraph__sub"))),
        Column("part", NullIf(F("paragraph__part"), Value(""))),
        Column("position", F("paragraph__position")),
        Column("verb_phrase", F("verb_phrase")),
        Column("canonical_verb", F("canonical_verb")),
        Column("strength", F("strength")),
        Column("action", F("action"), free_text=True),
        Column("sub_lead", F("sub_lead"), free_text=True),
        Column("actor_kind", F("actor_kind")),
        Column(
            "actors",
            Items(first_mentions, "commitment_id", F("actor__name"), "position", "; "),
            free_text=True,
        ),
        Column(
            "addressees",
            Items(links, "commitment_id", F("text"), "position", "; "),
            free_text=True,
        ),
        Column(
            "topics",
            Items(topics, "commitment_id", F("topic__slug"), "topic__slug", "; ", text_order=True),
        ),
        Column("is_trackable", F("is_trackable")),
        Column("retired", F("retired")),
        Column("text", F("paragraph__text"), free_text=True),
        Column("updated", F("updated")),
    ]
    record = {column.header: column.value for column in columns}
    record["addressees"] = Items(
        links,
        "commitment_id",
        {"text": F("text"), "kind": F("kind"), "actor": F("actor__name")},
        "position",
    )
    record["topics"] = Items(
        topics, "commitment_id", F("topic__slug"), "topic__slug", text_order=True
    )
    del record["actors"]
    return columns, record


EXPORTS = {
    "entries": Dataset(
        "progress-entries",
        "Approved progress entries with their evidence",
        ProgressEntryFilterSet,
        lambda user: ProgressEntry.objects.restrict(user).approved(),
        entries_layout,
    ),
    "commitments": Dataset(
        "commitments",
        "Commitments",
        NamedStateCommitmentFilterSet,
        lambda user: Commitment.objects.all(),
        commitments_layout,
    ),
}
