"""`sensitive-data`: a bank detail, a NIR, a card number or a secret that some reader of
the document (or attachment) holding it may not see, at its line and column (issue #14).

Access tags say who reads a text; access_policies/sensitive-data.yml says which
tags may hold which class of data (model/sensitive_policy.py). Every document was
searched whole, frontmatter included, when it was read (Document.sensitive: in
the parse workers, on every core); every attachment a document links is read here
(its text as model/textextract.py reads it) and judged for its narrowest readers. Messages
show only masked values and fingerprints, never a value: findings are printed in
CI logs the provider reads.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from classeur.common.fileio import file_size
from classeur.common.forked import shared
from classeur.common.i18n import _
from classeur.model.attachments import attachment_readers, is_attachment_type
from classeur.model.findings import Finding, Severity
from classeur.model.frontmatter import BOM
from classeur.model.masking import DataClass
from classeur.model.policy import Policy
from classeur.model.records import Document
from classeur.model.sensitive import SensitiveValue, find_sensitive, locate
from classeur.model.sensitive_policy import (
    SENSITIVE_PATH,
    SensitiveException,
    SensitivePolicy,
    load_sensitive_policy,
)
from classeur.model.textextract import TEXT_SUFFIXES, extract_text
from classeur.rules.mentions import _read
from classeur.rules.registry import Binder, binder_rule


@dataclass(frozen=True)
class _Source:
    """A file some audiences read: a document, or an attachment (its extracted text)."""

    path: str
    kind: str  # "document" or "attachment"
    readers: tuple[str, ...]
    has_lines: bool  # False for text extracted from a PDF or an office file


@dataclass(frozen=True)
class _Hit:
    """A value found in a source, at its 1-based line and column (0, 0: no lines)."""

    source: _Source
    value: SensitiveValue
    line: int
    column: int


@binder_rule
def sensitive(binder: Binder) -> list[Finding]:
    """`sensitive-data` in documents and attachments; the policy file's own findings."""
    return find_sensitive_data(binder, today=binder.today)


def find_sensitive_data(binder: Binder, *, today: date | None) -> list[Finding]:
    """Every sensitive value some reader may not see, and what is wrong with the exceptions.

    Exceptions expire with `today`; without a day (None) they are taken as current
    rather than judged by the clock.
    """
    guard, findings = load_sensitive_policy(binder.root, binder.policy)
    used: set[SensitiveException] = set()
    hits = [
        _Hit(_document_source(binder, document), placed.value, placed.line, placed.column)
        for document in binder.documents
        for placed in document.sensitive
    ]
    for hit in hits + _scanned(str(binder.root), _attachment_sources(binder)):
        finding = _judge(hit, guard, binder.policy, used, today)
        if finding is not None:
            findings.append(finding)
    findings += _exception_findings(guard, used, today, binder)
    return findings


def _document_source(binder: Binder, document: Document) -> _Source:
    path = str(document.path)
    return _Source(path, "document", tuple(binder.readers.get(path, ())), True)


def _attachment_sources(binder: Binder) -> list[_Source]:
    sources = []
    # Only a document linking something other than a document can narrow an attachment.
    linking = [d for d in binder.documents if any(not k.target.endswith(".md") for k in d.links)]
    readable = attachment_readers(linking, binder.readers)
    for path in sorted(readable):
        if path in binder.files and is_attachment_type(path):
            audiences = tuple(a for a in binder.policy.audiences if a in readable[path])
            lines = posixpath.splitext(path)[1].lower() in TEXT_SUFFIXES
            sources.append(_Source(path, "attachment", audiences, lines))
    return sources


def _scanned(root: str, sources: list[_Source]) -> list[_Hit]:
    """Every value in the sources; a forked helper on an idle core scans half of them."""

    def scan(chosen: Sequence[_Source]) -> list[_Hit]:
        return _scan(root, chosen)

    if not _has_idle_core():
        return scan(sources)
    return shared(sources, scan, lambda s: file_size(root, s.path), at_least=_HELPER_THRESHOLD)


# Below this many files, forking costs more than it saves.
_HELPER_THRESHOLD = 400


def _has_idle_core() -> bool:
    """Whether a helper would get a core of its own."""
    # On a busy machine it only competes: on 5,000 documents under a load of 8 on
    # 2 cores, the guard added 21 % to `check` with a helper, 8 % without.
    try:
        return os.getloadavg()[0] < (os.cpu_count() or 1) - 1
    except OSError:
        return True


