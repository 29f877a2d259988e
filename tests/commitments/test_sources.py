import io

import pytest
from docx import Document

from commitments.parsing import parse_resolution
from commitments.sources import SourceError, text_from_bytes


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
