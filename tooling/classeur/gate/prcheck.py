"""`pr-check`: what a pull request changes in access, ownership and status, judged
with the base branch's policy (never the pull request's own).

Authors are identified by their commits' e-mails; an unknown author counts as
the provider. Under the sources the base's sources.yml declares, a provider
author may change the documents they maintain and the attachments those
documents link; every other file, wherever it is, is something the company's
builds run or trust.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from classeur.common.i18n import _
from classeur.gate.attachments import judge_attachment, widened
from classeur.gate.changes import (
    Author,
    DocumentChange,
    Kind,
    MeasurementChange,
    Move,
    PullRequestReport,
)
from classeur.gate.document_findings import document_findings, field_diff
from classeur.gate.pilotage import judge_measurements, judge_targets
from classeur.gate.sensitive import sensitive_changes
from classeur.gate.snapshot import Snapshot, link_targets, snapshots, source_folders
from classeur.git.revisions import Renamed, Revisions
from classeur.model.attachments import ATTACHMENT_SUFFIXES
from classeur.model.findings import Finding, Severity
from classeur.model.policy import POLICY_DIR, Policy, parse_policy
from classeur.model.records import Document, Organisation


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
        change.fields = field_diff(change.before, change.after)
        report.changes.append(change)
        report.findings += document_findings(change, policy)
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
