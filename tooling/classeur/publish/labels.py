"""The French words a reader of the site sees for the binder's closed sets."""

from __future__ import annotations

from datetime import date

from classeur.common.french_dates import day_in_words
from classeur.model.records import DocType, Organisation, ReviewState, Status

# A runbook is « mode opératoire »: the French quality vocabulary's word for the
# step-by-step how-to of one job, incident or routine (« fiche réflexe » would fit the
# incident runbooks but not the monthly closings, which are runbooks too) (issue #15).
DOC_TYPES = {
    DocType.PROCEDURE: "Procédure",
    DocType.RUNBOOK: "Mode opératoire",
    DocType.HANDOVER: "Plan de réversibilité",
}
DOC_TYPES_PLURAL = {
    DocType.PROCEDURE: "Procédures",
    DocType.RUNBOOK: "Modes opératoires",
    DocType.HANDOVER: "Plans de réversibilité",
}
STATUSES = {
    Status.DRAFT: "Brouillon",
    Status.ACTIVE: "En vigueur",
    Status.DEPRECATED: "Obsolète",
    Status.ARCHIVED: "Archivé",
}
REVIEW_STATES = {
    ReviewState.OK: "À jour",
    ReviewState.DUE_SOON: "À revoir bientôt",
    ReviewState.OVERDUE: "En retard",
    ReviewState.CHANGED: "Modifié depuis la revue",
    ReviewState.EXEMPT: "Sans revue",
    ReviewState.UNKNOWN: "Revue inconnue",
}
ORGANISATIONS = {Organisation.COMPANY: "entreprise", Organisation.PROVIDER: "prestataire"}


_UNITS = {
    "business days": "jours ouvrés", "business day": "jour ouvré", "days": "jours",
    "day": "jour", "hours": "heures", "hour": "heure", "weeks": "semaines", "week": "semaine",
    "months": "mois", "month": "mois", "years": "ans", "year": "an",
}  # fmt: skip
_SHORT_UNITS = {"d": "jours", "w": "semaines", "m": "mois", "y": "ans"}


def french_duration(text: str) -> str:
    """`2 business days` as `2 jours ouvrés`, `6m` as `6 mois`; French input is kept."""
    number, _, unit = text.strip().partition(" ")
    if not unit and number[-1:] in _SHORT_UNITS and number[:-1].isdigit():
        return f"{number[:-1]} {_SHORT_UNITS[number[-1]]}"
    return f"{number} {_UNITS.get(unit.strip().lower(), unit.strip())}"


def french_date(value: str | None) -> str:
    """`2026-11-16` as `16 novembre 2026`; an em dash when there is no date."""
    if not value:
        return "—"
    return day_in_words(date.fromisoformat(value))
