"""`pr-check` on one document: what its change does to readers, owners, status and
reviews, and whether its author may make it (judged on the base's header).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from classeur.binder.review import may_review
from classeur.common.i18n import _
from classeur.gate.changes import Author, DocumentChange, author_words
from classeur.model.access import members_of, organisation_of, readers
from classeur.model.findings import Finding, Severity
from classeur.model.policy import Policy
from classeur.model.records import Document, Organisation, Status

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


def field_diff(before: Document | None, after: Document | None) -> dict[str, tuple[Any, Any]]:
    """The watched header fields a change alters: name -> (before, after), as plain values."""
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


def document_findings(change: DocumentChange, policy: Policy) -> Iterator[Finding]:
    """What a pull request's change of one document does that the company must approve."""
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
