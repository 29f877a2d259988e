"""Small real files for upload tests, built byte by byte so their content is what it claims."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
    b"0000000054 00000 n \n0000000103 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n165\n%%EOF\n"
)

HTML_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Gazette</title></head>"
    b"<body><script>document.location='https://attacker.example/'</script></body></html>\n"
)


def png_bytes(width=2, height=2):
    """A valid PNG of `width` x `height` red pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def elf_bytes():
    """The header of a 64-bit Linux executable, padded: what libmagic calls an executable."""
    header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8
    header += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    return header + b"\x00" * 256


def pdf_bytes(text: str = "Evidence") -> bytes:
    """A minimal one-page PDF document."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Ministry circular on victim identification.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# A Windows executable's header, padded.
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def upload(name, content, content_type="application/pdf"):
    """A file as a browser sends it: the name and type are whatever the sender claims."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_upload(name="gazette.pdf"):
    return upload(name, MINIMAL_PDF)


def png_upload(name="photo.png"):
    return upload(name, png_bytes(), "image/png")


# Word files, well made and hostile, built in memory: a .docx is a zip of XML parts.
WORD_NAMESPACE = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WORD_PARAGRAPH = b"<w:p><w:r><w:t>Urges Governments to criminalize trafficking;</w:t></w:r></w:p>"


def word_document_xml(body: bytes, prolog: bytes = b"") -> bytes:
    """A word/document.xml holding `body`, with `prolog` (a DOCTYPE, say) before its root."""
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + prolog
        + b"<w:document "
        + WORD_NAMESPACE
        + b"><w:body>"
        + body
        + b"</w:body></w:document>"
    )


def word_file(parts=None, empty_members=0, paragraphs_unpacking_to=0) -> bytes:
    """
    A Word file python-docx made, with `parts` ({name: bytes, or None to leave it out})
    replacing its own, `empty_members` more empty files, and a word/document.xml of repeated
    paragraphs `paragraphs_unpacking_to` bytes long, written a megabyte at a time (it packs
    some 300-fold).
    """
    import zipfile

    import docx

    made = io.BytesIO()
    docx.Document().save(made)
    parts = dict(parts or {})
    if paragraphs_unpacking_to:
        parts["word/document.xml"] = None
    out = io.BytesIO()
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zip:
        for member in source.infolist():
            if member.filename not in parts:
                zip.writestr(member, source.read(member))
        for name, content in parts.items():
            if content is not None:
                zip.writestr(name, content)
        for number in range(empty_members):
            zip.writestr(f"word/media/empty{number}.bin", b"")
        if paragraphs_unpacking_to:
            opening, closing = word_document_xml(b"|").split(b"|")
            megabyte = WORD_PARAGRAPH * (1024 * 1024 // len(WORD_PARAGRAPH))
            with zip.open("word/document.xml", "w") as member:
                member.write(opening)
                for _ in range(paragraphs_unpacking_to // len(megabyte) + 1):
                    member.write(megabyte)
                member.write(closing)
    return out.getvalue()


# Hostile and damaged Word files: how each is built, and the start of the message both import
# pages answer with. The batch page refuses the first three itself (REFUSED_BEFORE_QUEUEING);
# its background job finds the others.
HOSTILE_WORD_FILES = {
    "bomb": (
        lambda: word_file(paragraphs_unpacking_to=50 * 1024 * 1024),
        "The Word file's word/document.xml unpacks to 53 MB; a resolution's is far smaller "
        "(the limit is 32 MB). It was not unpacked. Is it the right file?",
    ),
    "ten thousand members": (
        lambda: word_file(empty_members=10_000),
        "The Word file is a zip of 10,0",
    ),
    "broken content types": (
        lambda: word_file({"[Content_Types].xml": b"<Types><Default"}),
        "The Word file is damaged: its [Content_Types].xml is not well-formed XML (",
    ),
    "broken document.xml": (
        lambda: word_file({"word/document.xml": word_document_xml(b"<w:p><w:r>")}),
        "The Word file is damaged: its word/document.xml is not well-formed XML (",
    ),
    "external entity": (
        lambda: word_file(
            {
                "word/document.xml": word_document_xml(
                    b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
                    prolog=b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                )
            }
        ),
        "The Word file's word/document.xml declares a document type (<!DOCTYPE>), which Word "
        "never writes and which could make the server read other files. It was not read.",
    ),
    "deep nesting": (
        lambda: word_file(
            {"word/document.xml": word_document_xml(b"<w:p>" * 300 + b"</w:p>" * 300)}
        ),
        "The Word file's word/document.xml nests its elements more than 100 deep; documents "
        "nest far less. It was not read.",
    ),
}
REFUSED_BEFORE_QUEUEING = ["bomb", "ten thousand members", "broken content types"]