def _scan(root: str, sources: Sequence[_Source]) -> list[_Hit]:
    hits: list[_Hit] = []
    for source in sources:
        text = _text(root, source)
        if not text:
            continue
        values = find_sensitive(text)
        if source.has_lines:
            hits += [_Hit(source, v, *locate(text, v.start)) for v in values]
        else:
            # Extracted text repeats what a PDF shows on several pages: one finding per value.
            unique = {(v.data_class, v.fingerprint): v for v in values}
            hits += [_Hit(source, v, 0, 0) for v in unique.values()]
    return hits


def _text(root: str, source: _Source) -> str:
    if posixpath.splitext(source.path)[1].lower() in TEXT_SUFFIXES:
        raw = _read(root, source.path)
        return "" if raw is None else raw.decode("utf-8", errors="replace").removeprefix(BOM)
    return extract_text(Path(root) / source.path) or ""


def _judge(
    hit: _Hit,
    guard: SensitivePolicy,
    policy: Policy,
    used: set[SensitiveException],
    today: date | None,
) -> Finding | None:
    """The finding for one value, unless every reader may see it or an exception covers it."""
    value, source = hit.value, hit.source
    exception = guard.exception_for(source.path, value.data_class, value.fingerprint)
    if exception is not None:
        used.add(exception)
    blind = [a for a in source.readers if not _may_see(guard, policy, value.data_class, a)]
    if value.data_class is DataClass.SECRET:
        blind = list(source.readers)  # never allowed, whoever reads it
    elif not blind:
        return None
    if exception is not None and (today is None or today <= exception.expires):
        return None
    message = _message(value, source, blind, guard)
    return Finding(source.path, hit.line, "sensitive-data", message, column=hit.column)


def _may_see(guard: SensitivePolicy, policy: Policy, data_class: DataClass, audience: str) -> bool:
    known = policy.audiences.get(audience)
    return known is not None and guard.may_see(data_class, known.reads)


def _message(
    value: SensitiveValue, source: _Source, blind: list[str], guard: SensitivePolicy
) -> str:
    words = {
        "this": _("this document") if source.kind == "document" else _("this attachment"),
        "what": f"{value.data_class.words} {value.masked}",
        "file": SENSITIVE_PATH,
        "fingerprint": value.fingerprint,
        "blind": ", ".join(blind),
    }
    if value.data_class is DataClass.SECRET:
        return _(
            "{this} holds a {what}: secrets belong in the vault, never in a text that its "
            "readers, the search index and CI logs show. Remove it, change the secret (it was "
            "exposed) and point to its vault entry; a documented example may be kept if you "
            "list it under `exceptions:` in {file} with its fingerprint {fingerprint}, a reason "
            "and an expiry date."
        ).format(**words)
    tags = sorted(guard.allowed_tags(value.data_class))
    if tags:
        return _(
            "{this} holds a {what}, which {blind} may not see: {file} allows it only in "
            "documents tagged {tags}. Move it to a document tagged {either}, or list it under "
            "`exceptions:` in {file} with its fingerprint {fingerprint}, a reason and an expiry "
            "date."
        ).format(**words, tags=", ".join(tags), either=_(" or ").join(tags))
    return _(
        "{this} holds a {what}, which {blind} may not see: {file} allows it in no document. "
        "Remove it (keep it in the tool that needs it), allow its class for an access tag "
        "there, or list it under `exceptions:` in {file} with its fingerprint {fingerprint}, "
        "a reason and an expiry date."
    ).format(**words)


def _exception_findings(
    guard: SensitivePolicy, used: set[SensitiveException], today: date | None, binder: Binder
) -> list[Finding]:
    """Expired exceptions (errors) and exceptions that match no value (warnings)."""
    findings: list[Finding] = []
    for exception in guard.exceptions:
        named = {
            "path": exception.path,
            "what": exception.data_class.words,
            "fingerprint": exception.fingerprint,
        }
        if today is not None and today > exception.expires:
            findings.append(
                Finding(
                    SENSITIVE_PATH,
                    exception.line,
                    "sensitive-exception-expired",
                    _(
                        "the exception for {path} ({what}, fingerprint {fingerprint}) expired "
                        "on {expires}, so the value is reported again. Remove the value, or set "
                        "a new `expires` if it must stay."
                    ).format(**named, expires=exception.expires.isoformat()),
                )
            )
        elif exception not in used and _is_checked(exception.path, binder):
            findings.append(
                Finding(
                    SENSITIVE_PATH,
                    exception.line,
                    "sensitive-exception-unused",
                    _(
                        "the exception for {path} ({what}, fingerprint {fingerprint}) matches "
                        "no value there: the value was removed or changed. Remove the exception."
                    ).format(**named),
                    Severity.WARNING,
                )
            )
    return findings


def _is_checked(path: str, binder: Binder) -> bool:
    """Whether `path` lies in a source present here (an absent submodule proves nothing)."""
    return any(path.startswith(folder.rstrip("/") + "/") for folder in binder.source_roots)
