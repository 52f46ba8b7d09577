"""One cell of a measurement row: its value, or the problem that says how to fix it.

Spreadsheets write numbers and days the French way (« 2,5 », « 1 234,5 », « 98 % »,
« 04/11/2026 »): they are read as written, never guessed at, and what cannot be
read is a problem named after its column.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from classeur.common.i18n import _
from classeur.model.indicator_policy import (
    INDICATORS_PATH,
    has_indicators,
    month_of,
    period_end,
)
from classeur.model.indicators import Indicator, Period, Unit
from classeur.model.policy import Policy
from classeur.model.schema import character_kind, describe_character, unsafe_characters

_GROUP = "[ \u00a0\u202f]"  # thousands: space, no-break space, narrow no-break space
_NUMBER = re.compile(rf"^(?:\d{{1,3}}(?:{_GROUP}\d{{3}})+|\d+)(?:[.,]\d+)?$")
_SUFFIX = re.compile(r"^(?P<number>.*?)[\s\u00a0\u202f]*(?P<unit>%|€)$")
_FRENCH_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell: its column, a finding code and the message."""

    column: str
    code: str
    message: str


def parse_number(text: str, unit: Unit | None = None) -> float | None:
    """A number as a French or English spreadsheet writes it; None when it is not one.

    « 2,5 », « 2.5 », « 1 234,5 » (thousands grouped by a space, a no-break or a
    narrow no-break space), and with the indicator's own unit sign: « 98 % », « 1 200 € ».
    """
    value = text.strip()
    suffix = _SUFFIX.match(value)
    if suffix is not None:
        if unit is not None and suffix["unit"] != unit.value:
            return None
        value = suffix["number"]
    sign = -1.0 if value.startswith("-") else 1.0
    value = value.removeprefix("-").removeprefix("+")
    if not _NUMBER.match(value):
        return None
    digits = re.sub(_GROUP, "", value).replace(",", ".")
    return sign * float(digits)


def read_period(text: str, today: date, problems: list[Problem]) -> Period | None:
    """The `periode` cell: a complete month, YYYY-MM."""
    if not text:
        problems.append(
            Problem("periode", "invalid-period", _("no period. Write the month as YYYY-MM."))
        )
        return None
    try:
        period = Period.parse(text)
    except ValueError:
        message = _(
            '"{text}" is not a month written YYYY-MM, e.g. `2026-10`. Format the column as text '
            "in the spreadsheet so that it keeps the month as written."
        ).format(text=text)
        problems.append(Problem("periode", "invalid-period", message))
        return None
    current = month_of(today)
    if period >= current:
        if period == current:
            message = _(
                "{period} is not over on {today}: a period is reported once it is complete. "
                "Submit it from {first}."
            )
        else:
            message = _("{period} is in the future on {today}. Check the year and month.")
        message = message.format(
            period=period,
            today=today.isoformat(),
            first=(period_end(period) + timedelta(days=1)).isoformat(),
        )
        problems.append(Problem("periode", "future-period", message))
    return period


def read_indicator(text: str, policy: Policy, problems: list[Problem]) -> Indicator | None:
    """The `indicateur` cell: a declared indicator (None when indicators.yml did not load)."""
    if text and not has_indicators(policy):
        return None  # indicators.yml did not load: its own findings say why
    indicator = policy.indicators.get(text)
    if indicator is None:
        problems.append(
            Problem("indicateur", "unknown-indicator", _unknown_indicator(text, policy))
        )
    return indicator


