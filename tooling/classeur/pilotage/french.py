"""Numbers, units, months and days written as a French reader reads them.

Babel's fr_FR data gives the decimal comma and the narrow no-break space
between thousands; the no-break space before « % », « € » and a unit keeps a
value and its unit on one line, in a terminal, a page or the printed pack.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from classeur.common.french_dates import day_in_words, month_in_words
from classeur.model.indicators import Direction, Indicator, Period, Unit
from classeur.model.records import Organisation
from classeur.pilotage.records import Compliance, Point

LOCALE = "fr_FR"
NBSP = "\u00a0"  # before « % », « € », « h » and units
_PATTERN = "#,##0.##"  # at most two decimals: what a committee reads

# A word and a symbol for each status: never colour alone (printing, colour blindness).
STATUS_SYMBOLS = {
    Compliance.MET: "✓",
    Compliance.WATCH: "⚠",
    Compliance.BREACHED: "✗",
    Compliance.MISSING: "?",
}
_UNIT_WORDS = {  # singular, plural (French: 0, 1 and 1,5 take the singular)
    Unit.BUSINESS_DAYS: ("jour ouvré", "jours ouvrés"),
}
_UNIT_SIGNS = {Unit.HOURS: "h", Unit.PERCENT: "%", Unit.EUROS: "€"}
UNIT_TITLES = {  # a chart's value axis
    Unit.BUSINESS_DAYS: "jours ouvrés",
    Unit.HOURS: "heures",
    Unit.PERCENT: "%",
    Unit.COUNT: "nombre",
    Unit.EUROS: "euros",
}


@lru_cache(maxsize=1)
def _locale() -> Locale:
    return Locale.parse(LOCALE)


def number(value: float) -> str:
    """`1234.5` as « 1 234,5 » (narrow no-break space, decimal comma, two decimals at most)."""
    if value == int(value):
        value = int(value)  # « 2 », never « 2,0 »
    return str(format_decimal(value, format=_PATTERN, locale=LOCALE))


def quantity(value: float, unit: Unit) -> str:
    """A value with its unit: « 2 jours ouvrés », « 24 h », « 0,5 % », « 1 200 € », « 6 »."""
    text = number(value)
    if unit in _UNIT_SIGNS:
        return f"{text}{NBSP}{_UNIT_SIGNS[unit]}"
    if unit in _UNIT_WORDS:
        singular, plural = _UNIT_WORDS[unit]
        word = singular if _locale().plural_form(abs(value)) == "one" else plural
        return f"{text}{NBSP}{word}"
    return text  # Unit.COUNT: a bare number


def value_text(value: float | None, unit: Unit) -> str:
    """A period's value, or an em dash when none was submitted."""
    return "—" if value is None else quantity(value, unit)


def target_text(indicator: Indicator) -> str:
    """The target with its direction: « ≤ 2 jours ouvrés », « ≥ 90 % »."""
    sign = "≤" if indicator.direction is Direction.LOWER else "≥"
    return f"{sign}{NBSP}{quantity(indicator.target, indicator.unit)}"


def target_words(indicator: Indicator) -> str:
    """The target in words: « 2 jours ouvrés au plus », « 90 % au moins »."""
    bound = "au plus" if indicator.direction is Direction.LOWER else "au moins"
    return f"{quantity(indicator.target, indicator.unit)} {bound}"


def warning_text(indicator: Indicator) -> str:
    """Where « à surveiller » ends: « jusqu'à 3 jours ouvrés », or an em dash."""
    if indicator.warning is None:
        return "—"
    return f"jusqu'à {quantity(indicator.warning, indicator.unit)}"


def reporter_text(indicator: Indicator) -> str:
    """Who reports the indicator: « déclaré par le prestataire » or « par l'entreprise »."""
    side = "le prestataire" if indicator.reported_by is Organisation.PROVIDER else "l'entreprise"
    return f"déclaré par {side}"


def month_name(period: Period) -> str:
    """`2026-11` as « novembre 2026 »."""
    return month_in_words(period.year, period.month)


def short_month(period: Period) -> str:
    """`2026-09` as « sept. 2026 » (chart axes, compact rows)."""
    return str(format_date(date(period.year, period.month, 1), "MMM y", locale=LOCALE))


def day_name(day: date) -> str:
    """`2026-11-16` as « 16 novembre 2026 », the first of the month as « 1er novembre 2026 »."""
    return day_in_words(day)


def status_text(status: Compliance) -> str:
    """A status as a symbol and its word: « ✓ respecté », « ✗ non respecté »."""
    return f"{STATUS_SYMBOLS[status]} {status.value}"


def status_count(status: Compliance, count: int) -> str:
    """« 1 non respecté », « 8 respectés », « 2 à surveiller », « 3 non transmis »."""
    plural = count > 1 and status in (Compliance.MET, Compliance.BREACHED)
    return f"{count} {status.value}{'s' if plural else ''}"


def compact_history(points: tuple[Point, ...]) -> str:
    """Values in one line, « 1 · 2 · 4 ⚠ · 6 ✗ · — », marked only where the target was missed."""
    return " · ".join(_compact(p) for p in points)


def _compact(point: Point) -> str:
    if point.value is None:
        return "—"
    mark = "" if point.status is Compliance.MET else f"{NBSP}{STATUS_SYMBOLS[point.status]}"
    return f"{number(point.value)}{mark}"
