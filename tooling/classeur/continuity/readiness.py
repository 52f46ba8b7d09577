"""Reversibility readiness of every outsourced function: could it be handed to a new
provider, or taken back in-house, tomorrow?

Each criterion (continuity/criteria.py) is met, unmet or not applicable; the score
is the share of the applicable criteria's weights that are met (0–100), and the
state follows the policy's thresholds: prête, fragile, non prête. The weights,
thresholds and periods come from access_policies/readiness.yml (defaults when
absent).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.continuity.criteria import rules
from classeur.continuity.facts import Facts, Verdict
from classeur.continuity.words import State
from classeur.model.drills import Drill, load_drills
from classeur.model.frontmatter import document_body
from classeur.model.handover import HandoverPlan, read_plan
from classeur.model.policy import Function, Policy
from classeur.model.readiness_policy import Criterion, ReadinessPolicy, load_readiness_policy
from classeur.model.records import DocType, Status
from classeur.model.report import DocumentSummary, Report

_DEFAULT_DUE_DAY = 10  # SignalSettings' default, for a policy read before issue #12


@dataclass(frozen=True)
class Outcome:
    """One criterion for one function."""

    criterion: Criterion
    title: str  # French
    weight: int
    verdict: Verdict

    @property
    def met(self) -> bool | None:
        """True, False, or None when the criterion does not apply."""
        return self.verdict.met


@dataclass(frozen=True)
class FunctionReadiness:
    """One outsourced function: its score, its state and each criterion's outcome."""

    function: str
    label: str
    score: int  # 0–100
    state: State
    outcomes: tuple[Outcome, ...]
    plan: str | None  # id of the handover plan judged
    last_drill: Drill | None

    @property
    def missing(self) -> tuple[Outcome, ...]:
        """The criteria not met."""
        return tuple(o for o in self.outcomes if o.met is False)


@dataclass(frozen=True)
class Readiness:
    """Every outsourced function's readiness on one day."""

    today: date
    settings: ReadinessPolicy
    functions: tuple[FunctionReadiness, ...]


def readiness_of(root: Path, report: Report, *, function: str | None = None) -> Readiness:
    """Readiness from a check report and the binder's drills, readiness.yml and plans.

    The plans' sections are read from the report's bodies when it kept them, else
    from the files. `function` keeps one function (PortalError when not outsourced).
    """
    drills, _problems = load_drills(root)  # their problems are check's to report
    settings, _settings_problems = load_readiness_policy(root)
    plans = {
        str(s.document.path): plan
        for s in report.documents
        if s.document.type is DocType.HANDOVER and (plan := _plan(root, s)) is not None
    }
    return assess(report, drills, plans, settings, function=function)


def assess(
    report: Report,
    drills: Iterable[Drill],
    plans: Mapping[str, HandoverPlan],
    settings: ReadinessPolicy,
    *,
    function: str | None = None,
) -> Readiness:
    """Judge every outsourced function (or one) with the criteria; pure."""
    policy = report.policy
    chosen = _outsourced(policy, function)
    indicators = _indicators_by_function(policy)
    # Report.measurements and Policy.signals arrive with issue #12: read them defensively.
    measured = frozenset((m.indicator, m.period) for m in getattr(report, "measurements", ()))
    due_day = int(getattr(getattr(policy, "signals", None), "due_day", _DEFAULT_DUE_DAY))
    done = sorted((d for d in drills if d.day <= report.today), key=lambda d: d.day, reverse=True)
    results = []
    for entry in chosen:
        documents = tuple(s for s in report.documents if s.document.function == entry.id)
        plan = _chosen_plan(documents)
        facts = Facts(
            function=entry,
            documents=documents,
            plan=plan,
            sections=plans.get(str(plan.document.path)) if plan else None,
            drills=tuple(d for d in done if d.function == entry.id),
            indicators=indicators.get(entry.id, ()),
            measured=measured,
            due_day=due_day,
            policy=policy,
            settings=settings,
            today=report.today,
        )
        results.append(_judged(facts))
    return Readiness(report.today, settings, tuple(results))


def score_of(outcomes: Sequence[Outcome]) -> int:
    """The share of the applicable weights that are met, 0–100, rounded half up."""
    applicable = [o for o in outcomes if o.met is not None]
    total = sum(o.weight for o in applicable)
    earned = sum(o.weight for o in applicable if o.met)
    return math.floor(100 * earned / total + 0.5) if total else 0


def state_of(score: int, settings: ReadinessPolicy) -> State:
    """prête at or above `ready`, fragile at or above `fragile`, non prête below."""
    if score >= settings.ready:
        return State.READY
    return State.FRAGILE if score >= settings.fragile else State.NOT_READY


def _judged(facts: Facts) -> FunctionReadiness:
    outcomes = tuple(
        Outcome(
            rule.criterion, rule.title, facts.settings.weight(rule.criterion), rule.judge(facts)
        )
        for rule in rules()
    )
    score = score_of(outcomes)
    return FunctionReadiness(
        function=facts.function.id,
        label=facts.function.label,
        score=score,
        state=state_of(score, facts.settings),
        outcomes=outcomes,
        plan=facts.plan.document.id if facts.plan else None,
        last_drill=facts.drills[0] if facts.drills else None,
    )


def _outsourced(policy: Policy, function: str | None) -> list[Function]:
    outsourced = [f for f in policy.functions.values() if f.outsourced]
    if function is None:
        return outsourced
    chosen = [f for f in outsourced if f.id == function]
    if not chosen:
        known = ", ".join(f.id for f in outsourced) or _("none")
        if function in policy.functions:
            message = _(
                'function "{function}" is not outsourced (access_policies/functions.yml), so it '
                "has no readiness. Outsourced functions: {known}."
            )
        else:
            message = _(
                'function "{function}" is not declared (access_policies/functions.yml), so it '
                "has no readiness. Outsourced functions: {known}."
            )
        raise PortalError(message.format(function=function, known=known))
    return chosen


def _indicators_by_function(policy: Policy) -> dict[str, tuple[str, ...]]:
    # Policy.indicators arrives with issue #12: read it defensively meanwhile.
    declared: Any = getattr(policy, "indicators", {})
    values = declared.values() if isinstance(declared, Mapping) else declared
    found: dict[str, list[str]] = {}
    for indicator in values:
        found.setdefault(indicator.function, []).append(indicator.id)
    return {function: tuple(ids) for function, ids in found.items()}


_PLAN_ORDER = {Status.ACTIVE: 0, Status.DRAFT: 1, Status.DEPRECATED: 2, Status.ARCHIVED: 3}


def _chosen_plan(documents: Iterable[DocumentSummary]) -> DocumentSummary | None:
    """The plan readiness judges: an active one, else a draft, else the latest kept."""
    plans = [s for s in documents if s.document.type is DocType.HANDOVER]
    return min(
        plans, key=lambda s: (_PLAN_ORDER[s.document.status], str(s.document.path)), default=None
    )


def _plan(root: Path, summary: DocumentSummary) -> HandoverPlan | None:
    body = summary.document.body
    if body is not None:
        return read_plan(body)
    try:
        raw = (root / summary.document.path).read_bytes()
    except OSError:
        return None
    found = document_body(raw)
    return read_plan(found) if found is not None else None
