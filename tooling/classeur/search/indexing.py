"""Keep each audience's search index in step with the binder, incrementally."""

from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from classeur.common.errors import PortalError
from classeur.model.access import readers
from classeur.model.frontmatter import parse_document
from classeur.model.policy import Policy, load_policy
from classeur.model.records import Document, Status
from classeur.model.sources import locate_sources
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
from classeur.search.textextract import extract_text

PUBLISHED = (Status.ACTIVE, Status.DEPRECATED)


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
    policy, _ = load_policy(root)
    if audience not in policy.audiences:
        raise PortalError(
            f'unknown audience "{audience}". Known audiences: {", ".join(policy.audiences)}.'
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
    if meta is None or meta.get("fingerprint") != fresh_meta["fingerprint"]:
        docs = {p: _document(root, p) for p in stamps if p.endswith(".md")}
        shown = {p: d for p, d in docs.items() if d is not None and _shown(d, audience, policy)}
        links = {p: _attachments(d, stamps) for p, d in shown.items()}
        fresh_meta["links"] = links
        entries = [_entry(d, policy, today) for d in shown.values()]
        entries += _attachment_entries(root, links, shown, {a for t in links.values() for a in t})
        write_index(folder, iter(entries), fresh_meta)
        return Refresh(True, len(entries), 0, time.perf_counter() - started)
    return _incremental(root, audience, policy, today, meta, fresh_meta, started)


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
    links: dict[str, list[str]] = dict(meta.get("links", {}))
    changed: list[Entry] = []
    removed: list[str] = []
    docs: dict[str, Document | None] = {}
    for path in sorted(p for p in touched if p.endswith(".md")):
        document = _document(root, path) if path in new else None
        docs[path] = document
        if document is not None and _shown(document, audience, policy):
            changed.append(_entry(document, policy, today))
            links[path] = _attachments(document, new)
        else:
            removed.append(path)
            links.pop(path, None)
    wanted = {a for targets in links.values() for a in targets}
    before = {a for targets in meta.get("links", {}).values() for a in targets}
    removed += [attachment_key(a) for a in before - wanted]
    redo = {
        a for a in wanted if a in touched or a not in before or _linkers_changed(a, links, meta)
    }
    known = {p: d for p, d in docs.items() if d is not None}
    linking = [p for p, targets in links.items() if redo.intersection(targets)]
    changed += _attachment_entries(root, links, _parsed(root, linking, known), redo)
    fresh["links"] = links
    update_entries(index_folder(root, audience), changed, removed, fresh)
    return Refresh(False, len(changed), len(removed), time.perf_counter() - started)


def _linkers_changed(attachment: str, links: dict[str, list[str]], meta: dict[str, Any]) -> bool:
    def linkers(table: dict[str, list[str]]) -> set[str]:
        return {doc for doc, targets in table.items() if attachment in targets}

    return linkers(links) != linkers(meta.get("links", {}))


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
    document, _ = parse_document(PurePosixPath(path), raw, keep_body=True)
    return document


def _shown(document: Document | None, audience: str, policy: Policy) -> bool:
    return (
        document is not None
        and document.status in PUBLISHED
        and audience in readers(document, policy)
    )


def _entry(document: Document, policy: Policy, today: date) -> Entry:
    review = review_of(document, policy.review, today=today)
    return Entry(
        key=str(document.path),
        kind="document",
        id=document.id,
        title=document.title,
        body=document.body or "",
        type=document.type.value,
        function=document.function,
        owners=document.owners,
        status=document.status.value,
        sites=document.sites,
        next_review=review.next_review.isoformat() if review.next_review else "",
        path=str(document.path),
    )


def _attachments(document: Document | None, stamps: dict[str, list[int]]) -> list[str]:
    if document is None:
        return []
    folder = posixpath.dirname(str(document.path))
    targets = {posixpath.normpath(posixpath.join(folder, link.target)) for link in document.links}
    return sorted(t for t in targets if t in stamps and not t.endswith(".md"))


def _attachment_entries(
    root: Path, links: dict[str, list[str]], by_path: dict[str, Document], redo: set[str]
) -> list[Entry]:
    """Entries for the attachments in `redo`, each pointing to the documents that link it."""
    entries = []
    for attachment in sorted(redo):
        linking = [
            by_path[p] for p, targets in links.items() if attachment in targets and p in by_path
        ]
        text = extract_text(root / attachment)
        if not linking or text is None:
            continue
        first = linking[0]
        entries.append(
            Entry(
                key=attachment_key(attachment),
                kind="attachment",
                id=first.id,
                title=f"Pièce jointe : {posixpath.basename(attachment)}",
                body=text,
                type=first.type.value,
                function=first.function,
                owners=first.owners,
                status=first.status.value,
                sites=first.sites,
                next_review="",
                path=attachment,
                linked_from=tuple(d.id for d in linking),
            )
        )
    return entries
