"""`review`: record a review by rewriting `last_reviewed` and `reviewed_by` only.

Every other byte of the file stays as it was: comments, key order, quoting,
the body, line endings and a byte-order mark. The rewrite is checked by
parsing the result with the one strict parser before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from classeur.binder.check import check
from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _
from classeur.git.commits import commit_file, has_local_changes
from classeur.model.access import members_of
from classeur.model.policy import Policy
from classeur.model.records import Document
from classeur.model.report import Report

BOM = "\ufeff".encode()
_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")


def rewrite_review(raw: bytes, *, reviewer: str, day: date) -> bytes:
    """The file with `last_reviewed: day` and `reviewed_by: reviewer`, nothing else changed."""
    bom = raw.startswith(BOM)
    lines = _LINE.findall(raw[len(BOM) :] if bom else raw)
    closing = _closing_line(lines)
    newline = b"\r\n" if lines[0].endswith(b"\r\n") else b"\n"
    for key, value in (("last_reviewed", day.isoformat()), ("reviewed_by", reviewer)):
        index = _key_line(lines, closing, key)
        if index is None:
            lines.insert(closing, f"{key}: {value}".encode() + newline)
            closing += 1
        else:
            lines[index] = _with_value(lines[index], key, value)
    return (BOM if bom else b"") + b"".join(lines)


def _closing_line(lines: list[bytes]) -> int:
    def is_boundary(line: bytes) -> bool:
        return bool(YAMLHandler.FM_BOUNDARY.fullmatch(line.decode("utf-8").rstrip("\r\n")))

    if not lines or not is_boundary(lines[0]):
        raise PortalError(_("the file has no frontmatter; run `classeur check` to see why."))
    for index in range(1, len(lines)):
        if is_boundary(lines[index]):
            return index
    raise PortalError(_("the frontmatter is never closed; run `classeur check` to see why."))


def _key_line(lines: list[bytes], closing: int, key: str) -> int | None:
    pattern = re.compile(rb"^" + key.encode() + rb"\s*:")
    found = [i for i in range(1, closing) if pattern.match(lines[i])]
    if len(found) > 1:
        raise PortalError(
            _('"{key}" appears twice in the frontmatter; fix the file first.').format(key=key)
        )
    return found[0] if found else None


_VALUE = re.compile(
    rb"^(?P<key>[a-z_]+\s*:[ \t]*)(?P<quote>[\"']?)(?P<value>[^\"'#\r\n]*?)(?P=quote)"
    rb"(?P<rest>[ \t]*(#[^\r\n]*)?\r?\n?)$"
)


def _with_value(line: bytes, key: str, value: str) -> bytes:
    match = _VALUE.match(line)
    if match is None or not match.group("value").strip():
        raise PortalError(
            _(
                '"{key}" is not a plain one-line value; write it as `{key}: VALUE` and try again.'
            ).format(key=key)
        )
    quote = match.group("quote")
    return match.group("key") + quote + value.encode() + quote + match.group("rest")


def may_review(person: str, document: Document, policy: Policy) -> bool:
    """Owners (or members of owner teams) may; maintainers too when the policy says so."""
    allowed: list[str] = list(document.owners)
    if policy.review is not None and policy.review.maintainers_may_review:
        allowed += document.maintainers
    return person in members_of(allowed, policy)


def record_reviews(
    root: Path,
    names: Sequence[str],
    reviewer: str,
    day: date,
    *,
    commit: bool,
    force: bool,
    today: date | None = None,
) -> list[Document]:
    """Record `reviewer`'s review of each named document (id or path); all or none checked first.

    A review is recorded on a day that has come: `day` after `today` (the real date
    when None) is refused before anything is read.
    """
    refuse_future_day(day, today or date.today())
    report = check(root, today=day)
    person = report.policy.people.get(reviewer)
    if person is None:
        known = ", ".join(sorted(report.policy.people))
        raise PortalError(
            _('unknown person "{person}". Known: {known}.').format(person=reviewer, known=known)
        )
    targets = [_find(report, root, name) for name in names]
    for target in targets:
        if not may_review(reviewer, target, report.policy):
            raise PortalError(_not_allowed(reviewer, target, report))
        if not force and has_local_changes(root, str(target.path)):
            raise PortalError(
                _("{path} has uncommitted changes; commit them first, or pass --force.").format(
                    path=target.path
                )
            )
    for target in targets:
        path = root / str(target.path)
        write_atomic(path, rewrite_review(path.read_bytes(), reviewer=reviewer, day=day))
        if commit:
            message = f"review({target.id}): reviewed by {reviewer}"
            email = person.emails[0] if person.emails else ""
            commit_file(root, str(target.path), message, name=person.name, email=email)
    return targets


def refuse_future_day(day: date, today: date) -> None:
    """PortalError when `day` is after `today`: nobody reviews a document in advance."""
    if day > today:
        raise PortalError(
            _(
                "--date {day} is after today ({today}): a review is recorded once it is done. "
                "Pass the day of the review, today or earlier. Nothing was written."
            ).format(day=day.isoformat(), today=today.isoformat())
        )


def _not_allowed(reviewer: str, target: Document, report: Report) -> str:
    review = report.policy.review
    owners = ", ".join(target.owners)
    if review is not None and review.maintainers_may_review:
        return _(
            "{person} may not review {id}: reviews are recorded by its owners ({owners}) "
            "or maintainers."
        ).format(person=reviewer, id=target.id, owners=owners)
    return _("{person} may not review {id}: reviews are recorded by its owners ({owners}).").format(
        person=reviewer, id=target.id, owners=owners
    )


def _find(report: Report, root: Path, name: str) -> Document:
    for summary in report.documents:
        document = summary.document
        if name in (document.id, str(document.path)) or _same_file(root, name, str(document.path)):
            return document
    raise PortalError(
        _(
            'no valid document "{name}" (an id such as FAC-003, or a path). Run `classeur check`.'
        ).format(name=name)
    )


def _same_file(root: Path, name: str, relative: str) -> bool:
    candidate = Path(name)
    return candidate.exists() and candidate.resolve() == (root / relative).resolve()
