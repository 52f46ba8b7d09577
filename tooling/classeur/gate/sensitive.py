"""Sensitive values in a pull request (issue #14): any change of bank details, and a
provider adding a value its readers may not see.

A supplier's IBAN changed in a procedure is how payment fraud starts, so an IBAN
or a BIC added, removed or modified in any document or attachment is always
`bank-details-changed`, even where the class is allowed: an internal owner must
make or approve it. A provider author adding a value of a class some reader of
the text may not see (access_policies/sensitive-data.yml, at the base) is
`sensitive-data-added`. Values are compared by fingerprint and shown masked; the
frontmatter fields the report prints are masked too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from classeur.common.i18n import _
from classeur.gate.changes import (
    AttachmentChange,
    Author,
    DocumentChange,
    PullRequestReport,
    author_words,
)
from classeur.gate.snapshot import Snapshot
from classeur.git.blobs_history import text_of
from classeur.git.revisions import Revisions
from classeur.model.access import members_of, readers
from classeur.model.findings import Finding, Severity
from classeur.model.masking import DataClass
from classeur.model.policy import POLICY_DIR, Policy
from classeur.model.records import Organisation
from classeur.model.sensitive import SensitiveValue, find_sensitive, locate, redact
from classeur.model.sensitive_policy import (
    SENSITIVE_FILE,
    SENSITIVE_PATH,
    SensitivePolicy,
    parse_sensitive_policy,
)

BANK_DETAILS = (DataClass.IBAN, DataClass.BIC)
_LABEL = {DataClass.IBAN: "IBAN", DataClass.BIC: "BIC"}


@dataclass(frozen=True)
class _Sides:
    """One changed file: its name at the base and at the head, and who answers for it."""

    path: str  # as the report names it
    old: str | None  # its name at the base, None when the pull request adds it
    new: str | None  # its name at the head, None when the pull request deletes it
    what: str  # "FAC-003", or "procedures/rib.pdf (attachment linked by FAC-003)"
    owners: list[str]
    authors: list[Author]


def sensitive_changes(
    revisions: Revisions,
    sides: tuple[Snapshot, Snapshot],
    report: PullRequestReport,
    policy: Policy,
) -> list[Finding]:
    """`bank-details-changed` and `sensitive-data-added` for the report's changed files."""
    guard, _problems = parse_sensitive_policy(
        revisions.base_folder(POLICY_DIR).get(SENSITIVE_FILE, b""), policy
    )
    files = [_document(c) for c in report.changes] + [_attachment(a) for a in report.attachments]
    before, after = sides
    names = [(name, side) for f in files for name, side in ((f.old, before), (f.new, after))]
    contents = revisions.read({side.files[n] for n, side in names if n and n in side.files})
    findings: list[Finding] = []
    for file in files:
        old = _text(file.old, before, contents)
        new = _text(file.new, after, contents)
        old_values, new_values = find_sensitive(old), find_sensitive(new)
        findings += _bank_details(file, old_values, new, new_values, policy)
        audiences = _readers(file.new, after, policy) if file.new else []
        findings += _added(file, old_values, new, new_values, audiences, guard, policy)
    _mask_fields(report.changes)
    return findings


def _document(change: DocumentChange) -> _Sides:
    document = change.before or change.after
    old, new = _names(change.path, change.status, change.origin)
    what = document.id if document else change.path
    owners = list(document.owners) if document else []
    return _Sides(change.path, old, new, what, owners, change.authors)


def _attachment(change: AttachmentChange) -> _Sides:
    old, new = _names(change.path, change.status, change.origin)
    linked = ", ".join(change.linked_by) or _("no document")
    what = _("{path} (attachment linked by {ids})").format(path=change.path, ids=linked)
    return _Sides(change.path, old, new, what, list(change.owners), change.authors)


def _names(path: str, status: str, origin: str | None) -> tuple[str | None, str | None]:
    """Its name at the base and at the head (a copy leaves its original unchanged)."""
    if status in "AC":
        return None, path
    if status == "D":
        return path, None
    return (origin or path) if status == "R" else path, path


def _text(name: str | None, side: Snapshot, contents: dict[str, bytes]) -> str:
    blob = side.files.get(name) if name else None
    data = contents.get(blob) if blob else None
    return (text_of(name, data) or "") if name and data is not None else ""


def _bank_details(
    file: _Sides,
    old_values: Sequence[SensitiveValue],
    new: str,
    new_values: Sequence[SensitiveValue],
    policy: Policy,
) -> Iterator[Finding]:
    changed = []
    first_added: SensitiveValue | None = None
    for data_class in BANK_DETAILS:
        removed = _only_in(old_values, new_values, data_class)
        added = _only_in(new_values, old_values, data_class)
        if removed or added:
            changed.append(f"{_LABEL[data_class]} {_listed(removed)} → {_listed(added)}")
            first_added = first_added or (added[0] if added else None)
    if not changed:
        return
    line, column = locate(new, first_added.start) if first_added else (0, 0)
    owners = ", ".join(file.owners) or _("none declared")
    yield Finding(
        file.path,
        line,
        "bank-details-changed",
        _(
            "{what}: bank details changed: {changes}. A change of bank details is how payment "
            "fraud starts: an internal owner of the document ({owners}) must make or approve "
            "it, after confirming the new details with their holder by a channel already known "
            "(not one given in the request)."
        ).format(what=file.what, changes="; ".join(changed), owners=owners),
        Severity.NOTICE if _by_internal_owner(file, policy) else Severity.ERROR,
        column,
    )


