"""`pr-check`: what a pull request changes in access, ownership and status, judged
with the base branch's policy (never the pull request's own).

Authors are identified by their commits' e-mails; an unknown author counts as
the provider. Under the sources the base's sources.yml declares, a provider
author may change the documents they maintain and the attachments those
documents link; every other file, wherever it is, is something the company's
builds run or trust.
"""

from __future__ import annotations

import enum
import posixpath
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from classeur.binder.review import may_review
from classeur.git.revisions import Renamed, Revisions, Side
from classeur.model.access import members_of, organisation_of, readers
from classeur.model.attachments import ATTACHMENT_SUFFIXES
from classeur.model.findings import Finding, Severity
from classeur.model.frontmatter import parse_document
from classeur.model.policy import POLICY_DIR, Policy, parse_policy
from classeur.model.records import Document, Organisation, Status
from classeur.model.sources import DEFAULT_FOLDER

# The files besides documents that a source may hold and a provider may send.


class Kind(enum.Enum):
    """What a path is to the gate."""

    DOCUMENT = "document"
    ATTACHMENT = "attachment"
    PROTECTED = "protected"  # anything else: the company's builds run or trust it


@dataclass(frozen=True)
class Author:
    """A commit author as the base policy knows them."""

    email: str
    person: str | None  # person id, None when unknown
    organisation: Organisation  # unknown authors count as the provider


@dataclass
class DocumentChange:
    """One document file the pull request adds, changes, renames or deletes."""

    path: str
    status: str  # A, M, R, C, D, T
    before: Document | None
    after: Document | None
    authors: list[Author]
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (before, after)
    also_check: list[str] = field(default_factory=list)  # ids that link to it or relate to it
    origin: str | None = None  # the name it was renamed or copied from


@dataclass
class AttachmentChange:
    """One attachment the pull request adds, changes, renames or deletes."""

    path: str
    status: str  # A, M, R, C, D, T
    authors: list[Author]
    linked_by: list[str]  # ids of the documents that link it, at the base or the head
    owners: list[str]  # the owners of those documents: who answers for it
    origin: str | None = None  # the name it was renamed or copied from


@dataclass
class PullRequestReport:
    base: str
    head: str
    authors: list[Author]
    changes: list[DocumentChange] = field(default_factory=list)
    attachments: list[AttachmentChange] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # every other path it changes
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    """The sources at one side of the pull request."""

    files: Mapping[str, str]  # regular, non-hidden files under the sources: path -> blob id
    documents: Mapping[str, Document]  # the document files whose header is valid

    def kind(self, path: str) -> Kind:
        """What `path` is on this side (PROTECTED when it is not here)."""
        if path not in self.files:
            return Kind.PROTECTED  # outside the sources, hidden, or not a regular file
        if path.endswith(".md"):
            return Kind.DOCUMENT
        suffix = PurePosixPath(path).suffix.lower()
        return Kind.ATTACHMENT if suffix in ATTACHMENT_SUFFIXES else Kind.PROTECTED

    @cached_property
    def linkers(self) -> dict[str, list[Document]]:
        """Each linked attachment -> the documents that link it, in path order."""
        found: dict[str, list[Document]] = {}
        for _, document in sorted(self.documents.items()):
            for target in _targets(document):
                if self.kind(target) is Kind.ATTACHMENT:
                    found.setdefault(target, []).append(document)
        return found


@dataclass(frozen=True)
class _Move:
    """A diff entry as it concerns one kind of file."""

    status: str
    old: str | None  # its name at the base, when it was of that kind there
    new: str | None  # its name at the head, when it is of that kind there
    origin: str | None  # the name it was renamed or copied from

    @property
    def path(self) -> str:
        return self.new or self.old or ""


