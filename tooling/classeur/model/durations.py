"""Human durations (`6 months`, `90d`, `1 an`) and calendar arithmetic on them."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from classeur.common.i18n import _
from classeur.model.records import Duration

# Unit words an author may write, in English or French, long or short.
_UNITS: dict[str, tuple[int, int]] = {}  # word -> (months, days) per unit
for _words, _value in (
    (("d", "day", "days", "j", "jour", "jours"), (0, 1)),
    (("w", "week", "weeks", "semaine", "semaines"), (0, 7)),
    (("m", "month", "months", "mois"), (1, 0)),
    (("y", "year", "years", "an", "ans", "année", "années"), (12, 0)),
):
    for _word in _words:
        _UNITS[_word] = _value

_DURATION = re.compile(r"^\s*(-?\d+)\s*([^\d\s]+)\s*$")


def parse_duration(text: str) -> Duration:
    """Read a duration such as `6 months`; raise ValueError with a readable reason."""
    match = _DURATION.match(text)
    unit = _UNITS.get(match.group(2).lower()) if match else None
    if match is None or unit is None:
        message = _(
            '"{text}" is not a duration. Write it as `6 months`, `90 days`, `1 year`, `2 weeks` '
            "(or `6m`, `90d`, `1y`, `2w`)"
        )
        raise ValueError(message.format(text=text))
    count = int(match.group(1))
    return Duration(months=count * unit[0], days=count * unit[1], text=text.strip())


def add_duration(start: date, duration: Duration) -> date:
    """The day `duration` after `start`; month ends are clamped (31 Jan + 1 month = 28 Feb)."""
    month_index = start.month - 1 + duration.months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=duration.days)


def subtract_duration(end: date, duration: Duration) -> date:
    """The day `duration` before `end`."""
    negated = Duration(months=-duration.months, days=-duration.days, text=duration.text)
    return add_duration(end, negated)
