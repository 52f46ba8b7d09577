"""The weak-signal rules: each a name, a French title, one function.

Indicator rules run in the order written here, the first that fires for an
indicator being the only one it gets (see signals.py): the most telling first.
Every evidence is one French sentence with its figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from classeur.model.indicators import Direction, Indicator, Kind, Period, Unit
from classeur.model.records import ReviewState
from classeur.pilotage.french import day_name, month_name, number, quantity, target_words
from classeur.pilotage.records import Compliance, Point, Series
from classeur.pilotage.signals import (
    Hit,
    SignalContext,
    binder_signal,
    indicator_signal,
    last_values,
    worse_trend,
    worsening_streak,
)

_TRENDS = (Kind.DELAY, Kind.ERRORS)
_WORDS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six",
    "sept", "huit", "neuf", "dix", "onze", "douze",
)  # fmt: skip


@indicator_signal("non-respect-repete", "Non-respect répété")
def repeated_breach(series: Series, context: SignalContext) -> str | None:
    """`breach_streak` periods « non respecté » in a row, the month included."""
    count = context.settings.breach_streak
    points = series.points[-count:]
    if len(points) < count or any(p.status is not Compliance.BREACHED for p in points):
        return None
    indicator = series.indicator
    return (
        # The status as a label after the colon: no agreement with the indicator's gender.
        f"{indicator.label} : non respecté {_words(count)} mois de suite, "
        f"{_values([p.value for p in points if p.value is not None], indicator.unit)} "
        f"(objectif : {target_words(indicator)})"
    )


@indicator_signal("degradation-continue", "Dégradation continue")
def continued_worsening(series: Series, context: SignalContext) -> str | None:
    """A delay or an error count worse `worsening_periods` periods in a row."""
    if series.indicator.kind not in _TRENDS:
        return None
    return _streak_evidence(series, context.settings.worsening_periods)


@indicator_signal("satisfaction-en-baisse", "Satisfaction en baisse")
def falling_satisfaction(series: Series, context: SignalContext) -> str | None:
    """Satisfaction worse `worsening_periods` periods in a row."""
    if series.indicator.kind is not Kind.SATISFACTION:
        return None
    return _streak_evidence(series, context.settings.worsening_periods)


@indicator_signal("bruit-en-hausse", "Bruit en hausse")
def rising_noise(series: Series, context: SignalContext) -> str | None:
    """Clarification or arbitration requests trending up, or up N periods in a row."""
    if series.indicator.kind is not Kind.NOISE:
        return None
    return _trend_evidence(series, context) or _streak_evidence(
        series, context.settings.worsening_periods
    )


@indicator_signal("tendance-defavorable", "Tendance défavorable")
def adverse_trend(series: Series, context: SignalContext) -> str | None:
    """A least-squares slope over `slope_periods` worse than `slope_share` of the target."""
    if series.indicator.kind not in (*_TRENDS, Kind.SATISFACTION):
        return None
    return _trend_evidence(series, context)


@indicator_signal("satisfaction-stagnante", "Satisfaction stagnante")
def flat_satisfaction(series: Series, context: SignalContext) -> str | None:
    """Satisfaction within ± `flat_tolerance` over `flat_periods` periods."""
    settings, indicator = context.settings, series.indicator
    values = last_values(series, settings.flat_periods)
    if indicator.kind is not Kind.SATISFACTION or values is None:
        return None
    if max(values) - min(values) > 2 * settings.flat_tolerance:
        return None
    return (
        f"{indicator.label} stable depuis {_words(len(values))} mois : "
        f"{_values(values, indicator.unit)}"
    )


@binder_signal("reporting-peu-fiable", "Reporting peu fiable")
def unreliable_reporting(context: SignalContext) -> Iterator[Hit]:
    """A function's periods late, missing after their due day or corrected, within `window`."""
    by_function: dict[str, list[Series]] = {}
    for series in context.series:
        by_function.setdefault(series.indicator.function, []).append(series)
    window = context.settings.window
    for function, group in sorted(by_function.items()):
        faults = [
            (period, words)
            for period in _last_periods(context.month, window)
            if (words := _period_faults(group, period, context))
        ]
        if len(faults) < context.settings.late_reports:
            continue
        documents = sorted({d for s in group for d in context.documents_for(s.indicator)})
        details = " ; ".join(f"{month_name(period)} {words}" for period, words in faults)
        evidence = (
            f"reporting en défaut sur {len(faults)} des {window} dernières périodes : {details}"
        )
        yield Hit(function, evidence, tuple(documents))


