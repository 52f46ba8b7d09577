"""Load access_policies/: people, teams, tags, audiences, functions, sites, review, sources.

Each file is read by the strict YAML reader and checked against its schema;
what comes out is typed, frozen records. A file that does not load leaves its
part of the policy empty and `Policy.loaded` says so, so that later rules do not
report every reference to it as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, ValidationError
from pydantic_core import PydanticCustomError

from classeur.durations import parse_duration
from classeur.errors import PortalError
from classeur.model import DocType, Duration, Finding, Organisation, Severity
from classeur.validation import Located, findings_from_error
from classeur.yamlload import YamlProblem, load_yaml

POLICY_DIR = "access_policies"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _name(value: Any) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise PydanticCustomError(
            "invalid-id",
            "{value} is not an id: lower-case letters, digits, `.`, `_` or `-`",
            {"value": repr(value)},
        )
    return value


def _duration(value: Any) -> Duration:
    try:
        duration = parse_duration(str(value))
    except ValueError as error:
        raise PydanticCustomError("invalid-duration", str(error)) from None
    if duration.months < 0 or duration.days < 0:
        raise PydanticCustomError("invalid-duration", "{v} is negative", {"v": duration.text})
    return duration


Name = Annotated[str, BeforeValidator(_name)]
# Enums come from YAML as text: let pydantic read their values (strict wants instances).
Side = Annotated[Organisation, Strict(False)]
PolicyDuration = Annotated[Duration, BeforeValidator(_duration)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Person(Record):
    id: Name
    name: str
    organisation: Side
    role: str | None = None
    emails: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)


class Team(Record):
    id: Name
    name: str
    organisation: Side
    members: list[str] = Field(min_length=1)


class Tag(Record):
    id: Name
    description: str


class Audience(Record):
    id: Name
    name: str
    organisation: Side
    reads: list[str] = Field(min_length=1)


class Function(Record):
    id: Name
    label: str
    owner: str
    outsourced: bool
    prefix: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*$")]
    access: list[str] = Field(default_factory=list)


class Site(Record):
    id: Name
    name: str


class ReviewPolicy(Record):
    default_every: dict[Annotated[DocType, Strict(False)], PolicyDuration]
    warning_window: PolicyDuration
    grace_period: PolicyDuration
    # Whether maintainers (possibly the provider) may record a review; owners always may.
    maintainers_may_review: bool = False


class Source(Record):
    id: Name
    path: str
    kind: Literal["repository", "submodule", "sibling"]
    readers: list[Side] = Field(min_length=1)


class PeopleFile(Record):
    people: list[Person]
    teams: list[Team] = Field(default_factory=list)


class AudiencesFile(Record):
    tags: list[Tag]
    audiences: list[Audience]


class FunctionsFile(Record):
    functions: list[Function]


class SitesFile(Record):
    sites: list[Site]


class ReviewFile(Record):
    review: ReviewPolicy


class SourcesFile(Record):
    sources: list[Source] = Field(min_length=1)


FileModel = TypeVar("FileModel", bound=Record)


@dataclass
class Policy:
    """Everything access_policies/ declares, with each file's location for messages."""

    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    audiences: dict[str, Audience] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    review: ReviewPolicy | None = None
    sources: tuple[Source, ...] = ()
    located: dict[str, Located] = field(default_factory=dict)  # file name -> where it was read

    def person_for_email(self, email: str) -> Person | None:
        """The person whose Git e-mails include `email` (case-insensitive)."""
        wanted = email.lower()
        return next(
            (p for p in self.people.values() if wanted in (e.lower() for e in p.emails)), None
        )

    def is_loaded(self, name: str) -> bool:
        """Whether a policy file (e.g. `people.yml`) was read without error."""
        return name in self.located


def load_policy(root: Path) -> tuple[Policy, list[Finding]]:
    """Read every policy file under `root/access_policies`; report every problem."""
    folder = root / POLICY_DIR
    if not folder.is_dir():
        raise PortalError(
            f"{POLICY_DIR}/ not found in {root}. Run classeur from the binder's root "
            "or pass --root; the README shows the policy files to create."
        )
    policy, findings = Policy(), []
    loaders: list[tuple[str, type[Record], Callable[[Any], None]]] = [
        ("people.yml", PeopleFile, lambda f: _set_people(policy, f)),
        ("audiences.yml", AudiencesFile, lambda f: _set_audiences(policy, f)),
        ("functions.yml", FunctionsFile, lambda f: _set(policy.functions, f.functions)),
        ("sites.yml", SitesFile, lambda f: _set(policy.sites, f.sites)),
        ("review.yml", ReviewFile, lambda f: setattr(policy, "review", f.review)),
        ("sources.yml", SourcesFile, lambda f: setattr(policy, "sources", tuple(f.sources))),
    ]
    for name, model, store in loaders:
        loaded, where, problems = _load_file(folder / name, model)
        findings += problems
        if loaded is not None and where is not None:
            store(loaded)
            policy.located[name] = where
    findings += _unknown_files(folder, {name for name, _, _ in loaders})
    return policy, findings


def _set(target: dict[str, Any], records: list[Any]) -> None:
    target.update((record.id, record) for record in records)


def _set_people(policy: Policy, loaded: PeopleFile) -> None:
    _set(policy.people, loaded.people)
    _set(policy.teams, loaded.teams)


def _set_audiences(policy: Policy, loaded: AudiencesFile) -> None:
    _set(policy.tags, loaded.tags)
    _set(policy.audiences, loaded.audiences)


def _load_file(
    path: Path, model: type[FileModel]
) -> tuple[FileModel | None, Located | None, list[Finding]]:
    where = f"{POLICY_DIR}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = f"policy file missing. Create {where}; the README shows its format."
        return None, None, [Finding(where, 0, "missing-policy-file", message)]
    except (OSError, UnicodeDecodeError) as error:
        return None, None, [Finding(where, 0, "unreadable-file", f"cannot read it: {error}.")]
    try:
        document = load_yaml(text.removeprefix("\ufeff"))
    except YamlProblem as problem:
        finding = Finding(
            where, problem.line, problem.code, problem.message + ".", column=problem.column
        )
        return None, None, [finding]
    located = Located(where, document)
    try:
        return model.model_validate(document.data), located, []
    except ValidationError as error:
        return None, None, findings_from_error(error, located, model, {})


def _unknown_files(folder: Path, known: set[str]) -> list[Finding]:
    return [
        Finding(
            f"{POLICY_DIR}/{path.name}",
            0,
            "unknown-policy-file",
            f"not a policy file, so it is ignored. Policy files: {', '.join(sorted(known))}.",
            Severity.WARNING,
        )
        for path in sorted(folder.iterdir())
        if path.suffix in {".yml", ".yaml"} and path.name not in known
    ]
