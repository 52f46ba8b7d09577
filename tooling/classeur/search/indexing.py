"""Keep each audience's search index in step with the binder, incrementally.

The index stores what it shows in snippets: titles and texts go in with every
sensitive value masked (issue #14), so that neither a result nor the index files
on disk hold one.
"""

from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.model.access import readers
from classeur.model.attachments import attachment_readers, is_attachment_type
from classeur.model.frontmatter import parse_document
from classeur.model.policy import Policy, load_policy
from classeur.model.records import Document, Status
from classeur.model.sensitive import redact
from classeur.model.sources import locate_sources
from classeur.model.textextract import extract_text
from classeur.rules.staleness import review_of
from classeur.search.analysis import (
    Entry,
    attachment_key,
    file_stamps,
    fingerprint,
    index_folder,
    read_meta,
    update_entries,
    write_index,
)

PUBLISHED = (Status.ACTIVE, Status.DEPRECATED)
# Index meta: every document linking a file of a declared attachment type -> those
# files, whoever reads the document; and the attachments this index holds.
LINKING = "linking"
INDEXED = "attachments"


@dataclass(frozen=True)
class Refresh:
    """What a refresh did."""

    rebuilt: bool
    updated: int
    removed: int
    seconds: float


def refresh_index(root: Path, audience: str, *, today: date) -> Refresh:
    """Bring `audience`'s index up to date: re-read only what changed."""
    started = time.perf_counter()
    policy, _findings = load_policy(root)
    if audience not in policy.audiences:
        raise PortalError(
            _('unknown audience "{audience}". Known audiences: {known}.').format(
                audience=audience, known=", ".join(policy.audiences)
            )
        )
    folders = [s.folder for s in locate_sources(root, policy)[0]]
    stamps = file_stamps(root, folders)
    folder = index_folder(root, audience)
    meta = read_meta(folder)
    fresh_meta: dict[str, Any] = {
        "fingerprint": fingerprint(root, audience),
        "folders": folders,
        "stamps": stamps,
        "warning_days": int(policy.review.warning_window.approx_days()) if policy.review else 30,
    }
    # An index written before "linking" was kept cannot be updated: rebuild it.
    if meta is None or meta.get("fingerprint") != fresh_meta["fingerprint"] or LINKING not in meta:
        return _rebuild(root, audience, policy, today, fresh_meta, started)
    return _incremental(root, audience, policy, today, meta, fresh_meta, started)


def _rebuild(
    root: Path, audience: str, policy: Policy, today: date, fresh: dict[str, Any], started: float
) -> Refresh:
    parsed = {p: _document(root, p) for p in fresh["stamps"] if p.endswith(".md")}
    docs = {p: d for p, d in parsed.items() if d is not None}
    entries = [_entry(d, policy, today) for d in docs.values() if _shown(d, audience, policy)]
    candidates = {t for d in docs.values() for t in d.linked_files}
    attachments = _attachment_entries(
        root, docs, candidates, set(fresh["stamps"]), audience, policy
    )
    fresh[LINKING] = {p: t for p, d in docs.items() if (t := _targets(d))}
    fresh[INDEXED] = sorted(e.path for e in attachments)
    write_index(index_folder(root, audience), iter(entries + attachments), fresh)
    return Refresh(True, len(entries) + len(attachments), 0, time.perf_counter() - started)


