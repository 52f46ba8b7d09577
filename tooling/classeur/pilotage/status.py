"""Each period's status against the contract: respecté, à surveiller, non respecté, non transmis."""

from __future__ import annotations

import math
from collections.abc import Iterable

from classeur.git.pilotage import SubmissionHistory
from classeur.model.indicators import Direction, Indicator, Measurement, Period
from classeur.pilotage.records import Compliance, Point, Series


def compliance(indicator: Indicator, value: float) -> Compliance:
    """Where `value` stands against the indicator's target and warning band."""
    # Mirror a `higher` indicator so that one comparison serves both directions.
    sign = 1 if indicator.direction is Direction.LOWER else -1
    if sign * value <= sign * indicator.target:
        return Compliance.MET
    if indicator.warning is not None and sign * value <= sign * indicator.warning:
        return Compliance.WATCH
    return Compliance.BREACHED


def series(
    indicator: Indicator,
    measurements: Iterable[Measurement],
    *,
    until: Period,
    periods: int = 12,
    submissions: SubmissionHistory | None = None,
) -> Series:
    """The last `periods` periods up to `until`, oldest first; gaps are « non transmis »."""
    wanted = _periods(until, periods)
    found: dict[Period, Measurement] = {}
    for measurement in measurements:
        if measurement.indicator == indicator.id and measurement.period in wanted:
            found.setdefault(measurement.period, measurement)  # the strict reader flags duplicates
    history = submissions or SubmissionHistory()
    points = tuple(
        _point(indicator, period, found.get(period), history) for period in sorted(wanted)
    )
    return Series(indicator, points)


def _periods(until: Period, count: int) -> set[Period]:
    found, period = set(), until
    for _ in range(count):
        found.add(period)
        period = period.previous()
    return found


def _point(
    indicator: Indicator,
    period: Period,
    measurement: Measurement | None,
    history: SubmissionHistory,
) -> Point:
    if measurement is None:
        return Point(period, None, Compliance.MISSING)
    return Point(
        period,
        measurement.value,
        compliance(indicator, measurement.value),
        sample_size=measurement.sample_size,
        comment=measurement.comment,
        submitted=measurement.transmitted or history.first_seen(indicator.id, period),
        corrected=_corrected(history.values(indicator.id, period), measurement.value),
    )


def _corrected(values: tuple[float, ...], current: float) -> tuple[float, ...]:
    """The values replaced before `current`, oldest first; an uncommitted change counts."""
    if not values or not math.isclose(values[-1], current):
        values = (*values, current)
    return values[:-1]
