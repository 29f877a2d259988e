"""
A resolution as an Akoma Ntoso 3.0 document, marked up after the UN's AKN4UN guidelines.

The conventions followed, and where they come from:

- Document type. AKN4UN Part 2, *Document Class: Deliberative Documents*, models a
  resolution as the AKN document type ``<statement>`` with subtype ``deliberation`` and
  ``@name="resolution"``; ``<statement>`` carries its operative part in ``<mainBody>``
  (AKN4UN Part 1, 2.2.5).
- Identifiers. The FRBR IRIs follow the Akoma Ntoso naming convention as AKN4UN Part 1, 2.3
  applies it to the UN: ``/akn/un/statement/deliberation/{actor}/{date}/{number}`` for the
  work, ``…/eng@{date}`` for the English expression and ``…/eng@{date}.akn`` for this XML
  manifestation. ``{actor}`` is the adopting organ (``unga``, ``unhrc``, ``unsc``, …) and
  ``{number}`` the symbol's number with its slashes turned into hyphens (``65-190``).
- Preface and preamble. AKN4UN Part 2, *Basic Structures*, recommends grouping the content
  of ``<preface>`` and ``<preamble>`` in ``<container>`` elements whose ``@name`` says what
  they hold: the symbol (``docNumber``), the adopting organ (``docAuthority``), the session
  and the adoption date (``docDate``) are containers of the preface, the title its
  ``longTitle`` (``docTitle``); every preambular paragraph is a
  ``<container name="preambularParagraph">`` after the ``enactingFormula``
  ("The General Assembly,").
- Operative part. Every operative paragraph is a numbered ``<paragraph>`` (``eId="para_16"``,
  ``<num>16.</num>``); sub-paragraphs, which the UN Editorial Manual numbers (a), (b) at the
  first degree and (i), (ii) at the second, are nested ``<subparagraph>`` elements
  (``para_2__subpara_b__subpara_i``). A paragraph with sub-paragraphs puts its own lead-in
  in ``<intro>``, one without them its text in ``<content>``, as the AKN hierarchy requires.
- The opening phrase that the UN prints in italics stays in ``<i>``; the operative verb is
  also marked as ``<inline name="operativeVerb">``.

Every export validates against the official OASIS ``akomantoso30.xsd`` kept in
``commitments/schemas/`` (see its README), which also checks that eIds are unique.
"""

import functools
import re
from datetime import date
from pathlib import Path

from django.utils import dateformat
from lxml import etree

from .choices import Body

AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CONTENT_TYPE = "application/akn+xml"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "akomantoso30.xsd"

# The organization that produced the XML (the source of the metadata), as a TLC reference.
EDITOR_ID = "commitmentTracker"

# The adopting organ as the actor component of the IRIs and the id of its TLCOrganization.
ACTORS = {
    Body.GENERAL_ASSEMBLY: "unga",
    Body.HUMAN_RIGHTS_COUNCIL: "unhrc",
    Body.ECOSOC: "unecosoc",
    Body.SECURITY_COUNCIL: "unsc",
    Body.COMMISSION_STATUS_WOMEN: "uncsw",
    Body.COMMISSION_CRIME_PREVENTION: "unccpcj",
    Body.OTHER: "un",
}

# Elements with mixed content: an empty text keeps pretty-printing from adding whitespace.
_MIXED = {"p", "docAuthority", "inline"}

