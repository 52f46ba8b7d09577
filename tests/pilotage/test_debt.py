from __future__ import annotations

from dataclasses import replace
from datetime import date

from classeur.git.pilotage import DocumentTimeline, Header, Version
from classeur.model.durations import parse_duration
from classeur.model.indicators import Period
from classeur.model.policy import ReviewPolicy
from classeur.model.records import DocType, Status
from classeur.pilotage.debt import month_end, reconstruct_debt
from classeur.pilotage.records import DebtPoint

POLICY = ReviewPolicy.model_validate(
    {
        "default_every": {"procedure": "12 months", "runbook": "6 months", "handover": "12 months"},
        "warning_window": "30 days",
        "grace_period": "30 days",
    }
)
HEADER = Header(
    "PAI-001",
    DocType.PROCEDURE,
    "paie",
    Status.ACTIVE,
    ("julien.moreau",),
    ("provider", "management"),
    date(2025, 1, 10),
    parse_duration("6 months"),
)
SUMMER = [Period(2025, 6), Period(2025, 7), Period(2025, 8)]
LATE = date(2026, 1, 1)


def timeline(*versions: tuple[str, Header | None], path: str = "procedures/paie/a.md"):
    return DocumentTimeline(
        path, tuple(Version(date.fromisoformat(day), header, False) for day, header in versions)
    )


def counts(timelines, periods=SUMMER, *, today=LATE, start=date(2025, 1, 1), policy=POLICY):
    debt = reconstruct_debt(timelines, policy, periods, today=today, start=start)
    return [(str(p.period), p.overdue) for p in debt.points()]


def test_a_document_is_overdue_at_the_month_ends_after_its_next_review():
    assert counts([timeline(("2025-01-10", HEADER))]) == [
        ("2025-06", 0),
        ("2025-07", 1),
        ("2025-08", 1),
    ]


def test_a_review_recorded_later_clears_the_debt_from_that_day():
    reviewed = replace(HEADER, last_reviewed=date(2025, 8, 20))
    assert counts([timeline(("2025-01-10", HEADER), ("2025-08-20", reviewed))]) == [
        ("2025-06", 0),
        ("2025-07", 1),
        ("2025-08", 0),
    ]


def test_the_policy_rhythm_applies_when_the_document_has_none():
    runbook = replace(HEADER, type=DocType.RUNBOOK, review_every=None)
    assert counts([timeline(("2025-01-10", runbook))])[1] == ("2025-07", 1)
    procedure = replace(HEADER, review_every=None)
    assert counts([timeline(("2025-01-10", procedure))])[1] == ("2025-07", 0)


def test_only_active_documents_count():
    headers = [
        replace(HEADER, status=s) for s in (Status.DRAFT, Status.DEPRECATED, Status.ARCHIVED)
    ]
    assert counts([timeline(("2025-01-10", h)) for h in headers]) == [
        ("2025-06", 0),
        ("2025-07", 0),
        ("2025-08", 0),
    ]


def test_a_document_deleted_or_not_yet_created_does_not_count():
    gone = timeline(("2025-01-10", HEADER), ("2025-08-02", None))
    late = timeline(("2025-08-30", HEADER), path="procedures/paie/b.md")
    assert counts([gone, late]) == [("2025-06", 0), ("2025-07", 1), ("2025-08", 1)]


def test_the_month_in_progress_is_judged_on_today():
    assert counts([timeline(("2025-01-10", HEADER))], today=date(2025, 7, 10))[1:] == [
        ("2025-07", 0),
        ("2025-08", 0),
    ]


def test_month_ends_before_the_first_commit_are_left_out():
    assert counts([timeline(("2025-01-10", HEADER))], start=date(2025, 7, 4)) == [
        ("2025-07", 1),
        ("2025-08", 1),
    ]
    assert counts([timeline(("2025-01-10", HEADER))], start=None) == []


def test_debt_per_owner_largest_first_then_by_name():
    first = replace(HEADER, owners=("marie.dupont", "team:paie"))
    second = replace(HEADER, id="PAI-002", owners=("team:paie",))
    debt = reconstruct_debt(
        [timeline(("2025-01-10", first)), timeline(("2025-01-10", second), path="b.md")],
        POLICY,
        [Period(2025, 7)],
        today=LATE,
        start=date(2025, 1, 1),
    )
    assert debt.points() == (
        DebtPoint(Period(2025, 7), 2, (("team:paie", 2), ("marie.dupont", 1))),
    )


def test_points_keep_only_the_documents_asked_for():
    other = replace(HEADER, id="FAC-001", function="facturation")
    debt = reconstruct_debt(
        [timeline(("2025-01-10", HEADER)), timeline(("2025-01-10", other), path="b.md")],
        POLICY,
        [Period(2025, 7)],
        today=LATE,
        start=date(2025, 1, 1),
    )
    assert [p.overdue for p in debt.points(lambda h: h.function == "paie")] == [1]


def test_month_end():
    assert [month_end(Period(2024, 2)), month_end(Period(2026, 12))] == [
        date(2024, 2, 29),
        date(2026, 12, 31),
    ]
