"""What the policy says of the contract's indicators: where each is declared, who
reads it, which periods are complete and when each is due.

The file itself (access_policies/indicators.yml) is loaded with the other policy
files by `model/policy.py`; this module answers the questions every layer asks
of it, so that the rules, pilotage and the sites agree on them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from classeur.model.indicators import INDICATORS_FILE, Indicator, Period, SignalSettings
from classeur.model.policy import POLICY_DIR, Policy

INDICATORS_PATH = f"{POLICY_DIR}/{INDICATORS_FILE}"


def has_indicators(policy: Policy) -> bool:
    """Whether indicators.yml was read without error."""
    return policy.is_loaded(INDICATORS_FILE)


def indicator_line(policy: Policy, indicator_id: str) -> int:
    """The line of an indicator's `id` in indicators.yml (0 when it is not declared)."""
    where = policy.located.get(INDICATORS_FILE)
    if where is None:
        return 0
    for index, item in enumerate(where.document.data.get("indicators") or []):
        if isinstance(item, dict) and item.get("id") == indicator_id:
            return where.line(("indicators", index, "id"))
    return 0


def indicators_of(policy: Policy, function: str) -> tuple[Indicator, ...]:
    """The indicators of one business function, in declaration order."""
    return tuple(i for i in policy.indicators.values() if i.function == function)


def is_readable(indicator: Indicator, reads: Iterable[str]) -> bool:
    """Deny by default, as for documents: readable when it shares a tag with `reads`."""
    return not set(indicator.access).isdisjoint(reads)


def readable_indicators(policy: Policy, audience: str) -> tuple[Indicator, ...]:
    """The indicators an audience may read (none for an unknown audience)."""
    target = policy.audiences.get(audience)
    if target is None:
        return ()
    return tuple(i for i in policy.indicators.values() if is_readable(i, target.reads))


def month_of(day: date) -> Period:
    """The period `day` falls in (not complete yet on that day)."""
    return Period(day.year, day.month)


def period_end(period: Period) -> date:
    """The last day of a period."""
    return date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])


def due_date(period: Period, signals: SignalSettings) -> date:
    """The day by which a period's values must be transmitted: `due_day` of the next month."""
    following = period.next()
    return date(following.year, following.month, signals.due_day)


def last_due_period(today: date, signals: SignalSettings) -> Period:
    """The most recent period whose due date has passed on `today`."""
    previous = month_of(today).previous()
    return previous if today > due_date(previous, signals) else previous.previous()
