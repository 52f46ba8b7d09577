"""Reversibility drills: one Markdown file per drill under pilotage/exercices/.

A drill record has a YAML header (date, function, scenario, participants,
result, gaps, follow_up) and a French body (déroulé, constats). The header is
read by the strict YAML reader and checked against the schema below, each
problem a finding at its line; references to the policy and to documents are
checked by rules/drills.py. Reading only: no clock, no Git.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from classeur.common.i18n import _
from classeur.model.findings import Finding
from classeur.model.schema import IsoDate, refuse_unsafe_characters
from classeur.model.validation import Located, findings_from_error
from classeur.model.yamlload import YamlPath, YamlProblem, load_yaml

DRILLS_DIR = "pilotage/exercices"
_BOUNDARY = "---"


class Scenario(enum.StrEnum):
    """What a drill rehearses."""

    PROVIDER_CHANGE = "changement-prestataire"
    INTERNAL_TAKEOVER = "reprise-interne"
    INCIDENT = "incident"


class DrillResult(enum.StrEnum):
    """How the drill went."""

    SUCCEEDED = "reussi"
    PARTIAL = "partiel"
    FAILED = "echoue"


Text = Annotated[str, BeforeValidator(refuse_unsafe_characters)]


def _someone(value: list[str]) -> list[str]:
    if not value:
        raise PydanticCustomError(
            "missing-participants",
            _("nobody is named. List the people ids of those who took part, on both sides"),
        )
    return value


class DrillHeader(BaseModel):
    """The YAML header of a drill record."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    date: IsoDate
    function: str
    scenario: Annotated[Scenario, Strict(False)]
    participants: Annotated[list[str], AfterValidator(_someone)]
    result: Annotated[DrillResult, Strict(False)]
    gaps: list[Text] = Field(default_factory=list)
    follow_up: list[str] = Field(default_factory=list)


EXAMPLES: Mapping[str, str] = {
    "date": "date: 2026-09-15",
    "function": "function: paie",
    "scenario": "scenario: reprise-interne",
    "participants": "participants: [julien.moreau, hugo.leroy]",
    "result": "result: partiel",
    "gaps": "gaps: [Export des cumuls incomplet]",
    "follow_up": "follow_up: [PAI-003]",
}


@dataclass(frozen=True)
class Drill:
    """One reversibility drill whose header passed the schema."""

    path: str  # root-relative, `/` separators
    day: date
    function: str
    scenario: Scenario
    participants: tuple[str, ...]
    result: DrillResult
    gaps: tuple[str, ...]
    follow_up: tuple[str, ...]
    lines: Mapping[YamlPath, int] = field(compare=False, hash=False, repr=False)

    def line_of(self, *path: str | int) -> int:
        """The file line of a header value (`"participants", 2` for an item), else 1."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def load_drills(root: Path) -> tuple[tuple[Drill, ...], list[Finding]]:
    """Every drill record under `root/pilotage/exercices`, sorted by path, and every problem."""
    folder = root / DRILLS_DIR
    if not folder.is_dir():
        return (), []
    drills: list[Drill] = []
    findings: list[Finding] = []
    for path in sorted(folder.rglob("*.md")):
        if not path.is_file() or path.is_symlink():
            continue
        drill, problems = parse_drill(path.relative_to(root).as_posix(), path.read_bytes())
        findings += problems
        if drill is not None:
            drills.append(drill)
    return tuple(drills), findings


def parse_drill(where: str, raw: bytes) -> tuple[Drill | None, list[Finding]]:
    """One drill record from its bytes; the drill when its header is valid, and every finding."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = _("byte 0x{byte} is not UTF-8. Save the file as UTF-8.").format(
            byte=f"{raw[error.start]:02X}"
        )
        return None, [Finding(where, line, "not-utf8", message)]
    lines = text.split("\n")
    closing = _closing_line(lines)
    if closing is None:
        return None, [_no_header(where, lines)]
    try:
        parsed = load_yaml("\n".join(lines[1:closing]), first_line=2, depth=2)
    except YamlProblem as problem:
        message = problem.message + "."
        return None, [Finding(where, problem.line, problem.code, message, column=problem.column)]
    located = Located(where, parsed)
    if not isinstance(parsed.data, dict):
        message = _("the header is not a mapping of fields. Write one `field: value` per line.")
        return None, [Finding(where, 2, "frontmatter-not-mapping", message)]
    try:
        header = DrillHeader.model_validate(parsed.data)
    except ValidationError as error:
        return None, findings_from_error(error, located, DrillHeader, EXAMPLES)
    return _drill(where, header, parsed.positions), []


def _closing_line(lines: list[str]) -> int | None:
    if lines[0].rstrip() != _BOUNDARY:
        return None
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() == _BOUNDARY), None)


def _no_header(where: str, lines: list[str]) -> Finding:
    if lines[0].rstrip() != _BOUNDARY:
        message = _(
            "the file does not start with a `---` line, so it has no header. Add the drill's "
            "YAML header between two `---` lines, or start from `classeur new drill`."
        )
        return Finding(where, 1, "missing-frontmatter", message)
    message = _(
        "the header opened on line 1 is never closed. Add a `---` line after the last field."
    )
    return Finding(where, 1, "unclosed-frontmatter", message)


def _drill(where: str, header: DrillHeader, positions: Mapping[YamlPath, Any]) -> Drill:
    return Drill(
        path=where,
        day=header.date,
        function=header.function,
        scenario=header.scenario,
        participants=tuple(header.participants),
        result=header.result,
        gaps=tuple(header.gaps),
        follow_up=tuple(header.follow_up),
        lines={path: at[0] for path, at in positions.items()},
    )