@binder_signal("dette-de-revue-en-hausse", "Dette de revue en hausse")
def rising_review_debt(context: SignalContext) -> Iterator[Hit]:
    """Overdue documents of a function rising `worsening_periods` month ends in a row."""
    needed = context.settings.worsening_periods
    for function in sorted({s.document.function for s in context.documents}):
        points = context.debt_of(function)
        if not points or points[-1].period != context.month:
            continue
        counts = [p.overdue for p in points]
        rises = 0
        while rises < len(counts) - 1 and counts[-1 - rises] > counts[-2 - rises]:
            rises += 1
        if rises < needed:
            continue
        overdue = sorted(
            s.document.id
            for s in context.documents
            if s.document.function == function and s.review.state is ReviewState.OVERDUE
        )
        evidence = (
            f"documents en retard de revue en hausse {_words(rises)} fins de mois de suite : "
            f"{', '.join(str(c) for c in counts[-rises:])}"
        )
        yield Hit(function, evidence, tuple(overdue))


@binder_signal("procedure-instable", "Procédure instable")
def unstable_procedure(context: SignalContext) -> Iterator[Hit]:
    """A document whose text changed in at least `repeated_edits` commits in the month."""
    readable = {str(s.document.path): s.document for s in context.documents}
    for timeline in context.timelines:
        document = readable.get(timeline.path)
        edits = timeline.edits(context.month)
        if document is None or edits < context.settings.repeated_edits:
            continue
        evidence = (
            f"« {document.title} » ({document.id}) modifié par {edits} commits "
            f"en {month_name(context.month)}"
        )
        yield Hit(document.function, evidence, (document.id,))


@binder_signal("modifiee-depuis-revue", "Modifiée depuis sa revue")
def changed_since_review(context: SignalContext) -> Iterator[Hit]:
    """A function's documents whose text changed after their last review."""
    changed: dict[str, list[str]] = {}
    for summary in context.documents:
        if summary.review.state is ReviewState.CHANGED:
            changed.setdefault(summary.document.function, []).append(summary.document.id)
    for function, ids in sorted(changed.items()):
        ids.sort()
        if len(ids) == 1:
            evidence = f"1 document modifié depuis sa dernière revue : {ids[0]}"
        else:
            evidence = (
                f"{len(ids)} documents modifiés depuis leur dernière revue : {', '.join(ids)}"
            )
        yield Hit(function, evidence, tuple(ids))


def _streak_evidence(series: Series, needed: int) -> str | None:
    values = worsening_streak(series)
    if len(values) < needed:
        return None
    indicator = series.indicator
    way = "en hausse" if indicator.direction is Direction.LOWER else "en baisse"
    return (
        f"{indicator.label} {way} {_words(len(values))} mois de suite : "
        f"{_values(values, indicator.unit)}"
    )


def _trend_evidence(series: Series, context: SignalContext) -> str | None:
    trend = worse_trend(series, context.settings)
    if trend is None:
        return None
    indicator, periods = series.indicator, context.settings.slope_periods
    way = "en hausse" if trend > 0 else "en baisse"
    values = [p.value for p in series.points[-periods:] if p.value is not None]
    return (
        f"{indicator.label} {way} de {quantity(abs(trend), indicator.unit)} par mois en moyenne "
        f"sur {_words(periods)} mois : {_values(values, indicator.unit)}"
    )


def _period_faults(group: Sequence[Series], period: Period, context: SignalContext) -> str:
    """What went wrong with the function's report for `period`, in words ("" if nothing)."""
    due = date(period.next().year, period.next().month, context.settings.due_day)
    points = [(s.indicator, p) for s in group for p in s.points if p.period == period]
    late = sorted({p.submitted for _, p in points if p.submitted and p.submitted > due})
    missing = [
        i.id
        for i, p in points
        if p.value is None and due < context.today and _reported_before(group, i, period)
    ]
    corrected = [(i, p) for i, p in points if p.corrected and p.value is not None]
    words = []
    if late:
        days = ", ".join(day_name(day) for day in late)
        words.append(f"transmis le {days} (échéance : {day_name(due)})")
    if missing:
        words.append(f"non transmis pour {', '.join(missing)} (échéance : {day_name(due)})")
    words += [_correction(indicator, point) for indicator, point in corrected]
    return ", ".join(words)


def _reported_before(group: Sequence[Series], indicator: Indicator, period: Period) -> bool:
    """Whether the indicator had a value before `period`: reporting had started then."""
    series = next(s for s in group if s.indicator is indicator)
    return any(p.value is not None and p.period < period for p in series.points)


def _correction(indicator: Indicator, point: Point) -> str:
    before = " puis ".join(quantity(v, indicator.unit) for v in point.corrected)
    after = quantity(point.value or 0, indicator.unit)
    return f"{indicator.id} corrigé après transmission ({before} → {after})"


def _last_periods(month: Period, count: int) -> list[Period]:
    periods = [month]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


def _values(values: Sequence[float], unit: Unit) -> str:
    """« 18 h, 22 h, 30 h »; with decimal commas, « ; » keeps the values apart."""
    separator = " ; " if any(v != int(v) for v in values) else ", "
    if unit is Unit.BUSINESS_DAYS:  # the unit once, after the last value
        return separator.join([*(number(v) for v in values[:-1]), quantity(values[-1], unit)])
    return separator.join(quantity(v, unit) for v in values)


def _words(count: int) -> str:
    return _WORDS[count] if count < len(_WORDS) else str(count)
