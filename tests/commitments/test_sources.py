import io
import random
import zipfile

import pytest
from docx import Document

from commitments import sources
from commitments.parsing import parse_resolution
from commitments.sources import SourceError, text_from_bytes
from tests.files import WORD_NAMESPACE, WORD_PARAGRAPH, word_document_xml, word_file


def make_docx(paragraphs):
    """A Word file whose paragraphs are lists of (text, italic) runs."""
    document = Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, italic in runs:
            paragraph.add_run(text).italic = italic
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines):
    """A minimal one-page PDF with a text layer (what official PDFs carry)."""
    content = (
        "BT /F1 11 Tf 72 720 Td 14 TL "
        + " ".join("({}) '".format(line.replace("(", r"\(").replace(")", r"\)")) for line in lines)
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = "%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


RESOLUTION_LINES = [
    "The General Assembly,",
    "Recalling its previous resolutions on trafficking in persons,",
    "1. Urges Governments to criminalize trafficking in persons in all its forms;",
    "2. Requests the Secretary-General to submit a report at its next session.",
]


def test_it_reads_a_word_file_and_keeps_italic_verbs_as_emphasis():
    data = make_docx(
        [
            [("The General Assembly,", False)],
            [("Recalling", True), (" its previous resolutions on trafficking in persons,", False)],
            [("1. ", False), ("Urges", True), (" Governments to criminalize trafficking;", False)],
        ]
    )

    text = text_from_bytes(data, "resolution.docx")

    assert "*Recalling* its previous resolutions" in text
    assert "1. *Urges* Governments to criminalize trafficking;" in text
    parsed = parse_resolution(text)
    assert [(item.number, item.verb) for item in parsed.operative] == [("1", "Urges")]


def test_it_reads_the_text_layer_of_a_pdf():
    text = text_from_bytes(make_pdf(RESOLUTION_LINES), "resolution.pdf")

    parsed = parse_resolution(text)

    assert [(item.number, item.verb) for item in parsed.operative] == [
        ("1", "Urges"),
        ("2", "Requests"),
    ]


def test_it_decodes_windows_encoded_text():
    text = text_from_bytes("Côte d’Ivoire".encode("cp1252"), "r.txt")
    assert text == "Côte d’Ivoire"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary", "not text"),
        (b"%PDF-1.4 broken", "PDF"),
        (b"PK\x03\x04not really a zip", "Word document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".doc"),
    ],
)
def test_it_explains_files_it_cannot_read(data, message):
    with pytest.raises(SourceError, match=message):
        text_from_bytes(data, "upload")


MB = 1024 * 1024


def forbid_unpacking(monkeypatch):
    """From here on, opening (unpacking) any member of a zip fails the test."""

    def unpack(*args, **kwargs):
        raise AssertionError("a member of the zip was unpacked")

    monkeypatch.setattr(zipfile.ZipFile, "open", unpack)


def test_it_refuses_a_word_file_unpacking_to_far_more_than_a_resolution_before_unpacking(
    monkeypatch,
):
    bomb = word_file(paragraphs_unpacking_to=50 * MB)  # some 200 KB packed
    assert len(bomb) < 300 * 1024
    forbid_unpacking(monkeypatch)

    with pytest.raises(SourceError) as refused:
        text_from_bytes(bomb, "resolution.docx")

    assert str(refused.value).startswith("The Word file's word/document.xml unpacks to 53 MB;")
    assert str(refused.value).endswith(
        "(the limit is 32 MB). It was not unpacked. Is it the right file?"
    )


def test_it_refuses_a_word_file_packed_as_tightly_as_a_bomb_before_unpacking(monkeypatch):
    tight = word_file(paragraphs_unpacking_to=2 * MB)
    forbid_unpacking(monkeypatch)

    with pytest.raises(SourceError, match=r"word/document.xml is packed \d+-fold; Word's files"):
        text_from_bytes(tight, "resolution.docx")


