"""
Turn what users upload (.txt, .docx, .pdf) into the plain text the parser reads.

Word and PDF files are read with maintained libraries (python-docx, pypdf). Anything that
cannot be read becomes a SourceError with a message the user can act on, whatever the
libraries raise on a damaged or hostile file.

A .docx is a zip of XML parts, and a small zip can unpack to a great deal: a 600 KB file
holding 200 MB of paragraphs took python-docx minutes and gigabytes to read. So a Word file's
zip directory is inspected before anything is unpacked (how many members, their declared
sizes, how tightly they are packed), and its XML parts are then read as a stream that builds
nothing, refused at a DTD (external entities, entity expansion) or at a depth or a number of
elements no document has, before python-docx builds its tree. The limits derive from the
longest text the parser takes (MAX_CHARACTERS, some twenty times a long resolution) with
wide headroom. `check_source` runs only the checks that unpack nothing, for the batch-import
page, which leaves the reading to its background job.
"""

import io
import logging
import zipfile
import zlib
from pathlib import Path

from .parsing.parser import MAX_CHARACTERS

MAX_SOURCE_BYTES = 5 * 1024 * 1024
TEXT_ENCODINGS = ("utf-8-sig", "utf-16", "cp1252")

# A Word file has a dozen or two parts (one more per picture).
DOCX_MAX_MEMBERS = 1_000
# Word writes a few bytes of markup per character of text; 16 bytes for each character of
# the longest text allowed is far more than any part of a real document needs (32 MB).
DOCX_MAX_PART_BYTES = 16 * MAX_CHARACTERS
DOCX_MAX_UNPACKED_BYTES = 2 * DOCX_MAX_PART_BYTES
# Word's XML packs 5 to 20-fold; a part packed more than this is built to exhaust a reader
# (zip's deflate reaches some 1,000-fold). Small parts pack as they like: they cost nothing.
DOCX_MAX_RATIO = 100
DOCX_RATIO_FROM_BYTES = 1024 * 1024
# Body, table, row, cell, paragraph, run, drawing, text box ... rarely 30 deep.
DOCX_MAX_DEPTH = 100
# Word writes an element per 10 to 20 characters of text. Counted over all the parts, this
# bounds python-docx too, whose tree (memory and reading time) grows with the element count.
DOCX_MAX_ELEMENTS = MAX_CHARACTERS // 10
# The part listing the others' kinds, read by the batch page for each file: a line a part.
DOCX_MAX_CONTENT_TYPES_BYTES = 1024 * 1024
DOCX_READ_CHUNK = 64 * 1024
WORD_DOCUMENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)

# A page for every 1,000 characters of the longest text allowed (a page carries 2,000-4,000).
PDF_MAX_PAGES = MAX_CHARACTERS // 1_000
# What one stream of a PDF may unpack to (pypdf's limit, 75 MB by default), and what all
# the pages' content streams together may.
PDF_MAX_STREAM_BYTES = 16 * MAX_CHARACTERS
PDF_MAX_DECODED_BYTES = 16 * MAX_CHARACTERS

logger = logging.getLogger(__name__)


class SourceError(ValueError):
    """The file cannot be turned into text."""


def read_source_file(path: Path) -> str:
    with open(path, "rb") as handle:
        data = handle.read(MAX_SOURCE_BYTES + 1)
    return text_from_bytes(data, path.name)


def text_from_bytes(data: bytes, filename: str) -> str:
    """Decode an uploaded file by its content (PDF and Word files announce themselves)."""
    check_source(data, filename)
    if data.startswith(b"%PDF-"):
        return _pdf_text(data)
    if data.startswith(b"PK\x03\x04"):
        return _docx_text(data, filename)
    return _decode_text(data)


def check_source(data: bytes, filename: str) -> None:
    """
    Refuse what can be seen without reading the file through: a file too large or empty, a
    kind that cannot be read, a Word file whose zip directory announces a bomb or whose small
    list of parts ([Content_Types].xml) names no Word document. Cheap enough for a request
    taking a hundred files.
    """
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(
            f"The file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB; "
            "a resolution's text is far smaller. Is it the right file?"
        )
    if not data.strip():
        raise SourceError("The file is empty.")
    if data.startswith(b"%PDF-"):
        return
    if data.startswith(b"PK\x03\x04"):
        with _word_package(data, filename) as package:
            _check_content_types(package, filename)
        return
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SourceError(
            "This is an old Word (.doc) file. Save it as .docx or plain text and upload that."
        )
    _decode_text(data)