def pr_check(root: Path, base: str, head: str = "HEAD") -> PullRequestReport:
    """Compare `head` with its merge base with `base`, under the base's policy."""
    revisions = Revisions(root, base, head)
    policy, _ = parse_policy(revisions.base_folder(POLICY_DIR))
    folders = source_folders(policy)
    before, after = _snapshots(revisions, folders)
    log = revisions.authorship()
    report = PullRequestReport(revisions.base_sha, revisions.head_sha, _authors(log.emails, policy))
    entries = revisions.changed()
    for entry in entries:
        authors = _authors(log.of(dict.fromkeys((entry.old, entry.new))), policy)
        _judge(entry, authors, (before, after), policy, folders, report)
    report.findings += _widened(before, after, entries, policy)
    _link_back(report.changes, list(after.documents.values()))
    report.findings = sorted(set(report.findings))
    return report


def source_folders(policy: Policy) -> list[str]:
    """The folders of this repository that hold documents, as the policy declares them."""
    if not policy.is_loaded("sources.yml"):
        return [DEFAULT_FOLDER]
    folders = [posixpath.normpath(s.path.replace("\\", "/")) for s in policy.sources]
    # A sibling (`../x`) lives in another repository: no path of this one is under it.
    return [f for f in folders if f != ".." and not f.startswith(("../", "/"))]


def _snapshots(revisions: Revisions, folders: Sequence[str]) -> tuple[Snapshot, Snapshot]:
    names: tuple[Side, Side] = ("base", "head")
    listed = [revisions.files(side, folders) for side in names]
    sides = [{p: sha for p, sha in files.items() if _in_sources(p, folders)} for files in listed]
    # Each document file is parsed once: most are the same on both sides.
    wanted = {(p, sha) for files in sides for p, sha in files.items() if p.endswith(".md")}
    raw = revisions.read(sha for _, sha in wanted)
    parsed = {(p, sha): _document(p, raw.get(sha)) for p, sha in wanted}
    base, head = (
        Snapshot(files, {p: d for p, sha in files.items() if (d := parsed.get((p, sha)))})
        for files in sides
    )
    return base, head


def _in_sources(path: str, folders: Sequence[str]) -> bool:
    """Under a source folder, and not hidden there (as `check` reads the sources)."""
    for folder in folders:
        prefix = "" if folder == "." else folder + "/"
        if path.startswith(prefix):
            return not any(part.startswith(".") for part in path[len(prefix) :].split("/"))
    return False


def _authors(emails: Iterable[str], policy: Policy) -> list[Author]:
    found = []
    for email in emails:
        person = policy.person_for_email(email)
        organisation = person.organisation if person else Organisation.PROVIDER
        found.append(Author(email, person.id if person else None, organisation))
    return found


def _document(path: str, raw: bytes | None) -> Document | None:
    if raw is None:
        return None
    document, _ = parse_document(PurePosixPath(path), raw)
    return document


def _judge(
    entry: Renamed,
    authors: list[Author],
    sides: tuple[Snapshot, Snapshot],
    policy: Policy,
    folders: Sequence[str],
    report: PullRequestReport,
) -> None:
    """Judge one diff entry under both its names: protected, document, attachment."""
    before, after = sides
    names = [(entry.old, before)] if entry.status != "A" else []
    names += [(entry.new, after)] if entry.status != "D" else []
    protected = list(
        dict.fromkeys(name for name, side in names if side.kind(name) is Kind.PROTECTED)
    )
    if protected:
        report.others.append(protected[-1])
        report.findings += _protected(entry, protected, authors, folders)
    if document := _move(entry, sides, Kind.DOCUMENT):
        change = DocumentChange(
            document.path,
            document.status,
            before.documents.get(document.old) if document.old else None,
            after.documents.get(document.new) if document.new else None,
            authors,
            origin=document.origin,
        )
        change.fields = _field_diff(change.before, change.after)
        report.changes.append(change)
        report.findings += _document_findings(change, policy)
    if attachment := _move(entry, sides, Kind.ATTACHMENT):
        report.attachments.append(_attachment(attachment, authors, sides, policy, report))


