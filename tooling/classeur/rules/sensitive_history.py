"""Sensitive values left in Git history: gone from the text, still in every clone (issue #14).

Whoever can read a repository reads its whole history (sources.yml says who
reads each one). A value of a class that one of those organisations may not
see (access_policies/sensitive-data.yml) and that is no longer in the
current text is reported once, at the oldest commit that holds it, with what
to do: rotate or change it, rewrite the history, mark it handled. Values in
the current text are the `sensitive-data` rule's. Pure: the committed texts
are read from Git by classeur.git.blobs_history and handed in, and scanned by
rules/sensitive_versions.py (each distinct line once).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Protocol

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.masking import DataClass
from classeur.model.policy import Policy, Source
from classeur.model.records import Organisation
from classeur.model.sensitive_policy import SENSITIVE_PATH, SensitivePolicy
from classeur.rules.sensitive_versions import Found, scan_texts


class CommittedVersion(Protocol):
    """One content a file had in Git (classeur.git.blobs_history.Version)."""

    @property
    def path(self) -> str: ...
    @property
    def blob(self) -> str: ...
    @property
    def commit(self) -> str: ...
    @property
    def day(self) -> str: ...


class CommittedTexts(Protocol):
    """Every version under a repository's sources (classeur.git.blobs_history.CommittedFiles)."""

    @property
    def versions(self) -> Sequence[CommittedVersion]: ...
    @property
    def texts(self) -> Mapping[str, str]: ...
    @property
    def current(self) -> Set[str]: ...


@dataclass(frozen=True)
class RepositoryPast:
    """One source's repository: who reads it, and everything ever committed in it."""

    source: Source
    prefix: str  # turns a repository path into a binder path: "" or "procedures/interne/"
    committed: CommittedTexts


def find_in_history(
    pasts: Sequence[RepositoryPast], policy: Policy, sensitive: SensitivePolicy
) -> list[Finding]:
    """`sensitive-data-in-history` once per value some reader of its repository may not see."""
    return [finding for past in pasts for finding in _left_in(past, policy, sensitive)]


def _left_in(past: RepositoryPast, policy: Policy, sensitive: SensitivePolicy) -> Iterator[Finding]:
    blind = {
        data_class: organisations
        for data_class in DataClass
        if (organisations := _blind(past.source.readers, data_class, policy, sensitive))
    }
    if not blind:
        return
    values = scan_texts(past.committed.texts)
    current = {f.value.fingerprint for blob in past.committed.current for f in values.get(blob, ())}
    reported: set[str] = set()
    for version in past.committed.versions:  # oldest first: each value at its first commit
        for found in values.get(version.blob, ()):
            value = found.value
            if (
                value.data_class in blind
                and value.fingerprint not in current
                and value.fingerprint not in reported
                and not sensitive.is_handled(value.fingerprint)
            ):
                reported.add(value.fingerprint)
                where = past.prefix + version.path
                yield _finding(where, found, version, past.source, blind[value.data_class])


def _blind(
    readers: Sequence[Organisation],
    data_class: DataClass,
    policy: Policy,
    sensitive: SensitivePolicy,
) -> list[Organisation]:
    """The organisations reading the repository none of whose audiences may see the class."""
    return [
        organisation
        for organisation in readers
        if not any(
            sensitive.may_see(data_class, audience.reads)
            for audience in policy.audiences.values()
            if audience.organisation is organisation
        )
    ]


def _action(data_class: DataClass) -> str:
    """What to do first, before the history is rewritten: the value is known to whoever cloned."""
    if data_class is DataClass.SECRET:
        return _("Rotate the secret (revoke it, keep the new one in the vault)")
    if data_class in (DataClass.IBAN, DataClass.BIC):
        return _("Treat the bank details as disclosed: have them changed, or warn their holder")
    if data_class is DataClass.CARD:
        return _("Have the card cancelled and reissued")
    return _(
        "Tell your data protection officer (a NIR cannot be changed: this may be a personal "
        "data breach to record)"
    )


def _finding(
    path: str,
    found: Found,
    version: CommittedVersion,
    source: Source,
    organisations: list[Organisation],
) -> Finding:
    value, commit = found.value, version.commit[:7]
    who = _(" and the ").join(o.value for o in organisations)
    message = _(
        "a {what} was committed in {commit} ({day}) and is no longer in the text, but the Git "
        'history of source "{source}" still holds it, and the {who} can read that repository. '
        "{action}; then rewrite the history: in a fresh clone, run `git filter-repo "
        "--replace-text ../replacements.txt`, where replacements.txt holds the value as written "
        "here in {commit} followed by `==>***REMOVED***`, force-push every branch and tag and "
        "have every clone deleted and cloned again; then mark it handled under `handled:` in "
        "{file} with `fingerprint: {fingerprint}`, a reason and the date."
    )
    return Finding(
        path,
        found.line,
        "sensitive-data-in-history",
        message.format(
            what=f"{value.data_class.words} {value.masked}",
            commit=commit,
            day=version.day,
            source=source.id,
            who=who,
            action=_action(value.data_class),
            file=SENSITIVE_PATH,
            fingerprint=value.fingerprint,
        ),
        Severity.WARNING,
        found.column,
    )
