"""`pr-check`: what a pull request changes in access, ownership and status, judged
with the base branch's policy (never the pull request's own).

Authors are identified by their commits' e-mails; an unknown author counts as
the provider. Under the sources the base's sources.yml declares, a provider
author may change the documents they maintain and the attachments those
documents link; every other file, wherever it is, is something the company's
builds run or trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from classeur.binder.review import may_review
from classeur.common.i18n import _
from classeur.gate.attachments import judge_attachment, widened
from classeur.gate.changes import (
    Author,
    DocumentChange,
    Kind,
    MeasurementChange,
    Move,
    PullRequestReport,
    author_words,
)
from classeur.gate.pilotage import judge_measurements, judge_targets
from classeur.gate.sensitive import sensitive_changes
from classeur.gate.snapshot import Snapshot, link_targets, snapshots, source_folders
from classeur.git.revisions import Renamed, Revisions
from classeur.model.access import members_of, organisation_of, readers
from classeur.model.attachments import ATTACHMENT_SUFFIXES
from classeur.model.findings import Finding, Severity
from classeur.model.policy import POLICY_DIR, Policy, parse_policy
from classeur.model.records import Document, Organisation, Status


def pr_check(
    root: Path, base: str, head: str = "HEAD", *, today: date | None = None
) -> PullRequestReport:
    """Compare `head` with its merge base with `base`, under the base's policy.

    `today` dates the measurements' checks (no period that is not over yet); the
    real date when not given.
    """
    revisions = Revisions(root, base, head)
    policy_files = revisions.base_folder(POLICY_DIR)
    policy, _problems = parse_policy(policy_files)
    folders = source_folders(policy)
    before, after = snapshots(revisions, folders)
    log = revisions.authorship()
    report = PullRequestReport(revisions.base_sha, revisions.head_sha, _authors(log.emails, policy))
    entries = revisions.changed()
    for entry in entries:
        authors = _authors(log.of(dict.fromkeys((entry.old, entry.new))), policy)
        _judge(entry, authors, (before, after), policy, folders, report)
    report.findings += widened(before, after, entries, policy)
    report.findings += sensitive_changes(revisions, (before, after), report, policy)

    def authors_of(paths: Iterable[str]) -> list[Author]:
        return _authors(log.of(dict.fromkeys(paths)), policy)

    sides = (before, after)
    day = today or date.today()
    report.findings += judge_measurements(
        revisions, sides, report.measurements, policy, authors_of, day
    )
    report.findings += judge_targets(revisions, sides, policy, policy_files, authors_of)
    _link_back(report.changes, list(after.documents.values()))
    report.findings = sorted(set(report.findings))
    return report


def _authors(emails: Iterable[str], policy: Policy) -> list[Author]:
    found = []
    for email in emails:
        person = policy.person_for_email(email)
        organisation = person.organisation if person else Organisation.PROVIDER
        found.append(Author(email, person.id if person else None, organisation))
    return found


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
        report.attachments.append(judge_attachment(attachment, authors, sides, policy, report))
    if measurements := _move(entry, sides, Kind.MEASUREMENTS):
        report.measurements.append(
            MeasurementChange(measurements.path, measurements.status, authors, measurements.origin)
        )


def _move(entry: Renamed, sides: tuple[Snapshot, Snapshot], kind: Kind) -> Move | None:
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
    return Move(status, entry.old if was else None, entry.new if now else None, origin)


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
    if after is not None and before is None:
        outside = [
            m for m in after.owners if organisation_of(m, policy) is not Organisation.COMPANY
        ]
        if outside:
            yield _at(
                change,
                "owner-not-company",
                _(
                    "new document owned by {owners}, who are not on the company side. "
                    "Name a company owner."
                ).format(owners=", ".join(outside)),
                Severity.ERROR,
            )
    if before is not None and after is None and before.status is Status.ACTIVE:
        yield _at(
            change,
            "active-document-deleted",
            _(
                "deletes {id}, an active document. An internal owner of the document must "
                "make or approve this change. Archive it instead (status: archived) to keep "
                "its history readable."
            ).format(id=before.id),
            needs_owner,
        )
    if before is not None and after is not None:
        yield from _changed_fields(change, before, after, policy, needs_owner)
    reviewer = after.reviewed_by if after is not None and "reviewed_by" in change.fields else None
    if after is not None and reviewer and not may_review(reviewer, after, policy):
        yield _at(
            change,
            "review-not-allowed",
            _(
                "records a review by {reviewer}, who is neither an owner nor an allowed "
                "maintainer of {id}."
            ).format(reviewer=reviewer, id=after.id),
            Severity.ERROR,
        )
    yield from _provider_edits(change, policy)


def _changed_fields(
    change: DocumentChange, before: Document, after: Document, policy: Policy, severity: Severity
) -> Iterator[Finding]:
    """What a change of an existing document does to its readers, owners and status."""
    wider = sorted(set(readers(after, policy)) - set(readers(before, policy)))
    if wider:
        yield _at(
            change,
            "access-widened",
            _(
                "{id} becomes readable by {audiences}. An internal owner of the document "
                "must make or approve this change."
            ).format(id=after.id, audiences=", ".join(wider)),
            severity,
        )
    for name in ("owners", "maintainers", "status"):
        if name in change.fields:
            old, new = change.fields[name]
            yield _at(
                change,
                f"{name}-changed",
                _(
                    "{id}: {field} {old} → {new}. An internal owner of the document must "
                    "make or approve this change."
                ).format(id=after.id, field=name, old=old, new=new),
                severity,
            )
    if after.status is Status.ARCHIVED and before.status is Status.ACTIVE:
        yield _at(
            change,
            "active-document-archived",
            _(
                "archives {id}, an active document. An internal owner of the document must "
                "make or approve this change."
            ).format(id=after.id),
            severity,
        )


def _provider_edits(change: DocumentChange, policy: Policy) -> Iterator[Finding]:
    # A file that existed at the base is judged by its base header only: the head's
    # `maintainers` is the pull request's own word (a broken base header would let a
    # provider name itself maintainer of any document).
    existed = change.status not in ("A", "C")
    document = change.before if existed else change.after
    if document is None:
        yield from _unreadable_edits(change, existed)
        return
    maintainers = members_of(document.maintainers, policy)
    for author in change.authors:
        if author.organisation is Organisation.PROVIDER and author.person not in maintainers:
            yield _at(
                change,
                "provider-edits-unmaintained",
                _(
                    "{who} changes {id}, which they do not maintain. Add them to "
                    "`maintainers` (an owner's change) or have a maintainer make it."
                ).format(who=author_words(author), id=document.id),
                Severity.ERROR,
            )


def _unreadable_edits(change: DocumentChange, existed: bool) -> Iterator[Finding]:
    """A provider touching a document file whose header does not parse (where it counts)."""
    if existed:
        template = _(
            "{who} changes {path}, whose header does not parse at the base: no maintainer "
            "can be read from it. Have an internal owner fix its header first, or make this "
            "change."
        )
    else:
        template = _(
            "{who} changes {path}, whose header does not parse in the pull request: no "
            "maintainer can be read from it. Have an internal owner fix its header first, or "
            "make this change."
        )
    for author in change.authors:
        if author.organisation is Organisation.PROVIDER:
            yield _at(
                change,
                "provider-edits-unmaintained",
                template.format(who=author_words(author), path=change.path),
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
    where = ", ".join(f"{f}/" for f in folders) or _("no source")
    return [
        Finding(
            name,
            0,
            "protected-path-changed",
            _(
                "{what} by {who} (provider side): a provider may only change documents (.md) "
                "and attachments ({types}) under {where}; the company's builds run or trust "
                "every other file. Ask an internal owner to make this change."
            ).format(what=_verb(entry, name), who=who, types=types, where=where),
            Severity.ERROR,
        )
        for name in names
    ]


def _verb(entry: Renamed, name: str) -> str:
    """What the entry did to `name`, for a message."""
    if entry.status in ("R", "C") and entry.old != entry.new:
        if name == entry.old:
            moved = _("renamed to {path}") if entry.status == "R" else _("copied to {path}")
            return moved.format(path=entry.new)
        moved = _("renamed from {path}") if entry.status == "R" else _("copied from {path}")
        return moved.format(path=entry.old)
    if entry.status == "A":
        return _("added")
    return _("deleted") if entry.status == "D" else _("changed")


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
        for key in dict.fromkeys([*link_targets(other), *other.related]):
            linking.setdefault(key, []).append(other)
    for change in changes:
        target = change.after or change.before
        if target is None:
            continue
        pointing = linking.get(target.id, []) + linking.get(change.path, [])
        change.also_check += dict.fromkeys(
            o.id for o in sorted(pointing, key=lambda d: d.path) if o.path != target.path
        )