def _move(entry: Renamed, sides: tuple[Snapshot, Snapshot], kind: Kind) -> _Move | None:
    """The entry as a change of one kind of file, or None when neither name is of it."""
    before, after = sides
    # A copy leaves its original as it was: only the new name is a change.
    was = entry.status not in "AC" and before.kind(entry.old) is kind
    now = entry.status != "D" and after.kind(entry.new) is kind
    if not (was or now):
        return None
    status = entry.status
    if was != now and status != "C":  # moved into or out of this kind, e.g. out of the sources
        status = "D" if was else "A"
    origin = entry.old if status in "RC" else None
    return _Move(status, entry.old if was else None, entry.new if now else None, origin)


def _attachment(
    move: _Move,
    authors: list[Author],
    sides: tuple[Snapshot, Snapshot],
    policy: Policy,
    report: PullRequestReport,
) -> AttachmentChange:
    """The attachment change, judged by who maintains the documents linking it."""
    before, after = sides
    old = before.linkers.get(move.old, []) if move.old else []
    new = after.linkers.get(move.new, []) if move.new else []
    # An existing attachment answers to the documents that linked it at the base.
    judges = old if move.old else new
    ids = list(dict.fromkeys(d.id for d in old + new))
    owners = list(dict.fromkeys(o for d in old + new for o in d.owners))
    change = AttachmentChange(move.path, move.status, authors, ids, owners, move.origin)
    report.findings += _attachment_edits(change, judges, policy)
    return change


def _attachment_edits(
    change: AttachmentChange, judges: list[Document], policy: Policy
) -> Iterator[Finding]:
    if change.status in "AC" and not judges:
        return  # a new file that no document links: it is published nowhere
    maintained = {p for document in judges for p in members_of(document.maintainers, policy)}
    verb = {"A": "adds", "C": "adds", "D": "deletes", "R": "renames"}.get(change.status, "changes")
    ids = ", ".join(dict.fromkeys(d.id for d in judges))
    for author in change.authors:
        if author.organisation is Organisation.PROVIDER and author.person not in maintained:
            who = author.person or f"{author.email} (unknown, counted as the provider)"
            yield Finding(
                change.path,
                0,
                "provider-edits-unmaintained",
                f"{who} {verb} {change.path}, an attachment linked only by documents they do "
                f"not maintain ({ids}). Add them to `maintainers` of one of those (an "
                "owner's change) or have a maintainer make it."
                if judges
                else f"{who} {verb} {change.path}, an attachment no document links. Have an "
                "internal owner make this change.",
                Severity.ERROR,
            )


def _widened(
    before: Snapshot, after: Snapshot, entries: list[Renamed], policy: Policy
) -> Iterator[Finding]:
    """`attachment-access-widened`: an attachment shown or published to new audiences."""
    origins = _origins(before, after, entries)
    for attachment, linking in after.linkers.items():
        names = sorted(origins.get(attachment, ()))
        if not names:
            continue  # new with the pull request: no readers to widen
        allowed = set().union(*(_narrowest(before.linkers.get(n, []), policy) for n in names))
        shown: dict[str, set[str]] = {}  # whom each document linking it already showed it to
        for document in (d for name in names for d in before.linkers.get(name, [])):
            shown.setdefault(document.id, set()).update(readers(document, policy))
        found = [
            _shown_wider(document, attachment, allowed, exposed, policy)
            for document in linking
            if (exposed := set(readers(document, policy)) - allowed - shown.get(document.id, set()))
        ]
        wider = _narrowest(linking, policy) - allowed
        if wider and not found:
            found.append(_published_wider(attachment, linking, wider, policy))
        yield from found


def _shown_wider(
    document: Document, attachment: str, allowed: set[str], exposed: set[str], policy: Policy
) -> Finding:
    return Finding(
        str(document.path),
        _targets(document)[attachment],
        "attachment-access-widened",
        f"{document.id} links {attachment}, an attachment only {_audiences(allowed, policy)} "
        f"may read at the base: the link shows it to {_audiences(exposed, policy)}. Link it "
        "only from documents with the same readers, or have an internal owner widen the "
        "documents that link it.",
    )