def _decode_text(data: bytes) -> str:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("The file is not text (it looks like a binary file).")
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError("The file's text encoding could not be read; save it as UTF-8 text.")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import PyPdfError

    limits = {
        f"{kind}_maximum_output_length": PDF_MAX_STREAM_BYTES
        for kind in ("zlib", "lzw", "run_length", "brotli", "jbig2")
    }
    try:
        with apply_configuration(maximum_declared_stream_length=PDF_MAX_STREAM_BYTES, **limits):
            pages = _pdf_pages(PdfReader(io.BytesIO(data)))
    except SourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise SourceError(f"The PDF could not be read ({error}).") from error
    except Exception as error:
        # pypdf raises many kinds of error on damaged files; none of them may become a 500.
        logger.warning("A PDF could not be read", exc_info=True)
        raise SourceError(
            "The PDF could not be read (it is damaged or malformed). Paste the text instead."
        ) from error
    text = "\n".join(pages)
    if not text.strip():
        raise SourceError(
            "The PDF has no text layer (it is probably a scan). Paste the text instead."
        )
    return text


def _pdf_pages(reader) -> list[str]:
    """Each page's text, refusing a PDF whose pages or content streams no resolution needs."""
    if len(reader.pages) > PDF_MAX_PAGES:
        raise SourceError(
            f"The PDF has {len(reader.pages):,} pages; a resolution has far fewer (the limit "
            f"is {PDF_MAX_PAGES:,}). Is it the right file?"
        )
    pages, characters, decoded = [], 0, 0
    for page in reader.pages:
        # Decoded once here and kept by pypdf for the text extraction that follows.
        contents = page.get_contents()
        decoded += len(contents.get_data()) if contents is not None else 0
        if decoded > PDF_MAX_DECODED_BYTES:
            raise SourceError(
                f"The PDF's pages unpack to more than {_megabytes(PDF_MAX_DECODED_BYTES)}; a "
                "resolution's are far smaller. Paste the text instead."
            )
        text = page.extract_text() or ""
        characters += len(text)
        if characters > MAX_CHARACTERS:
            raise SourceError(
                f"The PDF holds more than {MAX_CHARACTERS:,} characters of text; a resolution "
                "has far fewer. Upload one resolution at a time."
            )
        pages.append(text)
    return pages


def _docx_text(data: bytes, filename: str) -> str:
    from docx import Document

    with _word_package(data, filename) as package:
        _check_content_types(package, filename)
        check = _XmlCheck()  # one count of elements for all the parts together
        for member in package.infolist():
            _check_xml_part(package, member, check)
    try:
        document = Document(io.BytesIO(data))
        return "\n\n".join(_marked_runs(paragraph) for paragraph in document.paragraphs)
    except Exception as error:
        # python-docx raises KeyError, ValueError, AttributeError, lxml's errors and more on
        # a package that is well-formed but not what it expects; none may become a 500.
        logger.info("A Word file could not be read: %r", error)
        raise SourceError(_not_word(filename)) from error


def _not_word(filename: str) -> str:
    kind = Path(filename).suffix or "zip"
    return f"The {kind} file is not a Word document that can be read."


