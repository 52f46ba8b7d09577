"""access_policies/readiness.yml: how reversibility readiness is weighed.

Optional: without the file every default below applies. With it, each key
overrides its default: a weight per criterion (the criteria are named here, once,
and judged in continuity/readiness.py), the thresholds of « prête » and
« fragile », and how recent a company review and a drill must be. Read by the
strict YAML reader; every problem is a finding at its line.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from classeur.common.i18n import _
from classeur.model.durations import parse_duration
from classeur.model.findings import Finding
from classeur.model.frozenmap import FrozenMap
from classeur.model.records import Duration
from classeur.model.validation import Located, findings_from_error
from classeur.model.yamlload import YamlProblem, load_yaml

READINESS_FILE = "readiness.yml"
_WHERE = f"access_policies/{READINESS_FILE}"


class Criterion(enum.StrEnum):
    """The criteria of readiness, by their stable names."""

    HANDOVER_PLAN = "handover-plan"  # a handover plan exists, is active and not overdue
    HANDOVER_SECTIONS = "handover-sections"  # its five sections are filled
    PROCEDURES_CURRENT = "procedures-current"  # no procedure overdue or changed since review
    INCIDENT_RUNBOOK = "incident-runbook"  # an active runbook exists
    COMPANY_REVIEW = "company-review"  # the company reviewed some of it recently
    INDICATOR_REPORTS = "indicator-reports"  # the last due month of indicators is reported
    RECENT_DRILL = "recent-drill"  # a reversibility drill happened recently


DEFAULT_WEIGHTS: Mapping[Criterion, int] = FrozenMap(
    {
        Criterion.HANDOVER_PLAN: 20,
        Criterion.HANDOVER_SECTIONS: 20,
        Criterion.PROCEDURES_CURRENT: 15,
        Criterion.INCIDENT_RUNBOOK: 10,
        Criterion.COMPANY_REVIEW: 15,
        Criterion.INDICATOR_REPORTS: 10,
        Criterion.RECENT_DRILL: 10,
    }
)
_TWELVE_MONTHS = Duration(months=12, text="12 months")


def _duration(value: Any) -> Duration:
    try:
        duration = parse_duration(str(value))
    except ValueError as error:
        raise PydanticCustomError("invalid-duration", str(error)) from None
    if duration.approx_days() <= 0 or duration.months < 0 or duration.days < 0:
        raise PydanticCustomError(
            "invalid-duration", _("{v} must be positive"), {"v": duration.text}
        )
    return duration


def _criteria_keys(value: Any) -> Any:
    # Said here rather than by pydantic, whose message for a mapping key reads `weights.x[key]`.
    unknown = [k for k in value if k not in set(Criterion)] if isinstance(value, dict) else []
    if unknown:
        raise PydanticCustomError(
            "unknown-criterion",
            _("{unknown} is not a criterion. Criteria: {known}"),
            {"unknown": f'"{unknown[0]}"', "known": ", ".join(Criterion)},
        )
    return value


Weight = Annotated[int, Field(ge=0, le=100)]
Weights = Annotated[
    dict[Annotated[Criterion, Strict(False)], Weight], BeforeValidator(_criteria_keys)
]
Period = Annotated[Duration, BeforeValidator(_duration)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Thresholds(_Record):
    """The lowest score of each state; below `fragile`, « non prête »."""

    ready: Annotated[int, Field(ge=1, le=100)] = 80
    fragile: Annotated[int, Field(ge=0, le=100)] = 50

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.fragile >= self.ready:
            raise PydanticCustomError(
                "invalid-thresholds",
                _(
                    "fragile ({fragile}) must be below ready ({ready}). Lower `fragile` or raise "
                    "`ready`"
                ),
                {"fragile": self.fragile, "ready": self.ready},
            )
        return self


class ReadinessFile(_Record):
    """access_policies/readiness.yml."""

    weights: Weights = Field(default_factory=dict)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    company_review_within: Period = _TWELVE_MONTHS
    drill_within: Period = _TWELVE_MONTHS

    @model_validator(mode="after")
    def _some_weight(self) -> ReadinessFile:
        if not any({**DEFAULT_WEIGHTS, **self.weights}.values()):
            raise PydanticCustomError(
                "invalid-weights", _("every weight is 0, so no score can be computed. Give one")
            )
        return self


@dataclass(frozen=True)
class ReadinessPolicy:
    """The weights, thresholds and periods readiness is judged with."""

    weights: Mapping[Criterion, int] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    ready: int = 80
    fragile: int = 50
    company_review_within: Duration = _TWELVE_MONTHS
    drill_within: Duration = _TWELVE_MONTHS

    def weight(self, criterion: Criterion) -> int:
        """The weight of a criterion, its default when the file does not set it."""
        return self.weights.get(criterion, DEFAULT_WEIGHTS[criterion])


def load_readiness_policy(root: Path) -> tuple[ReadinessPolicy, list[Finding]]:
    """`root/access_policies/readiness.yml`, or the defaults when it is absent or invalid."""
    path = root / _WHERE
    if not path.is_file():
        return ReadinessPolicy(), []
    return parse_readiness_policy(path.read_bytes())


def parse_readiness_policy(raw: bytes) -> tuple[ReadinessPolicy, list[Finding]]:
    """The readiness policy from the file's bytes; the defaults and findings when invalid."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        return ReadinessPolicy(), [
            Finding(_WHERE, 0, "unreadable-file", _("cannot read it: {error}.").format(error=error))
        ]
    try:
        document = load_yaml(text)
    except YamlProblem as problem:
        finding = Finding(
            _WHERE, problem.line, problem.code, problem.message + ".", column=problem.column
        )
        return ReadinessPolicy(), [finding]
    try:
        loaded = ReadinessFile.model_validate(document.data or {})
    except ValidationError as error:
        return ReadinessPolicy(), findings_from_error(
            error, Located(_WHERE, document), ReadinessFile, {}
        )
    return (
        ReadinessPolicy(
            weights=FrozenMap({**DEFAULT_WEIGHTS, **loaded.weights}),
            ready=loaded.thresholds.ready,
            fragile=loaded.thresholds.fragile,
            company_review_within=loaded.company_review_within,
            drill_within=loaded.drill_within,
        ),
        [],
    )