# Characters XML 1.0 cannot carry (text copied from PDFs brings form feeds and the like).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def export_resolution(resolution, paragraphs=None) -> bytes:
    """The resolution as an Akoma Ntoso document, UTF-8 encoded with an XML declaration."""
    root = build_document(resolution, paragraphs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def build_document(resolution, paragraphs=None) -> etree._Element:
    """
    The ``<akomaNtoso>`` element for a resolution. `paragraphs` are its current paragraphs in
    document order; they are read from the database when not given.
    """
    if paragraphs is None:
        paragraphs = list(resolution.paragraphs.current())
    builder = _Builder(resolution, paragraphs)
    return builder.build()


def akn_filename(resolution) -> str:
    """A file name for the download, from the symbol: A/RES/65/190 gives A-RES-65-190.xml."""
    stem = _token(resolution.symbol or "")
    return f"{stem or f'resolution-{resolution.pk}'}.xml"


@functools.cache
def akn_schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 schema; its xml.xsd import resolves next to it."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validation_errors(document) -> list[str]:
    """What keeps `document` (bytes or an element) from validating; empty when it is valid."""
    root = etree.fromstring(document) if isinstance(document, bytes) else document
    schema = akn_schema()
    if schema.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def work_iri(resolution) -> str:
    """The work IRI: /akn/un/statement/deliberation/unga/2010-12-21/65-190."""
    number = _work_number(resolution)
    return (
        f"/akn/un/statement/deliberation/{_actor(resolution)}/"
        f"{_work_date(resolution).isoformat()}/{number}"
    )


def _actor(resolution) -> str:
    return ACTORS.get(resolution.body, ACTORS[Body.OTHER])


def _work_date(resolution) -> date:
    """The adoption date; a resolution whose text gives none is dated by its import."""
    return resolution.adopted_on or resolution.created.date()


def _work_number(resolution) -> str:
    """The symbol's number: A/RES/65/190 gives 65-190, S/RES/2331 (2016) gives 2331-2016."""
    symbol = resolution.symbol or ""
    _, found, number = symbol.upper().rpartition("RES/")
    return _token(number if found else symbol) or f"res-{resolution.pk}"


def _token(value: str) -> str:
    """Letters and digits, with every other run of characters as one hyphen."""
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _date_text(value: date) -> str:
    return dateformat.format(value, "j F Y")


class _Builder:
    """Builds one document; keeps the eIds given so far so that each stays unique."""

    def __init__(self, resolution, paragraphs):
        self.resolution = resolution
        # The resolution's own text: an annexed text would be an attachment, with its own
        # metadata, which this export does not write yet.
        self.paragraphs = [paragraph for paragraph in paragraphs if not paragraph.part]
        self.actor = _actor(resolution)
        self.eids: set[str] = set()

    def element(self, parent, tag, text=None, eid=None, **attributes):
        node = etree.SubElement(parent, self.tag(tag))
        if eid:
            node.set("eId", self.unique(eid))
        for name, value in attributes.items():
            node.set(name, value)
        if text:
            node.text = _clean(text)
        elif tag in _MIXED:
            node.text = ""
        return node

    @staticmethod
    def tag(name):
        return f"{{{AKN_NAMESPACE}}}{name}"

    def unique(self, eid: str) -> str:
        candidate, count = eid, 1
        while candidate in self.eids:
            count += 1
            candidate = f"{eid}-{count}"
        self.eids.add(candidate)
        return candidate

    def build(self):
        root = etree.Element(self.tag("akomaNtoso"), nsmap={None: AKN_NAMESPACE})
        statement = self.element(root, "statement", name="resolution")
        self.meta(statement)
        self.preface(statement)
        self.preamble(statement)
        self.main_body(statement)
        return root

    # Metadata ------------------------------------------------------------------------------

    def meta(self, parent):
        resolution = self.resolution
        work = work_iri(resolution)
        work_date = _work_date(resolution).isoformat()
        date_name = "adoption" if resolution.adopted_on else "import"
        expression = f"{work}/eng@{work_date}"
        meta = self.element(parent, "meta")
        identification = self.element(meta, "identification", source=f"#{EDITOR_ID}")

        frbr_work = self.element(identification, "FRBRWork")
        self.element(frbr_work, "FRBRthis", value=f"{work}/!main")
        self.element(frbr_work, "FRBRuri", value=work)
        self.element(frbr_work, "FRBRdate", date=work_date, name=date_name)
        self.element(frbr_work, "FRBRauthor", href=f"#{self.actor}", **{"as": "#author"})
        self.element(frbr_work, "FRBRcountry", value="un")
        self.element(frbr_work, "FRBRsubtype", value="deliberation")
        self.element(frbr_work, "FRBRnumber", value=_work_number(resolution))
        if resolution.symbol:
            self.element(frbr_work, "FRBRname", value=resolution.symbol)

        frbr_expression = self.element(identification, "FRBRExpression")
        self.element(frbr_expression, "FRBRthis", value=f"{expression}/!main")
        self.element(frbr_expression, "FRBRuri", value=expression)
        self.element(frbr_expression, "FRBRdate", date=work_date, name=date_name)
        self.element(frbr_expression, "FRBRauthor", href=f"#{self.actor}", **{"as": "#author"})
        self.element(frbr_expression, "FRBRversionNumber", value=str(resolution.version))
        self.element(frbr_expression, "FRBRlanguage", language="eng")

        frbr_manifestation = self.element(identification, "FRBRManifestation")
        self.element(frbr_manifestation, "FRBRthis", value=f"{expression}/!main.xml")
        self.element(frbr_manifestation, "FRBRuri", value=f"{expression}.akn")
        self.element(
            frbr_manifestation,
            "FRBRdate",
            date=resolution.updated.date().isoformat(),
            name="generation",
        )
        self.element(frbr_manifestation, "FRBRauthor", href=f"#{EDITOR_ID}", **{"as": "#editor"})
        self.element(frbr_manifestation, "FRBRformat", value=CONTENT_TYPE)

        references = self.element(meta, "references", source=f"#{EDITOR_ID}")
        self.element(
            references,
            "TLCOrganization",
            eid=self.actor,
            href=f"/akn/ontology/organization/un/{self.actor}",
            showAs=resolution.get_body_display(),
        )
        self.element(
            references,
            "TLCOrganization",
            eid=EDITOR_ID,
            href=f"/akn/ontology/organization/{EDITOR_ID}",
            showAs="Commitment Tracker",
        )
        for role in ("author", "editor"):
            self.element(
                references,
                "TLCRole",
                eid=role,
                href=f"/akn/ontology/role/{role}",
                showAs=role.capitalize(),
            )

    # Preface and preamble ----------------------------------------------------------------

    def preface(self, parent):
        resolution = self.resolution
        preface = self.element(parent, "preface")
        if resolution.symbol:
            p = self.element(self.container(preface, "preface", "symbol"), "p")
            self.element(p, "docNumber", resolution.symbol)
        p = self.element(self.container(preface, "preface", "authority"), "p")
        authority = self.element(p, "docAuthority")
        self.element(
            authority, "organization", resolution.get_body_display(), refersTo=f"#{self.actor}"
        )
        if resolution.session:
            p = self.element(self.container(preface, "preface", "session"), "p")
            self.element(p, "session", resolution.session)
        if resolution.title:
            long_title = self.element(preface, "longTitle", eid="preface__longTitle_1")
            self.element(self.element(long_title, "p"), "docTitle", resolution.title)
        if resolution.adopted_on:
            p = self.element(self.container(preface, "preface", "adoption"), "p", "Adopted on ")
            self.element(
                p,
                "docDate",
                _date_text(resolution.adopted_on),
                date=resolution.adopted_on.isoformat(),
            )
        if resolution.vote_note:
            self.element(self.container(preface, "preface", "vote"), "p", resolution.vote_note)

    def container(self, parent, prefix, name):
        count = sum(1 for child in parent if child.tag == self.tag("container")) + 1
        return self.element(parent, "container", eid=f"{prefix}__container_{count}", name=name)

    def preamble(self, parent):
        preambular = [p for p in self.paragraphs if not p.is_operative]
        formula = self.resolution.body != Body.OTHER
        if not preambular and not formula:
            return
        preamble = self.element(parent, "preamble")
        if formula:
            block = self.element(
                preamble, "formula", eid="preamble__formula_1", name="enactingFormula"
            )
            p = self.element(block, "p", "The ")
            organ = self.element(
                p, "organization", self.resolution.get_body_display(), refersTo=f"#{self.actor}"
            )
            organ.tail = ","
        for paragraph in preambular:
            container = self.container(preamble, "preamble", "preambularParagraph")
            self.text(container, paragraph, operative=False)

    def text(self, parent, paragraph, *, operative):
        """A <p> with the paragraph's text, its opening phrase in italics."""
        p = self.element(parent, "p")
        opener, rest = paragraph.opener_and_rest
        if not opener:
            p.text = _clean(paragraph.text)
            return p
        if operative:
            verb = self.element(p, "inline", name="operativeVerb")
            self.element(verb, "i", opener)
            verb.tail = _clean(rest)
        else:
            self.element(p, "i", opener).tail = _clean(rest)
        return p

    # Operative part ----------------------------------------------------------------------

    def main_body(self, parent):
        main_body = self.element(parent, "mainBody")
        operative = [p for p in self.paragraphs if p.is_operative]
        present = {p.pk for p in operative}
        children: dict[int, list] = {}
        top = []
        for paragraph in operative:
            if paragraph.parent_id in present:
                children.setdefault(paragraph.parent_id, []).append(paragraph)
            else:
                top.append(paragraph)
        for index, paragraph in enumerate(top, start=1):
            eid = f"para_{_token(paragraph.number) or index}"
            self.hierarchy(main_body, "paragraph", eid, paragraph, children)
        if not top:
            self.element(main_body, "p")

    def hierarchy(self, parent, tag, eid, paragraph, children):
        node = self.element(parent, tag, eid=eid)
        if num := self.num(paragraph):
            self.element(node, "num", num)
        kids = children.get(paragraph.pk, [])
        if not kids:
            self.text(self.element(node, "content"), paragraph, operative=True)
            return node
        self.text(self.element(node, "intro"), paragraph, operative=True)
        for index, child in enumerate(kids, start=1):
            label = _token(child.sub.rsplit("-", 1)[-1]) or str(index)
            self.hierarchy(
                node, "subparagraph", f"{node.get('eId')}__subpara_{label}", child, children
            )
        return node

    @staticmethod
    def num(paragraph) -> str:
        if paragraph.sub:
            return f"({paragraph.sub.rsplit('-', 1)[-1]})"
        return f"{paragraph.number}." if paragraph.number else ""