def read_value(
    text: str, indicator_id: str, unit: Unit | None, problems: list[Problem]
) -> float | None:
    """The `valeur` cell: a number that fits the indicator's unit."""
    if not text:
        message = _("no value. Write the measured value, e.g. `2,5`.")
        problems.append(Problem("valeur", "invalid-number", message))
        return None
    value = parse_number(text, unit)
    if value is None:
        problems.append(
            Problem("valeur", "invalid-number", _not_a_number(text, indicator_id, unit))
        )
        return None
    if value < 0:
        message = _(
            '"{text}" is negative; an indicator counts something. Write the value ≥ 0.'
        ).format(text=text)
        problems.append(Problem("valeur", "value-out-of-range", message))
    elif unit is Unit.PERCENT and value > 100:
        message = _(
            '"{text}" is over 100 % for {indicator}, a rate. Write it between 0 and 100.'
        ).format(text=text, indicator=indicator_id)
        problems.append(Problem("valeur", "value-out-of-range", message))
    elif unit is Unit.COUNT and not value.is_integer():
        message = _(
            '"{text}" is not a whole number; {indicator} is a count. Write e.g. `3`.'
        ).format(text=text, indicator=indicator_id)
        problems.append(Problem("valeur", "invalid-number", message))
    return value


def read_sample_size(text: str, problems: list[Problem]) -> int | None:
    """The optional `echantillon` cell: how many cases were measured."""
    if not text:
        return None
    value = parse_number(text)
    if value is None or not value.is_integer() or value < 1:
        message = _(
            '"{text}" is not a sample size: write how many cases were measured, a whole number '
            "of at least 1, or leave the cell empty."
        ).format(text=text)
        problems.append(Problem("echantillon", "invalid-sample-size", message))
        return None
    return int(value)


def read_transmitted(
    text: str, period: Period | None, today: date, problems: list[Problem]
) -> date | None:
    """The optional `transmis_le` cell: the day the value was sent, after its month."""
    if not text:
        return None
    day = _day(text)
    why = ""
    if day is None:
        why = _('"{text}" is not a date. Write it as YYYY-MM-DD (or DD/MM/YYYY).').format(text=text)
    elif day > today:
        why = _("{day} is after today ({today}). Write the day it was sent.").format(
            day=day.isoformat(), today=today.isoformat()
        )
    elif period is not None and day <= period_end(period):
        why = _(
            "{day} is before the end of {period}: a value is transmitted once its month is "
            "over. Write the day it was sent."
        ).format(day=day.isoformat(), period=period)
    if why:
        problems.append(Problem("transmis_le", "invalid-transmission-date", why))
        return None
    return day


def _day(text: str) -> date | None:
    french = _FRENCH_DATE.match(text)
    iso = text if _ISO_DATE.match(text) else None
    if french is not None:
        iso = f"{french[3]}-{french[2]}-{french[1]}"
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def read_comment(text: str, problems: list[Problem]) -> str:
    """The optional `commentaire` cell: shown to readers, so nothing hidden in it."""
    found = unsafe_characters(text)
    if found:
        named = ", ".join(describe_character(c, character_kind(c)) for c in found)
        message = _(
            "the comment contains {characters}: readers would not see it as written. Remove it."
        ).format(characters=named)
        problems.append(Problem("commentaire", "unsafe-character", message))
    return text


def _unknown_indicator(text: str, policy: Policy) -> str:
    if not text:
        return _("no indicator. Write the id of one declared in {file}.").format(
            file=INDICATORS_PATH
        )
    known = sorted(policy.indicators)
    close = difflib.get_close_matches(text.upper(), known, n=1)
    if close:
        message = _('"{text}" is not declared in {file}. Did you mean "{guess}"? Known: {known}.')
    else:
        message = _('"{text}" is not declared in {file}. Known: {known}.')
    return message.format(
        text=text, file=INDICATORS_PATH, guess=close[0] if close else "", known=", ".join(known)
    )


def _not_a_number(text: str, indicator_id: str, unit: Unit | None) -> str:
    sign = _SUFFIX.match(text.strip())
    if unit is not None and sign is not None and sign["unit"] != unit.value:
        return _(
            '"{text}" is in {sign} but {indicator} is in {unit}. Write the number alone.'
        ).format(text=text, sign=sign["unit"], indicator=indicator_id, unit=unit.value)
    return _(
        '"{text}" is not a number. Write it as `2,5` or `2.5`; only spaces may group thousands '
        "(`1 234,5`)."
    ).format(text=text)
