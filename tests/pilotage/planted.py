"""The sample binder's contract and eighteen months of values with weak signals planted
on purpose (the shared design of issue 12), built as records: no CSV, no policy file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from classeur.model.indicators import Indicator, Measurement, Period

TODAY = date(2026, 11, 16)
MONTH = Period(2026, 10)
FIRST = Period(2025, 5)
EVERYONE = ["staff", "provider", "management"]


def indicator(id: str, function: str, label: str, unit: str, direction: str, kind: str,
              target: float, warning: float | None, access: list[str] = EVERYONE,
              reported_by: str = "provider") -> Indicator:  # fmt: skip
    fields: dict[str, Any] = {
        "id": id, "function": function, "label": label, "unit": unit, "direction": direction,
        "kind": kind, "target": target, "warning": warning, "reported_by": reported_by,
        "access": access,
    }  # fmt: skip
    return Indicator.model_validate(fields)


# fmt: off
INDICATORS = (
    indicator("FAC-DELAI", "facturation", "délai d'émission des factures", "jours ouvrés", "lower", "delai", 2, 3),
    indicator("FAC-ERREURS", "facturation", "taux de factures avec erreur", "%", "lower", "erreurs", 1, 2),
    indicator("FAC-SATISF", "facturation", "satisfaction des services internes", "%", "higher", "satisfaction", 90, 85),
    indicator("REL-LETTRAGE", "relances-clients", "délai de lettrage des encaissements", "heures", "lower", "delai", 24, 36),
    indicator("REL-RELANCES", "relances-clients", "taux de relances envoyées à l'échéance", "%", "higher", "erreurs", 95, 90),
    indicator("PAI-CORRECTIONS", "paie", "bulletins corrigés après émission", "nombre", "lower", "erreurs", 3, 5, ["provider", "management"]),
    indicator("PAI-DELAI", "paie", "délai de transmission des variables validées", "jours ouvrés", "lower", "delai", 2, 3, ["provider", "management"]),
    indicator("ACH-DELAI", "achats-fournisseurs", "délai de traitement des factures fournisseurs", "jours ouvrés", "lower", "delai", 5, 7),
    indicator("ACH-CLARIF", "achats-fournisseurs", "demandes de clarification reçues", "nombre", "lower", "bruit", 15, 20),
    indicator("IT-DELAI", "tickets-it", "délai de résolution des tickets", "heures", "lower", "delai", 8, 12),
    indicator("IT-SATISF", "tickets-it", "satisfaction des utilisateurs", "%", "higher", "satisfaction", 85, 80),
    indicator("PIL-ARBITRAGES", "pilotage-prestation", "demandes d'arbitrage portées au comité", "nombre", "lower", "bruit", 4, 6, ["management"], "company"),
)

# 2025-05 .. 2026-10, oldest first.
VALUES: dict[str, list[float]] = {
    "FAC-DELAI": [1.6, 1.8, 1.5, 1.7, 1.9, 1.6, 1.8, 1.7, 1.5, 1.8, 1.6, 1.9, 1.7, 1.6, 1.8, 1.7, 1.9, 1.6],
    "FAC-ERREURS": [0.6, 0.8, 0.5, 0.7, 0.9, 0.6, 0.7, 0.5, 0.8, 0.6, 0.7, 0.9, 0.6, 0.8, 0.5, 0.7, 0.6, 0.8],
    "FAC-SATISF": [93, 95, 92, 94, 96, 93, 95, 92, 94, 96, 93, 95, 92, 94, 96, 93, 95, 92],
    "REL-LETTRAGE": [18, 20, 17, 19, 21, 18, 20, 17, 19, 22, 18, 20, 17, 19, 21, 18, 20, 19],
    "REL-RELANCES": [97, 98, 96, 97, 99, 97, 98, 96, 97, 98, 97, 99, 96, 98, 97, 98, 96, 97],
    # worse three months in a row: 2026-08, 2026-09, 2026-10
    "PAI-CORRECTIONS": [2, 1, 2, 0, 1, 2, 1, 0, 2, 1, 1, 2, 0, 2, 1, 2, 4, 6],
    "PAI-DELAI": [1.5, 1.7, 1.4, 1.6, 1.8, 1.5, 1.6, 1.4, 1.7, 1.5, 1.6, 1.8, 1.5, 1.7, 1.4, 1.6, 1.5, 1.7],
    "ACH-DELAI": [4, 3.5, 4.2, 3.8, 4.5, 4, 3.6, 4.1, 3.9, 4.3, 3.7, 4, 4.2, 3.8, 4.1, 3.9, 4.2, 3.8],
    # rising steadily over the last six periods, still under target
    "ACH-CLARIF": [6, 5, 7, 6, 5, 6, 7, 5, 6, 6, 5, 6, 6, 7, 9, 10, 12, 14],
    # above the warning band 2026-08, 2026-09, 2026-10
    "IT-DELAI": [6, 7, 6.5, 7, 6, 7.5, 6.5, 7, 6, 7, 6.5, 7, 6, 7, 9, 13, 15, 14],
    # flat around 86 until 2026-06, then falling
    "IT-SATISF": [86, 87, 86, 85.5, 86, 86.5, 86, 87, 86, 85.5, 86, 86.5, 86, 86, 84, 82, 80, 78],
    "PIL-ARBITRAGES": [2, 3, 1, 2, 3, 2, 1, 2, 3, 2, 2, 1, 3, 2, 1, 2, 3, 2],
}
# fmt: on

# relances-clients' reports for 2026-07 and 2026-09 came after the 10th.
LATE = {Period(2026, 7): date(2026, 8, 19), Period(2026, 9): date(2026, 10, 22)}

PLANTED = {
    ("degradation-continue", "paie", "PAI-CORRECTIONS"),
    ("reporting-peu-fiable", "relances-clients", None),
    ("bruit-en-hausse", "achats-fournisseurs", "ACH-CLARIF"),
    ("non-respect-repete", "tickets-it", "IT-DELAI"),
    ("satisfaction-en-baisse", "tickets-it", "IT-SATISF"),
}


def periods() -> list[Period]:
    """2025-05 .. 2026-10."""
    found = [FIRST]
    while found[-1] < MONTH:
        found.append(found[-1].next())
    return found


def transmitted(indicator_id: str, period: Period) -> date:
    """The 5th of the next month, but for the two late relances-clients reports."""
    if indicator_id.startswith("REL-") and period in LATE:
        return LATE[period]
    following = period.next()
    return date(following.year, following.month, 5)


def measurements(values: Mapping[str, Sequence[float]] = VALUES) -> tuple[Measurement, ...]:
    """Every value as a Measurement, one CSV file per month."""
    return tuple(
        Measurement(
            indicator_id,
            period,
            float(value),
            f"pilotage/mesures/{period}.csv",
            line,
            transmitted=transmitted(indicator_id, period),
        )
        for line, indicator_id in enumerate(values, start=2)
        for period, value in zip(periods(), values[indicator_id], strict=True)
    )