def _word_package(data: bytes, filename: str) -> zipfile.ZipFile:
    """The zip of a Word file, once its directory promises nothing hostile (unpacks nothing)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise SourceError(_not_word(filename)) from error
    members = package.infolist()
    if len(members) > DOCX_MAX_MEMBERS:
        raise SourceError(
            f"The Word file is a zip of {len(members):,} files; a document has a few dozen "
            f"(the limit is {DOCX_MAX_MEMBERS:,}). It was not unpacked."
        )
    for member in members:
        _check_member(member)
    unpacked = sum(member.file_size for member in members)
    if unpacked > DOCX_MAX_UNPACKED_BYTES:
        raise SourceError(
            f"The Word file unpacks to {_megabytes(unpacked)}; a resolution's is far smaller "
            f"(the limit is {_megabytes(DOCX_MAX_UNPACKED_BYTES)}). It was not unpacked. Is "
            "it the right file?"
        )
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise SourceError(_not_word(filename))
    return package


def _check_member(member: zipfile.ZipInfo) -> None:
    if member.flag_bits & 0x1:
        raise SourceError(
            "The Word file is encrypted. Save a copy without a password and upload that."
        )
    if member.file_size > DOCX_MAX_PART_BYTES:
        raise SourceError(
            f"The Word file's {member.filename} unpacks to {_megabytes(member.file_size)}; "
            f"a resolution's is far smaller (the limit is {_megabytes(DOCX_MAX_PART_BYTES)}). "
            "It was not unpacked. Is it the right file?"
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > DOCX_RATIO_FROM_BYTES and ratio > DOCX_MAX_RATIO:
        raise SourceError(
            f"The Word file's {member.filename} is packed {ratio:,.0f}-fold; Word's files pack "
            f"some 10-fold, files built to exhaust a server far more (the limit is "
            f"{DOCX_MAX_RATIO}-fold). It was not unpacked."
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB"


def _check_content_types(package: zipfile.ZipFile, filename: str) -> None:
    """The small part that says what the others are must name a Word document."""
    member = package.getinfo("[Content_Types].xml")
    if member.file_size > DOCX_MAX_CONTENT_TYPES_BYTES:
        raise SourceError(
            f"The Word file's [Content_Types].xml unpacks to {_megabytes(member.file_size)}; "
            "Word lists a document's parts in a few kilobytes. It was not unpacked."
        )
    check = _check_xml_part(package, member, _XmlCheck())
    if not check.names_word_document:
        raise SourceError(
            _not_word(filename) + " Its [Content_Types].xml names no Word document: is it a "
            "spreadsheet, a presentation or another kind of zip file?"
        )


def _check_xml_part(package: zipfile.ZipFile, member: zipfile.ZipInfo, check: "_XmlCheck"):
    """
    Read one part as a stream (its declared size bounds what zipfile unpacks) and, if it is
    XML, parse it into `check`, which builds nothing. Parts that are not XML (pictures) are
    left packed.
    """
    from lxml import etree

    try:
        with package.open(member) as stream:
            chunk = stream.read(DOCX_READ_CHUNK)
            if not _looks_like_xml(member.filename, chunk):
                return check
            check.begin(member.filename)
            parser = etree.XMLParser(
                target=check,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            while chunk:
                parser.feed(chunk)
                chunk = stream.read(DOCX_READ_CHUNK)
            parser.close()
    except SourceError:
        raise
    except etree.LxmlError as error:
        raise SourceError(
            f"The Word file is damaged: its {member.filename} is not well-formed XML "
            f"({getattr(error, 'msg', error)}). Open it in Word and save it again, or paste "
            "the text instead."
        ) from error
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        # A bad CRC, a truncated member, an unsupported or unknown compression method.
        raise SourceError(
            f"The Word file is damaged ({error}). Open it in Word and save it again, or "
            "paste the text instead."
        ) from error
    return check


def _looks_like_xml(name: str, start: bytes) -> bool:
    # python-docx parses a part by its declared content type, whatever its name: so anything
    # that starts like XML in an encoding libxml2 recognizes (UTF-8, UTF-16 or UCS-4 after
    # an optional byte-order mark, or EBCDIC) is read as XML.
    return (
        name.lower().endswith((".xml", ".rels"))
        or start.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<")
        or start.startswith(b"\x4c\x6f\xa7\x94")  # "<?xm" in EBCDIC
    )


class _XmlCheck:
    """
    An lxml parser target that keeps nothing (no text, no tree): it counts the elements of
    all the parts it is given, measures each part's depth and refuses a document type
    declaration, which Word never writes and through which external entities (XXE: the
    server's own files, its network) and entity expansion would come.
    """

    def __init__(self):
        self.part = ""
        self.depth = 0
        self.elements = 0
        self.names_word_document = False

    def begin(self, part: str):
        self.part, self.depth = part, 0

    def start(self, tag, attrib, nsmap=None):
        self.depth += 1
        self.elements += 1
        if self.depth > DOCX_MAX_DEPTH:
            raise SourceError(
                f"The Word file's {self.part} nests its elements more than {DOCX_MAX_DEPTH} "
                "deep; documents nest far less. It was not read."
            )
        if self.elements > DOCX_MAX_ELEMENTS:
            raise SourceError(
                f"The Word file holds more than {DOCX_MAX_ELEMENTS:,} XML elements; a "
                "resolution has far fewer. It was not read. Is it the right file?"
            )
        if attrib.get("ContentType") == WORD_DOCUMENT_TYPE:
            self.names_word_document = True

    def end(self, tag):
        self.depth -= 1

    def doctype(self, name, public_id, system_url):
        raise SourceError(
            f"The Word file's {self.part} declares a document type (<!DOCTYPE>), which Word "
            "never writes and which could make the server read other files. It was not read."
        )

    def close(self):
        return None


def _marked_runs(paragraph) -> str:
    """A Word paragraph's text with italic runs as *emphasis*, as in the pasted texts.

    UN documents print operative verbs and preambular openers in italics, so keeping the
    mark gives the parser the same signal it reads in text copied with markup.
    """
    pieces = []
    for run in paragraph.runs:
        text = run.text
        if run.italic and text.strip():
            stripped = text.strip()
            text = text.replace(stripped, f"*{stripped}*", 1)
        pieces.append(text)
    return "".join(pieces) if pieces else paragraph.text
