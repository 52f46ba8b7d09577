"""Plain text of attachments: what a reader who opens one reads (PDF, office files,
text formats), for the search index and for the checks that a name the reader may not
read is not in it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".md", ".tsv", ".json", ".xml", ".html", ".svg"})
ZIPPED_XML_SUFFIXES = frozenset({".xlsx", ".odt", ".ods", ".pptx", ".odp"})  # zips of XML
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_CHARACTERS = 200_000  # an attachment's text beyond this is not indexed


def extract_text(path: Path) -> str | None:
    """The text of an attachment, or None for a format Classeur does not read."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            return path.read_text(encoding="utf-8", errors="replace")[:MAX_CHARACTERS]
        if suffix == ".pdf":
            return _pdf(path.read_bytes())[:MAX_CHARACTERS]
        if suffix == ".docx":
            return _docx(path.read_bytes())[:MAX_CHARACTERS]
        if suffix in ZIPPED_XML_SUFFIXES:
            return _zipped_xml(path.read_bytes())[:MAX_CHARACTERS]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None  # unreadable: the document that links it is still indexed
    return None


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, Exception) as error:
        raise ValueError(str(error)) from None


def _docx(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = []
    for paragraph in root.iter(f"{_WORD}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{_WORD}t")))
    return "\n".join(paragraphs)


def _zipped_xml(data: bytes) -> str:
    """The text of every XML part of an office file (spreadsheets' shared strings included)."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") and archive.getinfo(name).file_size <= 20_000_000:
                root = ElementTree.fromstring(archive.read(name))
                texts.append(" ".join(part.strip() for part in root.itertext() if part.strip()))
    return "\n".join(text for text in texts if text)
