"""`pr-check`: what a pull request changes in access, ownership and status, judged
with the base branch's policy (never the pull request's own).

Authors are identified by their commits' e-mails; an unknown author counts as
the provider. A provider author may change the text of the documents they
maintain, and nothing that the company's builds run or trust.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from classeur.binder.review import may_review
from classeur.git.revisions import Revisions
from classeur.model.access import members_of, organisation_of, readers
from classeur.model.findings import Finding, Severity
from classeur.model.frontmatter import parse_document
from classeur.model.policy import POLICY_DIR, Policy, parse_policy
from classeur.model.records import Document, Organisation, Status

# Paths whose content the company's builds run or trust: never from the provider.
PROTECTED = (
    "mkdocs.yml", "tooling/", f"{POLICY_DIR}/", "site_src/", ".github/", ".gitlab-ci.yml",
    ".gitlab/", ".ci/", ".gitmodules", "Makefile", "pyproject.toml", "CODEOWNERS", "bench/",
)  # fmt: skip
DOCUMENTS = "procedures/"


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
    status: str  # A, M, R, D
    before: Document | None
    after: Document | None
    authors: list[Author]
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name -> (before, after)
    also_check: list[str] = field(default_factory=list)  # ids that link to it or relate to it


@dataclass
class PullRequestReport:
    base: str
    head: str
    authors: list[Author]
    changes: list[DocumentChange]
    findings: list[Finding]


def pr_check(root: Path, base: str, head: str = "HEAD") -> PullRequestReport:
    """Compare `head` with its merge base with `base`, under the base's policy."""
    revisions = Revisions(root, base, head)
    policy, _ = parse_policy(revisions.base_folder(POLICY_DIR))
    authors = _authors(revisions.author_emails(), policy)
    findings: list[Finding] = []
    changes: list[DocumentChange] = []
    for changed in revisions.changed():
        path = changed.new
        file_authors = _authors(revisions.author_emails(path), policy)
        if path.startswith(DOCUMENTS) and path.endswith(".md"):
            before = _document(changed.old, revisions.base_file(changed.old))
            after = _document(path, revisions.head_file(path))
            if changed.status == "A":
                before = None
            if changed.status == "D":
                after = None
            change = DocumentChange(path, changed.status, before, after, file_authors)
            change.fields = _field_diff(before, after)
            changes.append(change)
            findings += _document_findings(change, policy)
        elif any(path == p or path.startswith(p) for p in PROTECTED):
            findings += _protected(path, file_authors)
    head_documents = [
        document
        for path, raw in revisions.head_files_under(DOCUMENTS, ".md")
        if (document := _document(path, raw)) is not None
    ]
    _link_back(changes, head_documents)
    return PullRequestReport(
        revisions.base_sha, revisions.head_sha, authors, changes, sorted(findings)
    )


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


def _protected(path: str, authors: Iterable[Author]) -> list[Finding]:
    outside = [a for a in authors if a.organisation is Organisation.PROVIDER]
    if not outside:
        return []
    who = ", ".join(a.person or a.email for a in outside)
    return [
        Finding(
            path,
            0,
            "protected-path-changed",
            f"changed by {who} (provider side): the company's builds run or trust this "
            "file, so a pull request may only change documents. Ask an internal owner to "
            "make this change.",
            Severity.ERROR,
        )
    ]


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
    for change in changes:
        target = change.after or change.before
        if target is None:
            continue
        for other in documents:
            if other.path == target.path:
                continue
            folder = posixpath.dirname(str(other.path))
            links = {
                posixpath.normpath(posixpath.join(folder, link.target)) for link in other.links
            }
            if target.id in other.related or change.path in links:
                change.also_check.append(other.id)