def test_it_refuses_a_zip_of_ten_thousand_files_before_unpacking(monkeypatch):
    crowded = word_file(empty_members=10_000)
    members = len(zipfile.ZipFile(io.BytesIO(crowded)).infolist())  # python-docx's parts too
    forbid_unpacking(monkeypatch)

    with pytest.raises(SourceError) as refused:
        text_from_bytes(crowded, "resolution.docx")

    assert str(refused.value) == (
        f"The Word file is a zip of {members:,} files; a document has a few dozen (the limit "
        "is 1,000). It was not unpacked."
    )


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"word/document.xml": word_document_xml(b"<w:p><w:r><w:t>Urges")},
            "The Word file is damaged: its word/document.xml is not well-formed XML (",
        ),
        (
            {"[Content_Types].xml": b"<Types"},
            "The Word file is damaged: its [Content_Types].xml is not well-formed XML (",
        ),
        (
            {
                "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/'
                b'package/2006/content-types"><Default Extension="xml" '
                b'ContentType="application/xml"/></Types>'
            },
            "The .docx file is not a Word document that can be read. Its [Content_Types].xml "
            "names no Word document: is it a spreadsheet, a presentation or another kind of "
            "zip file?",
        ),
        (
            {"[Content_Types].xml": None},
            "The .docx file is not a Word document that can be read.",
        ),
        (
            {"_rels/.rels": b"<Relationships"},
            "The Word file is damaged: its _rels/.rels is not well-formed XML (",
        ),
        (
            {
                "word/document.xml": word_document_xml(
                    b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
                    prolog=b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                )
            },
            "The Word file's word/document.xml declares a document type (<!DOCTYPE>), which "
            "Word never writes and which could make the server read other files. It was not "
            "read.",
        ),
        (
            {"word/document.xml": word_document_xml(b"<w:p>" * 300 + b"</w:p>" * 300)},
            "The Word file's word/document.xml nests its elements more than 100 deep; "
            "documents nest far less. It was not read.",
        ),
        (
            # Well-formed, but no w:body: python-docx fails on it with an AttributeError.
            {"word/document.xml": b"<w:document " + WORD_NAMESPACE + b"/>"},
            "The .docx file is not a Word document that can be read.",
        ),
    ],
    ids=[
        "broken document.xml",
        "broken content types",
        "content types naming no Word document",
        "no content types",
        "broken relationships",
        "external entity",
        "deep nesting",
        "no body",
    ],
)
def test_it_explains_a_damaged_or_hostile_word_file(parts, message):
    with pytest.raises(SourceError) as refused:
        text_from_bytes(word_file(parts), "resolution.docx")

    assert str(refused.value).startswith(message)
    assert "root:" not in str(refused.value)  # never the contents of /etc/passwd


def test_it_refuses_a_word_file_of_more_elements_than_a_resolution_has(monkeypatch):
    monkeypatch.setattr(sources, "DOCX_MAX_ELEMENTS", 1_000)  # the real limit is 200,000
    crowded = word_file({"word/document.xml": word_document_xml(WORD_PARAGRAPH * 300)})

    with pytest.raises(SourceError) as refused:
        text_from_bytes(crowded, "resolution.docx")

    assert str(refused.value) == (
        "The Word file holds more than 1,000 XML elements; a resolution has far fewer. It "
        "was not read. Is it the right file?"
    )


def test_it_refuses_a_list_of_parts_far_longer_than_word_writes():
    padding = random.Random(1).randbytes(1_100_000).hex().encode()  # packs only 2-fold
    types = b"<Types><!--" + padding + b"--></Types>"

    with pytest.raises(SourceError) as refused:
        sources.check_source(word_file({"[Content_Types].xml": types}), "resolution.docx")

    assert str(refused.value) == (
        "The Word file's [Content_Types].xml unpacks to 2 MB; Word lists a document's parts "
        "in a few kilobytes. It was not unpacked."
    )


def test_it_checks_a_word_file_for_the_batch_page_without_reading_its_paragraphs():
    broken = word_file({"word/document.xml": word_document_xml(b"<w:p>")})

    sources.check_source(broken, "resolution.docx")  # what the batch page checks: nothing wrong yet
    with pytest.raises(SourceError, match="not well-formed XML"):
        text_from_bytes(broken, "resolution.docx")  # what its background job finds


def test_it_refuses_a_pdf_of_more_pages_than_a_resolution_has(monkeypatch):
    monkeypatch.setattr(sources, "PDF_MAX_PAGES", 0)

    with pytest.raises(SourceError) as refused:
        text_from_bytes(make_pdf(RESOLUTION_LINES), "resolution.pdf")

    assert str(refused.value) == (
        "The PDF has 1 pages; a resolution has far fewer (the limit is 0). Is it the right file?"
    )


def test_it_refuses_a_pdf_whose_pages_unpack_to_more_than_a_resolution_needs(monkeypatch):
    monkeypatch.setattr(sources, "PDF_MAX_DECODED_BYTES", 100)

    with pytest.raises(SourceError) as refused:
        text_from_bytes(make_pdf(RESOLUTION_LINES), "resolution.pdf")

    assert str(refused.value) == (
        "The PDF's pages unpack to more than 0 MB; a resolution's are far smaller. Paste the "
        "text instead."
    )


def test_it_turns_any_failure_of_the_pdf_library_into_a_message(monkeypatch):
    import pypdf

    def crash(stream):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pypdf, "PdfReader", crash)

    with pytest.raises(SourceError) as refused:
        text_from_bytes(make_pdf(RESOLUTION_LINES), "resolution.pdf")

    assert str(refused.value) == (
        "The PDF could not be read (it is damaged or malformed). Paste the text instead."
    )
