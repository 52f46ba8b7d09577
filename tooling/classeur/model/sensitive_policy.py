"""access_policies/sensitive-data.yml: which access tags may hold which class of data.

Optional, and deny by default: without the file, or for a class it does not
name, no document may hold an IBAN, a BIC, a NIR, a card number or a secret.
Secrets are never allowed (they belong in a vault). Exceptions name one value
by its fingerprint, never by the value, with a reason and an expiry; `handled`
lists values once found in Git history and dealt with (issue #14).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, ValidationError
from pydantic_core import PydanticCustomError

from classeur.common.i18n import _
from classeur.model.findings import Finding
from classeur.model.frozenmap import FrozenMap
from classeur.model.masking import DataClass
from classeur.model.policy import POLICY_DIR, Policy
from classeur.model.schema import IsoDate
from classeur.model.validation import Located, findings_from_error
from classeur.model.yamlload import YamlProblem, load_yaml

SENSITIVE_FILE = "sensitive-data.yml"
SENSITIVE_PATH = f"{POLICY_DIR}/{SENSITIVE_FILE}"
_FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")


def _fingerprint(value: Any) -> str:
    if not isinstance(value, str) or not _FINGERPRINT.match(value):
        # YAML reads a fingerprint of digits only as a number: quotes keep it text.
        raise PydanticCustomError(
            "invalid-fingerprint",
            _(
                "{value} is not a fingerprint: 12 lower-case hex digits between quotes, as "
                '`check` prints them, e.g. "3f9a0c12b7de"'
            ),
            {"value": repr(value)},
        )
    return value


Fingerprint = Annotated[str, BeforeValidator(_fingerprint)]
# Enums come from YAML as text: let pydantic read their values (strict wants instances).
ClassCode = Annotated[DataClass, Strict(False)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True)


class ExceptionEntry(_Record):
    """One value a document may hold although its class is not allowed there."""

    path: str = Field(min_length=1)
    data_class: ClassCode = Field(alias="class")
    fingerprint: Fingerprint
    reason: str = Field(min_length=1)
    expires: IsoDate


class HandledEntry(_Record):
    """A value found in Git history and dealt with (rotated, history rewritten)."""

    fingerprint: Fingerprint
    reason: str = Field(min_length=1)
    date: IsoDate


class SensitiveDataFile(_Record):
    """access_policies/sensitive-data.yml."""

    classes: dict[ClassCode, list[str]] = Field(default_factory=dict)
    exceptions: list[ExceptionEntry] = Field(default_factory=list)
    handled: list[HandledEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class SensitiveException:
    """An exception as the rules use it, with its line in the policy file."""

    path: str
    data_class: DataClass
    fingerprint: str
    reason: str
    expires: date
    line: int


@dataclass(frozen=True)
class Handled:
    """A history finding marked handled, with its line in the policy file."""

    fingerprint: str
    reason: str
    day: date
    line: int


def _no_classes() -> Mapping[DataClass, frozenset[str]]:
    return FrozenMap()


@dataclass(frozen=True)
class SensitivePolicy:
    """What sensitive-data.yml says; empty (everything denied) when it is absent."""

    allowed: Mapping[DataClass, frozenset[str]] = field(default_factory=_no_classes)
    exceptions: tuple[SensitiveException, ...] = ()
    handled: tuple[Handled, ...] = ()
    located: Located | None = None  # None when the file is absent or did not load

    def allowed_tags(self, data_class: DataClass) -> frozenset[str]:
        """The access tags whose documents may hold values of `data_class`."""
        return self.allowed.get(data_class, frozenset())

    def may_see(self, data_class: DataClass, reads: Iterable[str]) -> bool:
        """Whether an audience reading these tags may see values of `data_class`."""
        return not self.allowed_tags(data_class).isdisjoint(reads)

    def exception_for(
        self, path: str, data_class: DataClass, fingerprint: str
    ) -> SensitiveException | None:
        """The exception that lets `path` hold this value, if the policy lists one."""
        return next(
            (
                e
                for e in self.exceptions
                if (e.path, e.data_class, e.fingerprint) == (path, data_class, fingerprint)
            ),
            None,
        )

    def is_handled(self, fingerprint: str) -> bool:
        """Whether a value found in history was marked handled."""
        return any(h.fingerprint == fingerprint for h in self.handled)

    def line_of_class(self, data_class: DataClass) -> int:
        """The line that allows `data_class` (0 when the file does not name it)."""
        if self.located is None or data_class not in self.allowed:
            return 0
        return self.located.line(("classes", data_class.value))


def load_sensitive_policy(root: Path, policy: Policy) -> tuple[SensitivePolicy, list[Finding]]:
    """Read access_policies/sensitive-data.yml under `root`, if there is one."""
    path = root / SENSITIVE_PATH
    if not path.is_file():
        return SensitivePolicy(), []
    try:
        return parse_sensitive_policy(path.read_bytes(), policy)
    except OSError as error:
        return SensitivePolicy(), [_unreadable(str(error))]


def parse_sensitive_policy(raw: bytes, policy: Policy) -> tuple[SensitivePolicy, list[Finding]]:
    """The sensitive-data policy from the file's bytes (from disk or any Git revision)."""
    try:
        document = load_yaml(raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as error:
        return SensitivePolicy(), [_unreadable(str(error))]
    except YamlProblem as problem:
        message = problem.message + "."
        finding = Finding(
            SENSITIVE_PATH, problem.line, problem.code, message, column=problem.column
        )
        return SensitivePolicy(), [finding]
    where = Located(SENSITIVE_PATH, document)
    if document.data is None:
        return SensitivePolicy(located=where), []
    try:
        loaded = SensitiveDataFile.model_validate(document.data)
    except ValidationError as error:
        return SensitivePolicy(), findings_from_error(error, where, SensitiveDataFile, _EXAMPLES)
    return _assemble(loaded, where), _problems(loaded, where, policy)


_EXAMPLES = {
    "classes": "classes: {iban: [finance-sensible]}",
    "expires": "expires: 2027-06-30",
    "fingerprint": 'fingerprint: "3f9a0c12b7de"',
}


def _unreadable(why: str) -> Finding:
    message = _("cannot read it: {error}.").format(error=why)
    return Finding(SENSITIVE_PATH, 0, "unreadable-file", message)


def _assemble(loaded: SensitiveDataFile, where: Located) -> SensitivePolicy:
    allowed: dict[DataClass, frozenset[str]] = {
        data_class: frozenset(tags)
        for data_class, tags in loaded.classes.items()
        if data_class is not DataClass.SECRET
    }
    exceptions = tuple(
        SensitiveException(
            e.path,
            e.data_class,
            e.fingerprint,
            e.reason,
            e.expires,
            where.line(("exceptions", index, "fingerprint")),
        )
        for index, e in enumerate(loaded.exceptions)
    )
    handled = tuple(
        Handled(h.fingerprint, h.reason, h.date, where.line(("handled", index, "fingerprint")))
        for index, h in enumerate(loaded.handled)
    )
    return SensitivePolicy(FrozenMap(allowed), exceptions, handled, where)


def _problems(loaded: SensitiveDataFile, where: Located, policy: Policy) -> list[Finding]:
    """What the schema cannot see: a secret allowed, a tag that does not exist."""
    findings: list[Finding] = []
    for data_class, tags in loaded.classes.items():
        line = where.line(("classes", data_class.value))
        if data_class is DataClass.SECRET:
            findings.append(
                Finding(
                    SENSITIVE_PATH,
                    line,
                    "sensitive-secret-allowed",
                    _(
                        "secrets may not be allowed in any document: whoever reads the page, the "
                        "search index or a CI log could use them. Remove `secret` from `classes` "
                        "and keep secrets in the vault."
                    ),
                )
            )
        known = sorted(policy.tags)
        for index, tag in enumerate(tags):
            if policy.tags and tag not in policy.tags:
                findings.append(
                    Finding(
                        SENSITIVE_PATH,
                        where.line(("classes", data_class.value, index)),
                        "unknown-access-tag",
                        _('"{tag}" is not defined. Known tags: {known} ({file}).').format(
                            tag=tag, known=", ".join(known), file="access_policies/audiences.yml"
                        ),
                    )
                )
    return findings