def _published_wider(
    attachment: str, linking: list[Document], wider: set[str], policy: Policy
) -> Finding:
    return Finding(
        attachment,
        0,
        "attachment-access-widened",
        f"{attachment} becomes readable by {_audiences(wider, policy)}: the documents that "
        f"link it now ({', '.join(d.id for d in linking)}) are all readable by them. Keep it "
        "linked from a document with its former readers, or have an internal owner make this "
        "change.",
    )


def _origins(before: Snapshot, after: Snapshot, entries: list[Renamed]) -> dict[str, set[str]]:
    """Each attachment at the head -> its names at the base (none for a new one).

    A new name inherits the readers of the file it was renamed or copied from,
    including a copy Git does not see as one (same content, another name).
    """
    copies: dict[str, set[str]] = {}
    for path, sha in before.files.items():
        if before.kind(path) is Kind.ATTACHMENT:
            copies.setdefault(sha, set()).add(path)
    renamed = {e.new: e.old for e in entries if e.status in "RC"}
    origins: dict[str, set[str]] = {}
    for path, sha in after.files.items():
        if after.kind(path) is not Kind.ATTACHMENT:
            continue
        if before.kind(path) is Kind.ATTACHMENT:
            origins[path] = {path}
        elif before.kind(renamed.get(path, "")) is Kind.ATTACHMENT:
            origins[path] = {renamed[path]}
        else:
            origins[path] = copies.get(sha, set())
    return origins


def _narrowest(documents: list[Document], policy: Policy) -> set[str]:
    """The audiences that may read every one of `documents` (none for no document)."""
    if not documents:
        return set()
    return set.intersection(*(set(readers(d, policy)) for d in documents))


def _audiences(ids: set[str], policy: Policy) -> str:
    return ", ".join(a for a in policy.audiences if a in ids) or "no audience"


def _targets(document: Document) -> dict[str, int]:
    """Root-relative targets of the document's links -> the line of the first one."""
    folder = posixpath.dirname(str(document.path))
    found: dict[str, int] = {}
    for link in document.links:
        found.setdefault(posixpath.normpath(posixpath.join(folder, link.target)), link.line)
    return found


_WATCHED = (
    "access",
    "owners",
    "maintainers",
    "status",
    "last_reviewed",
    "reviewed_by",
    "title",
    "function",
)


def _field_diff(before: Document | None, after: Document | None) -> dict[str, tuple[Any, Any]]:
    diff = {}
    for name in _WATCHED:
        old = getattr(before, name) if before else None
        new = getattr(after, name) if after else None
        if old != new:
            diff[name] = (_plain(old), _plain(new))
    return diff


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value.value if hasattr(value, "value") else (str(value) if value is not None else None)


def _document_findings(change: DocumentChange, policy: Policy) -> Iterator[Finding]:
    before, after = change.before, change.after
    owner_ok = _by_internal_owner(change.authors, before or after, policy)
    needs_owner = Severity.NOTICE if owner_ok else Severity.ERROR
    approve = " An internal owner of the document must make or approve this change."
    if after is not None and before is None:
        outside = [
            m for m in after.owners if organisation_of(m, policy) is not Organisation.COMPANY
        ]
        if outside:
            yield _at(
                change,
                "owner-not-company",
                f"new document owned by {', '.join(outside)}, who are not on the company "
                "side. Name a company owner.",
                Severity.ERROR,
            )
    if before is not None and after is None and before.status is Status.ACTIVE:
        yield _at(
            change,
            "active-document-deleted",
            f"deletes {before.id}, an active document.{approve} Archive it instead "
            "(status: archived) to keep its history readable.",
            needs_owner,
        )
    if before is not None and after is not None:
        wider = sorted(set(readers(after, policy)) - set(readers(before, policy)))
        if wider:
            yield _at(
                change,
                "access-widened",
                f"{after.id} becomes readable by {', '.join(wider)}.{approve}",
                needs_owner,
            )
        for name in ("owners", "maintainers", "status"):
            if name in change.fields:
                old, new = change.fields[name]
                yield _at(
                    change,
                    f"{name}-changed",
                    f"{after.id}: {name} {old} → {new}.{approve}",
                    needs_owner,
                )
        if after.status is Status.ARCHIVED and before.status is Status.ACTIVE:
            yield _at(
                change,
                "active-document-archived",
                f"archives {after.id}, an active document.{approve}",
                needs_owner,
            )
    reviewer = after.reviewed_by if after is not None and "reviewed_by" in change.fields else None
    if after is not None and reviewer and not may_review(reviewer, after, policy):
        yield _at(
            change,
            "review-not-allowed",
            f"records a review by {reviewer}, who is neither an owner nor an allowed "
            f"maintainer of {after.id}.",
            Severity.ERROR,
        )
    yield from _provider_edits(change, policy)


