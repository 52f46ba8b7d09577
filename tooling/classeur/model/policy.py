"""Load access_policies/: people, teams, tags, audiences, functions, sites, review, sources,
and the contract's indicators.

Each file is read by the strict YAML reader and checked against its schema;
what comes out is typed, frozen records. A file that does not load leaves its
part of the policy empty and `Policy.is_loaded` says so, so that later rules do not
report every reference to it as unknown. Optional files (indicators.yml: a binder
without it has no pilotage) may be absent without a finding; `Policy.absent`
names them then.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, ValidationError
from pydantic_core import PydanticCustomError

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.model.durations import parse_duration
from classeur.model.findings import Finding, Severity
from classeur.model.frozenmap import FrozenMap
from classeur.model.indicators import INDICATORS_FILE, Indicator, IndicatorsFile, SignalSettings
from classeur.model.records import DocType, Duration, Organisation
from classeur.model.schema import refuse_unsafe_characters
from classeur.model.validation import Located, findings_from_error
from classeur.model.yamlload import YamlProblem, load_yaml

POLICY_DIR = "access_policies"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# http(s), a host, then no space, quote or angle bracket: it goes into an href as is.
_WEB_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[^\s\"'<>`\\]*)?$")


def _name(value: Any) -> str:
    refuse_unsafe_characters(value)  # first: the message then names the character
    if not isinstance(value, str) or not _NAME.match(value):
        raise PydanticCustomError(
            "invalid-id",
            _("{value} is not an id: lower-case letters, digits, `.`, `_` or `-`"),
            {"value": repr(value)},
        )
    return value


def _duration(value: Any) -> Duration:
    try:
        duration = parse_duration(str(value))
    except ValueError as error:
        raise PydanticCustomError("invalid-duration", str(error)) from None
    if duration.months < 0 or duration.days < 0:
        raise PydanticCustomError("invalid-duration", _("{v} is negative"), {"v": duration.text})
    return duration


def _site_url(value: Any) -> str:
    if not isinstance(value, str) or not _WEB_URL.match(value) or not value.endswith("/"):
        raise PydanticCustomError(
            "invalid-url",
            _("{value} is not a site's address: https://host/path/, ending with `/`"),
            {"value": repr(value)},
        )
    return value


def _edit_url(value: Any) -> str:
    if not isinstance(value, str) or not _WEB_URL.match(value) or value.count("{path}") != 1:
        raise PydanticCustomError(
            "invalid-url",
            _(
                "{value} is not an edit address: https://… with `{path}` once, where the "
                "document's path in the repository goes"
            ),
            {"value": repr(value)},
        )
    if re.search(r"\{(?!path\})|(?<!\{path)\}", value):
        raise PydanticCustomError(
            "invalid-url",
            _("{value} holds a brace other than `{path}`"),
            {"value": repr(value)},
        )
    return value


Name = Annotated[str, BeforeValidator(_name)]
# Where a site is published (its 404 page and feed need absolute addresses).
SiteUrl = Annotated[str, BeforeValidator(_site_url)]
# A forge's page for editing a file, e.g. https://forge.example.fr/pme/classeur/-/edit/main/{path}
EditUrl = Annotated[str, BeforeValidator(_edit_url)]
# Shown on the sites and in messages: nothing invisible, nothing that reorders the text.
DisplayName = Annotated[str, BeforeValidator(refuse_unsafe_characters)]
# Enums come from YAML as text: let pydantic read their values (strict wants instances).
Side = Annotated[Organisation, Strict(False)]
PolicyDuration = Annotated[Duration, BeforeValidator(_duration)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Person(Record):
    id: Name
    name: DisplayName
    organisation: Side
    role: str | None = None
    emails: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)


class Team(Record):
    id: Name
    name: DisplayName
    organisation: Side
    members: list[str] = Field(min_length=1)


class Tag(Record):
    id: Name
    description: str
    # A tag for a few internal readers: a provider-readable document carrying it is reported.
    restricted: bool = False
    # What readers see on tag chips and in panels (a few French words); the description
    # when absent. The id is for authors only.
    label: DisplayName | None = None

    @property
    def shown(self) -> str:
        """The words a reader of the site sees for this tag."""
        return self.label or self.description


class Audience(Record):
    id: Name
    name: DisplayName
    organisation: Side
    reads: list[str] = Field(min_length=1)
    # Where this audience's site is published, when under a sub-path (404 page, feed).
    url: SiteUrl | None = None


class Function(Record):
    id: Name
    label: DisplayName
    owner: str
    outsourced: bool
    prefix: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*$")]
    access: list[str] = Field(default_factory=list)


class Site(Record):
    id: Name
    name: DisplayName


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
    # The forge's edit page for a file of this repository: its readers' sites then offer
    # « Proposer une modification » on each of its documents.
    edit_url: EditUrl | None = None


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


FileModel = TypeVar("FileModel", bound=BaseModel)


def _empty() -> Mapping[str, Any]:
    return FrozenMap()


@dataclass(frozen=True)
class Policy:
    """Everything access_policies/ declares, with each file's location for messages.

    Immutable once loaded: every command, and pr-check's base-branch policy,
    judges with exactly what was read.
    """

    people: Mapping[str, Person] = field(default_factory=_empty)
    teams: Mapping[str, Team] = field(default_factory=_empty)
    tags: Mapping[str, Tag] = field(default_factory=_empty)
    audiences: Mapping[str, Audience] = field(default_factory=_empty)
    functions: Mapping[str, Function] = field(default_factory=_empty)
    sites: Mapping[str, Site] = field(default_factory=_empty)
    review: ReviewPolicy | None = None
    sources: tuple[Source, ...] = ()
    indicators: Mapping[str, Indicator] = field(default_factory=_empty)
    signals: SignalSettings = field(default_factory=SignalSettings)
    located: Mapping[str, Located] = field(default_factory=_empty)  # file name -> where it was read
    absent: frozenset[str] = frozenset()  # optional files not there (e.g. `indicators.yml`)

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
            _(
                "{folder}/ not found in {root}. Run classeur from the binder's root or pass "
                "--root; the README shows the policy files to create."
            ).format(folder=POLICY_DIR, root=root)
        )
    files: dict[str, bytes | Exception] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in {".yml", ".yaml"}:
            try:
                files[path.name] = path.read_bytes()
            except OSError as error:
                files[path.name] = error
    return parse_policy(files)


def parse_policy(files: Mapping[str, bytes | Exception]) -> tuple[Policy, list[Finding]]:
    """The policy from the policy files' contents (file name -> bytes, or why unreadable).

    Works the same on files read from disk or from any Git revision, in memory.
    """
    found: dict[str, Any] = {}
    located: dict[str, Located] = {}
    findings: list[Finding] = []
    for name, model in {**_FILES, **_OPTIONAL_FILES}.items():
        if name in _OPTIONAL_FILES and name not in files:
            continue
        loaded, where, problems = _load_file(name, files.get(name), model)
        findings += problems
        if loaded is not None and where is not None:
            found[name] = loaded
            located[name] = where
    findings += _unknown_files(files, set(_FILES) | set(_OPTIONAL_FILES) | READ_BY_THEIR_OWNERS)
    absent = frozenset(name for name in _OPTIONAL_FILES if name not in files)
    return _assemble(found, located, absent), findings


_FILES: dict[str, type[Record]] = {
    "people.yml": PeopleFile,
    "audiences.yml": AudiencesFile,
    "functions.yml": FunctionsFile,
    "sites.yml": SitesFile,
    "review.yml": ReviewFile,
    "sources.yml": SourcesFile,
}
# Optional files read by the layer that uses them (readiness_policy.py, sensitive_policy.py),
# named here so that the policy knows every file of its folder.
READ_BY_THEIR_OWNERS = frozenset({"readiness.yml", "sensitive-data.yml"})
# A binder without indicators simply has no pilotage.
_OPTIONAL_FILES: dict[str, type[BaseModel]] = {INDICATORS_FILE: IndicatorsFile}


def _assemble(
    found: Mapping[str, Any], located: dict[str, Located], absent: frozenset[str]
) -> Policy:
    people, audiences = found.get("people.yml"), found.get("audiences.yml")
    functions, sites = found.get("functions.yml"), found.get("sites.yml")
    review, sources = found.get("review.yml"), found.get("sources.yml")
    indicators = found.get(INDICATORS_FILE)
    return Policy(
        people=_by_id(people.people if people else []),
        teams=_by_id(people.teams if people else []),
        tags=_by_id(audiences.tags if audiences else []),
        audiences=_by_id(audiences.audiences if audiences else []),
        functions=_by_id(functions.functions if functions else []),
        sites=_by_id(sites.sites if sites else []),
        review=review.review if review else None,
        sources=tuple(sources.sources) if sources else (),
        indicators=_by_id(indicators.indicators if indicators else []),
        signals=indicators.signals if indicators else SignalSettings(),
        located=FrozenMap(located),
        absent=absent,
    )


def _by_id(records: list[Any]) -> Mapping[str, Any]:
    return FrozenMap({record.id: record for record in records})


def _load_file(
    name: str, raw: bytes | Exception | None, model: type[FileModel]
) -> tuple[FileModel | None, Located | None, list[Finding]]:
    where = f"{POLICY_DIR}/{name}"
    if raw is None:
        message = _("policy file missing. Create {file}; the README shows its format.").format(
            file=where
        )
        return None, None, [Finding(where, 0, "missing-policy-file", message)]
    try:
        if isinstance(raw, Exception):
            raise raw
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return (
            None,
            None,
            [
                Finding(
                    where, 0, "unreadable-file", _("cannot read it: {error}.").format(error=error)
                )
            ],
        )
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


def _unknown_files(files: Mapping[str, object], known: set[str]) -> list[Finding]:
    return [
        Finding(
            f"{POLICY_DIR}/{name}",
            0,
            "unknown-policy-file",
            _("not a policy file, so it is ignored. Policy files: {files}.").format(
                files=", ".join(sorted(known))
            ),
            Severity.WARNING,
        )
        for name in sorted(files)
        if name not in known
    ]
