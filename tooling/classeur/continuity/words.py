"""The French words continuity shows: states, scenarios, results, dates, durations."""

from __future__ import annotations

import enum

from classeur.common.french_dates import month_in_words
from classeur.model.drills import DrillResult, Scenario
from classeur.model.indicators import Period
from classeur.model.records import Duration


class State(enum.StrEnum):
    """A function's readiness, from its score and the policy's thresholds."""

    READY = "ready"
    FRAGILE = "fragile"
    NOT_READY = "not-ready"


STATE_WORDS = {State.READY: "prête", State.FRAGILE: "fragile", State.NOT_READY: "non prête"}
# Shown with the word, never alone (nor a colour alone): readable printed and by screen readers.
STATE_SYMBOLS = {State.READY: "✓", State.FRAGILE: "⚠", State.NOT_READY: "✗"}
SCENARIOS = {
    Scenario.PROVIDER_CHANGE: "changement de prestataire",
    Scenario.INTERNAL_TAKEOVER: "reprise interne",
    Scenario.INCIDENT: "incident",
}
RESULTS = {
    DrillResult.SUCCEEDED: "réussi",
    DrillResult.PARTIAL: "partiel",
    DrillResult.FAILED: "échoué",
}


def state_words(state: State) -> str:
    """`✓ prête`: the symbol and the word."""
    return f"{STATE_SYMBOLS[state]} {STATE_WORDS[state]}"


def french_month(period: Period) -> str:
    """`octobre 2026`."""
    return month_in_words(period.year, period.month)


def french_duration(duration: Duration) -> str:
    """`12 mois`, `90 jours`, `1 mois et 15 jours`."""
    parts = [f"{duration.months} mois"] if duration.months else []
    if duration.days:
        parts.append(f"{duration.days} jour{'s' if duration.days > 1 else ''}")
    return " et ".join(parts) or "0 jour"