def _provider_edits(change: DocumentChange, policy: Policy) -> Iterator[Finding]:
    document = change.before or change.after
    if document is None:
        return
    maintainers = members_of(document.maintainers, policy)
    for author in change.authors:
        if author.organisation is Organisation.PROVIDER and author.person not in maintainers:
            who = author.person or f"{author.email} (unknown, counted as the provider)"
            yield _at(
                change,
                "provider-edits-unmaintained",
                f"{who} changes {document.id}, which they do not maintain. Add them to "
                "`maintainers` (an owner's change) or have a maintainer make it.",
                Severity.ERROR,
            )


def _protected(
    entry: Renamed, names: list[str], authors: Iterable[Author], folders: Sequence[str]
) -> list[Finding]:
    outside = [a for a in authors if a.organisation is Organisation.PROVIDER]
    if not outside:
        return []
    who = ", ".join(a.person or a.email for a in outside)
    types = ", ".join(sorted(s.lstrip(".") for s in ATTACHMENT_SUFFIXES))
    where = ", ".join(f"{f}/" for f in folders) or "no source"
    return [
        Finding(
            name,
            0,
            "protected-path-changed",
            f"{_verb(entry, name)} by {who} (provider side): a provider may only change "
            f"documents (.md) and attachments ({types}) under {where}; the company's builds "
            "run or trust every other file. Ask an internal owner to make this change.",
            Severity.ERROR,
        )
        for name in names
    ]


def _verb(entry: Renamed, name: str) -> str:
    """What the entry did to `name`, for a message."""
    moved = {"R": "renamed", "C": "copied"}.get(entry.status)
    if moved and entry.old != entry.new:
        return f"{moved} to {entry.new}" if name == entry.old else f"{moved} from {entry.old}"
    return {"A": "added", "D": "deleted"}.get(entry.status, "changed")


def _by_internal_owner(authors: list[Author], document: Document | None, policy: Policy) -> bool:
    if document is None or not authors:
        return False
    owners = members_of(document.owners, policy)
    company = all(a.organisation is Organisation.COMPANY for a in authors)
    return company and any(a.person in owners for a in authors)


# The frontmatter field each finding is about, for its line number.
_FIELD_OF = {
    "access-widened": "access",
    "owners-changed": "owners",
    "owner-not-company": "owners",
    "maintainers-changed": "maintainers",
    "status-changed": "status",
    "active-document-archived": "status",
    "review-not-allowed": "reviewed_by",
}


def _at(change: DocumentChange, code: str, message: str, severity: Severity) -> Finding:
    field = _FIELD_OF.get(code)
    line = change.after.line_of(field) if change.after and field else 0
    return Finding(change.path, line, code, message, severity)


def _link_back(changes: list[DocumentChange], documents: list[Document]) -> None:
    """Fill `also_check`: documents at HEAD that link to or relate to a changed one."""
    linking: dict[str, list[Document]] = {}  # path or id -> the documents that point to it
    for other in documents:
        for key in dict.fromkeys([*_targets(other), *other.related]):
            linking.setdefault(key, []).append(other)
    for change in changes:
        target = change.after or change.before
        if target is None:
            continue
        pointing = linking.get(target.id, []) + linking.get(change.path, [])
        change.also_check += dict.fromkeys(
            o.id for o in sorted(pointing, key=lambda d: d.path) if o.path != target.path
        )
