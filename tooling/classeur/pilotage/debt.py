"""Review debt at each month's end, replayed from the headers Git kept.

A document counts when, at the end of the month, its header then said
`status: active` and the review rule `check` applies (rules/staleness.py,
`review_of`) finds it overdue on that day. The grace period only softens the
severity of `check`'s finding; the document is overdue all the same.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import PurePosixPath

from classeur.git.pilotage import DocumentTimeline, Header
from classeur.model.frontmatter import parse_document
from classeur.model.indicators import Period
from classeur.model.policy import ReviewPolicy
from classeur.model.records import Document, ReviewState, Status
from classeur.pilotage.records import DebtPoint
from classeur.rules.staleness import review_of


@dataclass(frozen=True)
class DebtHistory:
    """Per month end, the headers of the active documents overdue then, oldest first."""

    ends: tuple[tuple[Period, tuple[Header, ...]], ...]

    def points(self, keep: Callable[[Header], bool] = lambda header: True) -> tuple[DebtPoint, ...]:
        """The debt of the documents `keep` selects, one point per month end."""
        return tuple(
            _point(period, [h for h in overdue if keep(h)]) for period, overdue in self.ends
        )


def month_end(period: Period) -> date:
    """The last day of the month."""
    return date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])


def reconstruct_debt(
    timelines: Iterable[DocumentTimeline],
    policy: ReviewPolicy | None,
    periods: Sequence[Period],
    *,
    today: date,
    start: date | None,
) -> DebtHistory:
    """Replay each document's header at each month end (capped at `today`).

    Month ends before `start` (the first commit) are left out: Git knows
    nothing of them, and a zero there would be made up.
    """
    timelines = tuple(timelines)
    judged: dict[tuple[Header, date], bool] = {}
    ends = []
    for period in sorted(periods):
        end = min(month_end(period), today)
        if start is None or end < start:
            continue
        overdue = []
        for timeline in timelines:
            header = timeline.at(end)
            if header is None or header.status is not Status.ACTIVE:
                continue
            key = (header, end)
            if key not in judged:
                review = review_of(_as_document(header, timeline.path), policy, today=end)
                judged[key] = review.state is ReviewState.OVERDUE
            if judged[key]:
                overdue.append(header)
        ends.append((period, tuple(overdue)))
    return DebtHistory(tuple(ends))


def _point(period: Period, overdue: Sequence[Header]) -> DebtPoint:
    owners = Counter(owner for header in overdue for owner in header.owners)
    ranked = sorted(owners.items(), key=lambda item: (-item[1], item[0]))
    return DebtPoint(period, len(overdue), tuple(ranked))


def _as_document(header: Header, path: str) -> Document:
    """A Document carrying the header's review fields, for `review_of`."""
    return replace(
        _blank(),
        path=PurePosixPath(path),
        id=header.id,
        type=header.type,
        function=header.function,
        status=header.status,
        owners=header.owners,
        access=header.access,
        last_reviewed=header.last_reviewed,
        review_every=header.review_every,
    )


@cache
def _blank() -> Document:
    # Parsed rather than constructed: the fields review_of ignores keep their
    # defaults whatever the schema adds.
    text = b"---\nid: X-1\ntitle: x\ntype: procedure\nfunction: x\nowners: [x]\n"
    text += b"status: draft\naccess: [x]\n---\n"
    document, _ = parse_document(PurePosixPath("x.md"), text)
    assert document is not None, "the blank header must stay valid"
    return document
