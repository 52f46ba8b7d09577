from __future__ import annotations

from datetime import date

import pytest

from classeur.binder.check import check
from classeur.model.durations import add_duration, parse_duration
from classeur.model.records import Duration, ReviewState
from tests.conftest import POLICY, doc

WITH_GRACE = POLICY["access_policies/review.yml"].replace(
    "grace_period: 0 days", "grace_period: 15 days"
)


def states(root, today):
    report = check(root, today=today)
    return [(s.review.state, s.review.next_review) for s in report.documents]


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2026, 12, 10), ReviewState.OK),
        (date(2026, 12, 11), ReviewState.DUE_SOON),  # 30-day window opens
        (date(2027, 1, 10), ReviewState.DUE_SOON),  # due on that very day
        (date(2027, 1, 11), ReviewState.OVERDUE),
    ],
)
def test_review_state_follows_the_rhythm(binder, today, state):
    root = binder({"procedures/a.md": doc(last_reviewed="2026-01-10")})
    assert states(root, today) == [(state, date(2027, 1, 10))]


def test_overdue_active_document_is_an_error(binder):
    root = binder({"procedures/a.md": doc(last_reviewed="2024-01-10")})
    [finding] = check(root, today=date(2026, 3, 1)).findings
    assert (finding.severity.label, finding.render()) == (
        "error",
        "procedures/a.md:9: overdue: last reviewed 2024-01-10, next review was 2025-01-10. "
        "Review it, then run `classeur review`.",
    )


def test_stale_warn_keeps_overdue_a_warning(binder):
    root = binder({"procedures/a.md": doc(last_reviewed="2024-01-10")})
    [finding] = check(root, today=date(2026, 3, 1), overdue_is_error=False).findings
    assert (finding.code, finding.severity.label) == ("overdue", "warning")


def test_overdue_within_grace_period_is_a_warning(binder):
    root = binder(
        {
            "access_policies/review.yml": WITH_GRACE,
            "procedures/a.md": doc(last_reviewed="2025-03-01"),
        }
    )
    [finding] = check(root, today=date(2026, 3, 10)).findings
    assert (finding.severity.label, finding.message) == (
        "warning",
        "last reviewed 2025-03-01, next review was 2026-03-01 (grace period until 2026-03-16). "
        "Review it, then run `classeur review`.",
    )


def test_overdue_after_grace_period_is_an_error(binder):
    root = binder(
        {
            "access_policies/review.yml": WITH_GRACE,
            "procedures/a.md": doc(last_reviewed="2025-03-01"),
        }
    )
    [finding] = check(root, today=date(2026, 3, 17)).findings
    assert (finding.code, finding.severity.label) == ("overdue", "error")


def test_due_soon_is_a_warning_naming_the_owners(binder):
    root = binder({"procedures/a.md": doc(last_reviewed="2025-03-20")})
    assert [f.render() for f in check(root, today=date(2026, 3, 1)).findings] == [
        "procedures/a.md:9: due-soon: next review on 2026-03-20 (in 19 days). Plan it with its "
        "owners (ops), then run `classeur review`."
    ]


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_drafts_and_archived_documents_are_exempt(binder, status):
    root = binder({"procedures/a.md": doc(status=status, last_reviewed="2020-01-10")})
    assert check(root, today=date(2026, 3, 1)).findings == ()
    assert states(root, date(2026, 3, 1)) == [(ReviewState.EXEMPT, None)]


def test_deprecated_overdue_document_is_only_a_warning(binder):
    root = binder({"procedures/a.md": doc(status="deprecated", last_reviewed="2020-01-10")})
    [finding] = check(root, today=date(2026, 3, 1)).findings
    assert (finding.code, finding.severity.label) == ("overdue", "warning")


def test_document_rhythm_overrides_the_type_default(binder):
    root = binder({"procedures/a.md": doc(last_reviewed="2026-01-10", review_every="90d")})
    assert states(root, date(2026, 3, 15)) == [(ReviewState.DUE_SOON, date(2026, 4, 10))]


def test_runbook_default_rhythm_comes_from_the_policy(binder):
    root = binder({"procedures/a.md": doc(type="runbook", last_reviewed="2025-07-10")})
    assert states(root, date(2026, 3, 1)) == [(ReviewState.OVERDUE, date(2026, 1, 10))]


def test_review_date_in_the_future_is_an_error(binder):
    root = binder({"procedures/a.md": doc(last_reviewed="2026-03-02")})
    assert [f.render() for f in check(root, today=date(2026, 3, 1)).findings] == [
        "procedures/a.md:9: future-date: last_reviewed is 2026-03-02, after today (2026-03-01). "
        "Write the day the review really took place."
    ]


@pytest.mark.parametrize(
    ("start", "text", "end"),
    [
        (date(2026, 1, 31), "1 month", date(2026, 2, 28)),
        (date(2024, 2, 29), "1y", date(2025, 2, 28)),
        (date(2026, 11, 15), "3m", date(2027, 2, 15)),
        (date(2026, 1, 1), "2 weeks", date(2026, 1, 15)),
        (date(2026, 1, 1), "1 an", date(2027, 1, 1)),
    ],
)
def test_calendar_arithmetic(start, text, end):
    assert add_duration(start, parse_duration(text)) == end


def test_duration_keeps_the_authors_words():
    assert parse_duration(" 6 months ") == Duration(months=6, days=0, text="6 months")
