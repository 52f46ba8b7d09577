"""Attachments take the narrowest reader: a wider document linking an attachment of a
narrower one is an error naming both; a link to a file of an undeclared type too."""

from __future__ import annotations

from collections.abc import Iterator

from classeur.common.i18n import _
from classeur.model.attachments import (
    ATTACHMENT_SUFFIXES,
    attachment_readers,
    is_attachment_type,
)
from classeur.model.findings import Finding
from classeur.model.records import Document
from classeur.model.sensitive import redact
from classeur.rules.registry import Binder, binder_rule


@binder_rule
def attachments(binder: Binder) -> list[Finding]:
    """`restricted-attachment` and `undeclared-attachment-type` for every linking document."""
    readable = attachment_readers(binder.documents, binder.readers)
    linkers: dict[str, list[Document]] = {}
    for document in binder.documents:
        for target in document.linked_files:
            linkers.setdefault(target, []).append(document)
    findings: list[Finding] = []
    for document in binder.documents:
        for target, line in document.linked_files.items():
            if target in binder.files:
                findings += _judge(
                    document, target, line, readable[target], linkers[target], binder
                )
    return findings


def _judge(
    document: Document,
    target: str,
    line: int,
    readers: frozenset[str],
    linkers: list[Document],
    binder: Binder,
) -> Iterator[Finding]:
    if not is_attachment_type(target):
        kinds = ", ".join(sorted(s.lstrip(".") for s in ATTACHMENT_SUFFIXES))
        yield Finding(
            str(document.path),
            line,
            "undeclared-attachment-type",
            _(
                'link to "{target}": files of this type are never published, so readers would '
                "see a dead link. Convert it to one of: {kinds}."
            ).format(target=redact(target), kinds=kinds),
        )
        return
    blind = [a for a in binder.readers.get(str(document.path), ()) if a not in readers]
    if not blind:
        return
    narrower = [d.id for d in linkers if not set(blind) <= set(binder.readers[str(d.path)])]
    who = ", ".join(sorted(readers)) or _("no audience")
    yield Finding(
        str(document.path),
        line,
        "restricted-attachment",
        _(
            "link to {target}, which {others} also links: an attachment is read only by the "
            "readers of every document linking it ({readers}), so {blind} would see a dead "
            "link. Give the documents the same readers, or give each its own copy of the file."
        ).format(target=target, others=", ".join(narrower), readers=who, blind=", ".join(blind)),
    )
