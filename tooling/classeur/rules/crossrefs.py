"""Rules between documents: duplicate ids, `related`/`supersedes`, relative links,
and links that some readers of the linking document may not follow."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping, Sequence

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.records import Document, Status
from classeur.model.sensitive import redact
from classeur.rules.registry import Binder, binder_rule


@binder_rule
def check_crossrefs(binder: Binder) -> list[Finding]:
    """Every finding about how documents refer to each other."""
    by_id = _unique_ids(binder.documents)
    findings = list(_duplicate_ids(binder.documents))
    by_path = {str(document.path): document for document in binder.documents}
    for document in binder.documents:
        findings += _id_references(document, by_id, binder)
        findings += _links(document, by_path, binder)
    return findings


def _unique_ids(documents: Sequence[Document]) -> dict[str, Document]:
    by_id: dict[str, Document] = {}
    for document in documents:
        by_id.setdefault(document.id, document)
    return by_id


def _duplicate_ids(documents: Sequence[Document]) -> Iterator[Finding]:
    first: dict[str, Document] = {}
    for document in sorted(documents, key=lambda d: str(d.path)):
        other = first.setdefault(document.id, document)
        if other is not document:
            yield Finding(
                str(document.path),
                document.line_of("id"),
                "duplicate-id",
                _(
                    'id "{id}" is already used by {other}. Give this document a new id '
                    "(`classeur new` picks a free one)."
                ).format(id=document.id, other=other.path),
            )


def _id_references(
    document: Document, by_id: Mapping[str, Document], binder: Binder
) -> Iterator[Finding]:
    for key in ("related", "supersedes"):
        for target_id in getattr(document, key):
            target = by_id.get(target_id)
            if target is None:
                yield Finding(
                    str(document.path),
                    document.line_of(key),
                    f"unknown-{key}",
                    _(
                        '"{value}" in `{field}` is not the id of any document. Fix the id or '
                        "remove it."
                    ).format(value=target_id, field=key),
                )
            elif key == "related":
                yield from _restricted(document, target, binder, "related", document.line_of(key))
            elif target.status is Status.ACTIVE:
                yield Finding(
                    str(document.path),
                    document.line_of(key),
                    "superseded-still-active",
                    _(
                        "supersedes {id}, which is still active. Set its status to deprecated "
                        "or archived."
                    ).format(id=target_id),
                    Severity.WARNING,
                )


def _links(
    document: Document, by_path: Mapping[str, Document], binder: Binder
) -> Iterator[Finding]:
    folder = posixpath.dirname(str(document.path))
    for link in document.links:
        resolved = posixpath.normpath(posixpath.join(folder, link.target))
        if not any(resolved.startswith(root + "/") for root in binder.source_roots):
            yield Finding(
                str(document.path),
                link.line,
                "link-outside-binder",
                _(
                    'link "{target}" points outside the procedures folders, which the site '
                    "never publishes. Link to a document or an attachment beside it."
                ).format(target=redact(link.target)),
            )
        elif resolved not in binder.files:
            yield Finding(
                str(document.path),
                link.line,
                "broken-link",
                _(
                    'link "{target}" points to {resolved}, which does not exist. Fix the path '
                    "(relative to this file) or remove the link."
                ).format(target=redact(link.target), resolved=redact(resolved)),
            )
        elif resolved in by_path:
            yield from _restricted(document, by_path[resolved], binder, "link", link.line)


def _restricted(
    document: Document, target: Document, binder: Binder, kind: str, line: int
) -> Iterator[Finding]:
    blind = [
        a for a in binder.readers[str(document.path)] if a not in binder.readers[str(target.path)]
    ]
    if blind:
        if kind == "link":
            message = _(
                "link to {id}, which {blind} may not read although they read this document: "
                "they would see a dead link. Remove it, or give both documents the same readers."
            )
        else:
            message = _(
                "related to {id}, which {blind} may not read although they read this document: "
                "they would see a title they may not read. Remove it, or give both documents the "
                "same readers."
            )
        yield Finding(
            str(document.path),
            line,
            f"restricted-{kind}",
            message.format(id=target.id, blind=", ".join(blind)),
        )
