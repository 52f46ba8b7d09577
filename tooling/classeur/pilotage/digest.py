"""What every output of the steering pack says the same way: the month's point,
the breaches, the counts of the summary line, the review debt at the month's end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from classeur.model.indicators import Period
from classeur.pilotage.french import month_name, status_count
from classeur.pilotage.records import (
    Compliance,
    DebtPoint,
    FunctionPack,
    Point,
    Series,
    Signal,
    SteeringPack,
)

# Procedures a weak signal names in a pack read at the meeting; the JSON and the
# site's Pilotage page, where each is a link, name them all.
LOOK_AT = 5


@dataclass(frozen=True)
class Summary:
    """The pack in figures: indicators per status, weak signals."""

    indicators: int
    statuses: tuple[tuple[Compliance, int], ...]  # every status, in Compliance order
    signals: int


def month_point(series: Series, month: Period) -> Point | None:
    """The series' point for `month`, None when the series does not reach it."""
    return next((p for p in reversed(series.points) if p.period == month), None)


def month_status(series: Series, month: Period) -> Compliance:
    """The indicator's status for `month` (« non transmis » without a point)."""
    point = month_point(series, month)
    return point.status if point is not None else Compliance.MISSING


def breaches(function: FunctionPack, month: Period) -> tuple[Series, ...]:
    """The function's indicators « non respecté » in `month`."""
    return tuple(s for s in function.series if month_status(s, month) is Compliance.BREACHED)


def summary(pack: SteeringPack) -> Summary:
    """How many indicators in each status this month, and how many weak signals."""
    counts = Counter(month_status(s, pack.month) for f in pack.functions for s in f.series)
    return Summary(
        sum(counts.values()),
        tuple((status, counts[status]) for status in Compliance),
        sum(len(f.signals) for f in pack.functions),
    )


def debt_at(pack: SteeringPack) -> DebtPoint | None:
    """The review debt at the pack's month end (else the latest one known)."""
    if not pack.debt:
        return None
    return next((d for d in pack.debt if d.period == pack.month), pack.debt[-1])


def sentence(text: str) -> str:
    """`text` ending with a full stop (evidence is followed by what to look at)."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def pack_title(pack: SteeringPack) -> str:
    """« Comité de pilotage — octobre 2026 »."""
    return f"Comité de pilotage — {month_name(pack.month)}"


def summary_line(pack: SteeringPack) -> str:
    """« En octobre 2026 : 11 indicateurs — 9 respectés, … ; 5 signaux faibles. »"""
    figures = summary(pack)
    statuses = ", ".join(status_count(status, n) for status, n in figures.statuses)
    signals = {0: "aucun signal faible", 1: "1 signal faible"}.get(
        figures.signals, f"{figures.signals} signaux faibles"
    )
    noun = "indicateur" if figures.indicators == 1 else "indicateurs"
    return f"En {month_name(pack.month)} : {figures.indicators} {noun} — {statuses} ; {signals}."


def to_look_at(signal: Signal, name: Callable[[str], str]) -> str:
    """« A, B, C, D, E et 36 autres »: the signal's first procedures, each written by `name`."""
    documents = signal.documents
    if len(documents) <= LOOK_AT + 1:  # « et 1 autre » would take the room of its name
        return ", ".join(name(d) for d in documents)
    more = len(documents) - LOOK_AT
    return ", ".join(name(d) for d in documents[:LOOK_AT]) + f" et {more} autres"
