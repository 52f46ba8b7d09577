"""Steering packs built by hand for the output tests (no binder, no Git)."""

from __future__ import annotations

from datetime import date
from typing import Any

from classeur.model.indicators import Indicator, Period
from classeur.pilotage.names import Names
from classeur.pilotage.records import (
    Compliance,
    DebtPoint,
    FunctionPack,
    Point,
    Series,
    Signal,
    SteeringPack,
)

MONTH = Period(2026, 10)
GENERATED = date(2026, 11, 16)


def indicator(**fields: Any) -> Indicator:
    """An indicator of the paie function, overridden by `fields`."""
    base: dict[str, Any] = {
        "id": "PAI-CORRECTIONS",
        "function": "paie",
        "label": "Bulletins corrigés après émission",
        "unit": "nombre",
        "direction": "lower",
        "kind": "erreurs",
        "target": 3,
        "warning": 5,
        "reported_by": "provider",
        "access": ["provider", "management"],
    }
    return Indicator.model_validate({**base, **fields})


def status_of(value: float | None, target: float, warning: float | None) -> Compliance:
    """The status of a `lower` indicator (what pilotage/status.py computes, for fixtures)."""
    if value is None:
        return Compliance.MISSING
    if value <= target:
        return Compliance.MET
    if warning is not None and value <= warning:
        return Compliance.WATCH
    return Compliance.BREACHED


def series(ind: Indicator, values: list[float | None], *, until: Period = MONTH) -> Series:
    """`values` as the periods ending with `until`, each with its status."""
    period = until
    for _ in values[1:]:
        period = period.previous()
    points = []
    for value in values:
        if ind.direction.value == "lower":
            status = status_of(value, ind.target, ind.warning)
        else:  # mirrored for `higher`
            flipped = None if value is None else -value
            warning = None if ind.warning is None else -ind.warning
            status = status_of(flipped, -ind.target, warning)
        points.append(Point(period, value, status))
        period = period.next()
    return Series(ind, tuple(points))


CORRECTIONS = series(indicator(), [1, 0, 2, 1, 1, 2, 1, 0, 1, 2, 4, 6])
PAI_DELAI = series(
    indicator(
        id="PAI-DELAI",
        label="Délai de transmission des variables validées",
        unit="jours ouvrés",
        kind="delai",
        target=2,
        warning=3,
    ),
    [1.5, 2, 1, 1.5, 2, 1, 1.5, 2, 1, 1.5, 2, None],
)
SATISFACTION = series(
    indicator(
        id="IT-SATISF",
        function="tickets-it",
        label="Satisfaction des utilisateurs",
        unit="%",
        direction="higher",
        kind="satisfaction",
        target=85,
        warning=80,
        access=["staff", "provider", "management"],
    ),
    [86, 86.5, 86, 85.5, 86, 86, 86.5, 86, 84, 82, 80, 78],
)
DEGRADATION = Signal(
    rule="degradation-continue",
    title="Dégradation continue",
    function="paie",
    evidence="bulletins corrigés après émission en hausse trois mois de suite : 2, 4, 6.",
    indicator="PAI-CORRECTIONS",
    documents=("PAI-004",),
)


def pack(*, audience: str | None = None) -> SteeringPack:
    """Two functions: paie (a breach, a missing value, a signal) and tickets-it."""
    paie = FunctionPack("paie", "Paie", (CORRECTIONS, PAI_DELAI), (DEGRADATION,), ("PAI-004",))
    tickets = FunctionPack("tickets-it", "Tickets IT multi-sites", (SATISFACTION,), (), ())
    debt = (
        DebtPoint(Period(2026, 8), 2, (("marie.dupont", 2),)),
        DebtPoint(Period(2026, 9), 3, (("marie.dupont", 2), ("team:paie", 1))),
        DebtPoint(MONTH, 4, (("marie.dupont", 3), ("team:paie", 1))),
    )
    return SteeringPack(MONTH, audience, (paie, tickets), debt, GENERATED)


NAMES = Names(
    documents={"PAI-004": "Clôture mensuelle de la paie"},
    owners={"marie.dupont": "Marie Dupont", "team:paie": "Équipe paie"},
)
