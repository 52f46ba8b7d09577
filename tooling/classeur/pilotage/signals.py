"""Weak signals, found by registration: a new rule is one decorated function.

Indicator rules (`@indicator_signal`) read one indicator's series and return
their evidence, a French sentence, or None. They run in registration order and
an indicator gets at most one of them, the first that fires: three red months
in a row already say the value rose, so « dégradation continue » would only
repeat it. Binder rules (`@binder_signal`) read the whole context (a function's
reporting, the documents' Git history) and return hits. The rules themselves
are in signal_rules.py; this module holds the registry, the context they read
and the arithmetic they share.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from classeur.git.pilotage import DocumentTimeline, Header
from classeur.model.indicators import Direction, Indicator, Kind, Period, SignalSettings
from classeur.model.records import Status
from classeur.model.report import DocumentSummary
from classeur.pilotage.debt import DebtHistory
from classeur.pilotage.records import DebtPoint, Point, Series, Signal


@dataclass(frozen=True)
class SignalContext:
    """What the rules read: one month, what the audience may read, and the tuning."""

    month: Period
    today: date
    settings: SignalSettings
    series: tuple[Series, ...]  # readable indicators, ending at `month`, long enough for every rule
    documents: tuple[DocumentSummary, ...] = ()  # readable documents
    timelines: tuple[DocumentTimeline, ...] = ()  # from Git; empty without history
    debt: DebtHistory = field(default_factory=lambda: DebtHistory(()))
    reads: frozenset[str] | None = None  # the audience's access tags; None: everything

    def documents_for(self, indicator: Indicator) -> tuple[str, ...]:
        """The procedures whose `sla` lists the indicator, else its function's documents."""
        listing = [s.document.id for s in self.documents if indicator.id in s.document.sla]
        return tuple(sorted(listing)) or self.function_documents(indicator.function)

    def function_documents(self, function: str) -> tuple[str, ...]:
        """Ids of the function's active readable documents."""
        return tuple(
            sorted(
                s.document.id
                for s in self.documents
                if s.document.function == function and s.document.status is Status.ACTIVE
            )
        )

    def debt_of(self, function: str) -> tuple[DebtPoint, ...]:
        """Review debt at each month end of the function's documents the audience reads."""
        return self.debt.points(
            lambda header: header.function == function and self.may_read(header)
        )

    def may_read(self, header: Header) -> bool:
        """Whether the audience reads a document with this header."""
        return self.reads is None or not self.reads.isdisjoint(header.access)


@dataclass(frozen=True)
class Hit:
    """What a binder rule found: the function, the evidence, the documents to look at."""

    function: str
    evidence: str
    documents: tuple[str, ...] = ()


IndicatorCheck = Callable[[Series, SignalContext], str | None]
BinderCheck = Callable[[SignalContext], Iterable[Hit]]


@dataclass(frozen=True)
class _Rule:
    name: str  # stable kebab-case
    title: str  # French


_INDICATOR_RULES: list[tuple[_Rule, IndicatorCheck]] = []
_BINDER_RULES: list[tuple[_Rule, BinderCheck]] = []


def indicator_signal(name: str, title: str) -> Callable[[IndicatorCheck], IndicatorCheck]:
    """Register a rule over one indicator's series; the earlier registered wins."""

    def register(check: IndicatorCheck) -> IndicatorCheck:
        _INDICATOR_RULES.append((_Rule(name, title), check))
        return check

    return register


def binder_signal(name: str, title: str) -> Callable[[BinderCheck], BinderCheck]:
    """Register a rule over the whole context."""

    def register(check: BinderCheck) -> BinderCheck:
        _BINDER_RULES.append((_Rule(name, title), check))
        return check

    return register


def rule_names() -> tuple[str, ...]:
    """Every rule's name, in the order rules run."""
    _load_rules()
    return tuple(rule.name for rule, _ in (*_INDICATOR_RULES, *_BINDER_RULES))


def detect(context: SignalContext) -> tuple[Signal, ...]:
    """Every weak signal of the month, indicator rules first, in registration order."""
    _load_rules()
    found = []
    for series in context.series:
        indicator = series.indicator
        if indicator.kind is Kind.VOLUME:  # activity, for context only
            continue
        for rule, check in _INDICATOR_RULES:
            evidence = check(series, context)
            if evidence is not None:
                documents = context.documents_for(indicator)
                found.append(
                    Signal(
                        rule.name, rule.title, indicator.function, evidence, indicator.id, documents
                    )
                )
                break
    for rule, binder_check in _BINDER_RULES:
        found += [
            Signal(rule.name, rule.title, hit.function, hit.evidence, None, hit.documents)
            for hit in binder_check(context)
        ]
    return tuple(found)


def _load_rules() -> None:
    importlib.import_module("classeur.pilotage.signal_rules")  # registers on first import


def is_worse(indicator: Indicator, before: float, after: float) -> bool:
    """Whether `after` is worse than `before` for this indicator."""
    return after > before if indicator.direction is Direction.LOWER else after < before


def last_values(series: Series, count: int) -> tuple[float, ...] | None:
    """The last `count` values when all were submitted, None otherwise."""
    points = series.points[-count:]
    if len(points) < count or any(p.value is None for p in points):
        return None
    return tuple(p.value for p in points if p.value is not None)


def worsening_streak(series: Series) -> tuple[float, ...]:
    """The values of the periods each worse than the one before, ending at the latest."""
    values: list[float] = []
    points = series.points
    for index in range(len(points) - 1, 0, -1):
        before, after = points[index - 1].value, points[index].value
        if before is None or after is None or not is_worse(series.indicator, before, after):
            break
        values.insert(0, after)
    return tuple(values)


def slope(points: Sequence[Point]) -> float | None:
    """Least-squares change per period of the submitted values (None under three)."""
    pairs = [(i, p.value) for i, p in enumerate(points) if p.value is not None]
    if len(pairs) < 3:
        return None
    mean_x = sum(x for x, _ in pairs) / len(pairs)
    mean_y = sum(y for _, y in pairs) / len(pairs)
    spread = sum((x - mean_x) ** 2 for x, _ in pairs)
    return sum((x - mean_x) * (y - mean_y) for x, y in pairs) / spread


def worse_trend(series: Series, settings: SignalSettings) -> float | None:
    """The slope over `slope_periods` when it worsens faster than `slope_share` of the target."""
    points = series.points[-settings.slope_periods :]
    if not points or points[-1].value is None:
        return None
    trend = slope(points)
    if trend is None:
        return None
    indicator = series.indicator
    threshold = settings.slope_share * abs(indicator.target)
    worse = trend if indicator.direction is Direction.LOWER else -trend
    return trend if worse > threshold else None
