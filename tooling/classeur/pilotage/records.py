"""What pilotage computes: each period's status, weak signals, review debt, the pack.

Records only, shared by the computations (status, signals, debt, steering) and
the outputs (text, JSON, Markdown, HTML, PDF, the site's Pilotage pages).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from classeur.model.indicators import Indicator, Period


class Compliance(enum.StrEnum):
    """An indicator's status for one period, against its target."""

    MET = "respecté"
    WATCH = "à surveiller"  # missed the target, within the warning band
    BREACHED = "non respecté"
    MISSING = "non transmis"  # no value submitted for the period


@dataclass(frozen=True)
class Point:
    """One period of one indicator."""

    period: Period
    value: float | None  # None: not submitted
    status: Compliance
    sample_size: int | None = None
    comment: str = ""
    submitted: date | None = None  # day of the commit that first brought the value
    corrected: tuple[float, ...] = ()  # earlier values replaced after submission, oldest first


@dataclass(frozen=True)
class Series:
    """An indicator and its last periods, oldest first (the report shows 12)."""

    indicator: Indicator
    points: tuple[Point, ...]

    @property
    def latest(self) -> Point | None:
        """The last period of the series, submitted or not."""
        return self.points[-1] if self.points else None


@dataclass(frozen=True)
class Signal:
    """A weak signal: a named rule, the function it concerns and its evidence."""

    rule: str  # stable kebab-case name, e.g. `degradation-continue`
    title: str  # French, e.g. « Dégradation continue »
    function: str
    evidence: str  # one French sentence with the figures
    indicator: str | None = None  # the indicator it reads, if any
    documents: tuple[str, ...] = ()  # ids of the procedures to look at


@dataclass(frozen=True)
class DebtPoint:
    """Review debt at one month's end: documents overdue, reconstructed from Git."""

    period: Period
    overdue: int
    overdue_by_owner: tuple[tuple[str, int], ...] = ()  # (owner id, count), largest first


@dataclass(frozen=True)
class FunctionPack:
    """One business function's part of the steering pack."""

    function: str
    label: str
    series: tuple[Series, ...]
    signals: tuple[Signal, ...]
    changed_documents: tuple[str, ...]  # ids of documents changed in the month


@dataclass(frozen=True)
class SteeringPack:
    """The monthly steering pack (comité de pilotage) as one audience may read it."""

    month: Period
    audience: str | None  # None: everything (management's own view)
    functions: tuple[FunctionPack, ...]
    debt: tuple[DebtPoint, ...]  # review debt, last 12 month ends
    generated: date
    # French sentences on what Git could not tell (no repository, shallow clone,
    # history starting after some month ends): shown with the pack, never hidden.
    notices: tuple[str, ...] = ()
