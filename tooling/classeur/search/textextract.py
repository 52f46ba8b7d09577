"""Plain text of attachments, for the search index: PDF, DOCX and text formats."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

TEXT_SUFFIXES = frozenset({".txt", ".csv", ".md", ".tsv", ".json", ".xml", ".html"})
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
