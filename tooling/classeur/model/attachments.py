"""Attachments: the files documents link to, which of them a site may publish, and
who may read each one.

An attachment takes the narrowest reader: it may be read only by the
audiences that may read every document linking it. A file linked from an HR
page and from a provider page stays off the provider's site; `check` reports
the wider link (rules/attachments.py).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from classeur.model.records import Document

# The kinds of file a document may link to and a site may publish beside it.
ATTACHMENT_SUFFIXES = frozenset(
    {".csv", ".docx", ".jpeg", ".jpg", ".odt", ".ods", ".pdf", ".png", ".svg", ".txt", ".xlsx"}
)


def is_attachment_type(path: str) -> bool:
    """Whether a file's name ends with a declared attachment type."""
    return posixpath.splitext(path)[1].lower() in ATTACHMENT_SUFFIXES


def attachment_readers(
    documents: Iterable[Document], readers: Mapping[str, tuple[str, ...]]
) -> dict[str, frozenset[str]]:
    """Each linked file -> the audiences that may read every document linking it."""
    found: dict[str, frozenset[str]] = {}
    for document in documents:
        audiences = frozenset(readers.get(str(document.path), ()))
        for target in document.linked_files:
            found[target] = found[target] & audiences if target in found else audiences
    return found