def _incremental(
    root: Path,
    audience: str,
    policy: Policy,
    today: date,
    meta: dict[str, Any],
    fresh: dict[str, Any],
    started: float,
) -> Refresh:
    old, new = meta["stamps"], fresh["stamps"]
    touched = {p for p in set(old) | set(new) if old.get(p) != new.get(p)}
    linking: dict[str, list[str]] = dict(meta[LINKING])
    # An attachment's entry can change only when it, or a document linking it
    # before or after, changed: a policy change rebuilds the whole index.
    affected = {p for p in touched if not p.endswith(".md")}
    changed: list[Entry] = []
    removed: list[str] = []
    docs: dict[str, Document] = {}
    for path in sorted(p for p in touched if p.endswith(".md")):
        document = _document(root, path) if path in new else None
        affected.update(linking.pop(path, ()))
        if document is not None:
            docs[path] = document
            if targets := _targets(document):
                linking[path] = targets
                affected.update(targets)
        if document is not None and _shown(document, audience, policy):
            changed.append(_entry(document, policy, today))
        else:
            removed.append(path)
    linkers = _parsed(root, sorted(p for p, t in linking.items() if affected.intersection(t)), docs)
    attachments = _attachment_entries(root, linkers, affected, set(new), audience, policy)
    before = set(meta[INDEXED])
    kept = {e.path for e in attachments}
    removed += [attachment_key(a) for a in sorted((before & affected) - kept)]
    fresh[LINKING] = linking
    fresh[INDEXED] = sorted((before - affected) | kept)
    update_entries(index_folder(root, audience), changed + attachments, removed, fresh)
    return Refresh(
        False, len(changed) + len(attachments), len(removed), time.perf_counter() - started
    )


def _parsed(root: Path, paths: list[str], known: dict[str, Document]) -> dict[str, Document]:
    """These documents, parsed when not already at hand."""
    found = dict(known)
    for path in paths:
        if path not in found:
            document = _document(root, path)
            if document is not None:
                found[path] = document
    return found


def _document(root: Path, path: str) -> Document | None:
    try:
        raw = (root / path).read_bytes()
    except OSError:
        return None
    document, _findings = parse_document(PurePosixPath(path), raw, keep_body=True)
    return document


def _shown(document: Document, audience: str, policy: Policy) -> bool:
    return document.status in PUBLISHED and audience in readers(document, policy)


def _entry(document: Document, policy: Policy, today: date) -> Entry:
    review = review_of(document, policy.review, today=today)
    return Entry(
        key=str(document.path),
        kind="document",
        id=document.id,
        title=redact(document.title),
        # The description is searched as part of the text, and shown as the summary.
        body=redact("\n\n".join(filter(None, (document.description, document.body)))),
        type=document.type.value,
        function=document.function,
        owners=document.owners,
        status=document.status.value,
        sites=document.sites,
        next_review=review.next_review.isoformat() if review.next_review else "",
        path=str(document.path),
        # A deprecated document names what replaces it among its related ones.
        successors=document.related if document.status is Status.DEPRECATED else (),
        description=redact(document.description or ""),
    )


def _targets(document: Document) -> list[str]:
    """The files of a declared attachment type a document links to, existing or not."""
    return sorted(t for t in document.linked_files if is_attachment_type(t))


def _attachment_entries(
    root: Path,
    linkers: dict[str, Document],
    candidates: set[str],
    files: set[str],
    audience: str,
    policy: Policy,
) -> list[Entry]:
    """Entries for the candidates the audience may find: existing files of a declared type
    that a shown document links and that the audience may read (the narrowest reader).

    `linkers` must hold every document linking a candidate, published or not.
    """
    readable = attachment_readers(
        linkers.values(), {p: readers(d, policy) for p, d in linkers.items()}
    )
    shown: dict[str, list[Document]] = {}
    for path in sorted(linkers):
        if _shown(linkers[path], audience, policy):
            for target in linkers[path].linked_files:
                shown.setdefault(target, []).append(linkers[path])
    entries = []
    for attachment in sorted(candidates & files & shown.keys()):
        if not is_attachment_type(attachment) or audience not in readable[attachment]:
            continue
        text = extract_text(root / attachment)
        if text is not None:
            entries.append(_attachment_entry(attachment, text, shown[attachment]))
    return entries


def _attachment_entry(attachment: str, text: str, linking: list[Document]) -> Entry:
    """An attachment's entry, pointing to the shown documents that link it."""
    first = linking[0]
    return Entry(
        key=attachment_key(attachment),
        kind="attachment",
        id=first.id,
        title=f"Pièce jointe : {posixpath.basename(attachment)}",
        body=redact(text),
        type=first.type.value,
        function=first.function,
        owners=first.owners,
        status=first.status.value,
        sites=first.sites,
        next_review="",
        path=attachment,
        linked_from=tuple(d.id for d in linking),
    )