def _only_in(
    values: Sequence[SensitiveValue], others: Sequence[SensitiveValue], data_class: DataClass
) -> list[SensitiveValue]:
    """The values of a class in `values` and not in `others`, once each."""
    known = {v.fingerprint for v in others}
    found = {v.fingerprint: v for v in values if v.data_class is data_class}
    return [v for fingerprint, v in found.items() if fingerprint not in known]


def _listed(values: list[SensitiveValue]) -> str:
    return ", ".join(v.masked for v in values) or _("none")


def _by_internal_owner(file: _Sides, policy: Policy) -> bool:
    """Whether every author is on the company side and one of them owns the text."""
    owners = members_of(file.owners, policy)
    company = all(a.organisation is Organisation.COMPANY for a in file.authors)
    return bool(file.authors) and company and any(a.person in owners for a in file.authors)


def _readers(name: str, side: Snapshot, policy: Policy) -> list[str]:
    """Who reads the file at the head: a document's audiences, an attachment's narrowest."""
    if name in side.documents:
        return list(readers(side.documents[name], policy))
    linking = side.linkers.get(name, [])
    every = [set(readers(d, policy)) for d in linking]
    shared = set.intersection(*every) if every else set()
    return [a for a in policy.audiences if a in shared]


def _added(
    file: _Sides,
    old_values: Sequence[SensitiveValue],
    new: str,
    new_values: Sequence[SensitiveValue],
    audiences: list[str],
    guard: SensitivePolicy,
    policy: Policy,
) -> Iterator[Finding]:
    providers = [a for a in file.authors if a.organisation is Organisation.PROVIDER]
    if not providers:
        return  # the company's own additions are judged by `check` on the merged text
    who = ", ".join(author_words(a) for a in providers)
    known = {v.fingerprint for v in old_values}
    for value in new_values:
        if value.fingerprint in known or guard.exception_for(
            file.path, value.data_class, value.fingerprint
        ):
            continue
        blind = [a for a in audiences if not _may_see(guard, policy, value.data_class, a)]
        if value.data_class is not DataClass.SECRET and not blind:
            continue
        line, column = locate(new, value.start)
        yield Finding(
            file.path,
            line,
            "sensitive-data-added",
            _added_message(who, value, file.what, blind, guard),
            Severity.ERROR,
            column,
        )


def _may_see(guard: SensitivePolicy, policy: Policy, data_class: DataClass, audience: str) -> bool:
    known = policy.audiences.get(audience)
    return known is not None and guard.may_see(data_class, known.reads)


def _added_message(
    who: str, value: SensitiveValue, what: str, blind: list[str], guard: SensitivePolicy
) -> str:
    """`sensitive-data-added`'s message: who may not see the value, and where it belongs."""
    data_class = value.data_class
    if data_class is DataClass.SECRET:
        # no reader may see a secret: naming them says nothing
        return _(
            "{who} adds a {kind} {value} to {what}. Secrets belong in the vault, never in a "
            "text: remove it from the pull request (and from its commits) and change the "
            "secret, which is now exposed."
        ).format(who=who, kind=data_class.words, value=value.masked, what=what)
    tags = sorted(guard.allowed_tags(data_class))
    where = (
        _("documents tagged {tags}").format(tags=_(" or ").join(tags)) if tags else _("no document")
    )
    if blind:
        template = _(
            "{who} adds a {kind} {value} to {what}, which {audiences} may read but may not see. "
            "{file} allows it in {where}. Remove it from the pull request (and from its "
            "commits); an internal owner may put it where it is allowed."
        )
    else:
        template = _(
            "{who} adds a {kind} {value} to {what}. {file} allows it in {where}. Remove it from "
            "the pull request (and from its commits); an internal owner may put it where it is "
            "allowed."
        )
    return template.format(
        who=who,
        kind=data_class.words,
        value=value.masked,
        what=what,
        audiences=", ".join(blind),
        file=SENSITIVE_PATH,
        where=where,
    )


def _mask_fields(changes: Sequence[DocumentChange]) -> None:
    """Mask values in the frontmatter fields every output format prints (a title, say)."""
    for change in changes:
        change.fields = {
            name: (_masked(old), _masked(new)) for name, (old, new) in change.fields.items()
        }


def _masked(value: object) -> object:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact(item) if isinstance(item, str) else item for item in value]
    return value
