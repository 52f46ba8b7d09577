from __future__ import annotations

from datetime import date

import pytest

from classeur.git.pilotage import Submission, SubmissionHistory
from classeur.model.indicators import Indicator, Measurement, Period
from classeur.pilotage.records import Compliance, Point
from classeur.pilotage.status import compliance, series
from tests.pilotage.planted import INDICATORS

BY_ID = {i.id: i for i in INDICATORS}
DELAY = BY_ID["IT-DELAI"]  # lower is better, target 8, warning 12
SATISFACTION = BY_ID["IT-SATISF"]  # higher is better, target 85, warning 80
OCTOBER = Period(2026, 10)


def row(value: float, period: Period = OCTOBER, **fields) -> Measurement:
    return Measurement("IT-DELAI", period, value, "pilotage/mesures/2026-10.csv", 3, **fields)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7.5, Compliance.MET),
        (8, Compliance.MET),
        (8.1, Compliance.WATCH),
        (12, Compliance.WATCH),
        (12.5, Compliance.BREACHED),
    ],
)
def test_lower_is_better(value, expected):
    assert compliance(DELAY, value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (90, Compliance.MET),
        (85, Compliance.MET),
        (84, Compliance.WATCH),
        (80, Compliance.WATCH),
        (79.9, Compliance.BREACHED),
    ],
)
def test_higher_is_better(value, expected):
    assert compliance(SATISFACTION, value) is expected


def test_without_a_warning_band_any_miss_is_a_breach():
    strict = Indicator.model_validate({**DELAY.model_dump(), "warning": None})
    assert compliance(strict, 8.5) is Compliance.BREACHED


def test_a_series_runs_up_to_the_month_and_marks_gaps_not_submitted():
    rows = [row(6, Period(2026, 8)), row(9, Period(2026, 10)), row(1, Period(2026, 11))]
    points = series(DELAY, rows, until=OCTOBER, periods=3).points
    assert points == (
        Point(Period(2026, 8), 6, Compliance.MET),
        Point(Period(2026, 9), None, Compliance.MISSING),
        Point(Period(2026, 10), 9, Compliance.WATCH),
    )


def test_a_series_keeps_only_its_indicator():
    other = Measurement("IT-SATISF", OCTOBER, 90, "x.csv", 2)
    assert series(DELAY, [other], until=OCTOBER, periods=1).points == (
        Point(OCTOBER, None, Compliance.MISSING),
    )


def test_a_point_keeps_sample_size_comment_and_transmission_day():
    measured = row(7, sample_size=412, comment="ras", transmitted=date(2026, 11, 6))
    [point] = series(DELAY, [measured], until=OCTOBER, periods=1).points
    assert point == Point(OCTOBER, 7, Compliance.MET, 412, "ras", date(2026, 11, 6))


def test_without_transmission_day_the_first_commit_dates_the_value():
    history = SubmissionHistory({("IT-DELAI", OCTOBER): Submission(date(2026, 11, 12), (7.0,))})
    [point] = series(DELAY, [row(7)], until=OCTOBER, periods=1, submissions=history).points
    assert (point.submitted, point.corrected) == (date(2026, 11, 12), ())


def test_the_transmission_day_outranks_the_commit_day():
    history = SubmissionHistory({("IT-DELAI", OCTOBER): Submission(date(2026, 11, 12), (7.0,))})
    measured = row(7, transmitted=date(2026, 11, 3))
    [point] = series(DELAY, [measured], until=OCTOBER, periods=1, submissions=history).points
    assert point.submitted == date(2026, 11, 3)


def test_earlier_values_from_git_are_corrections():
    history = SubmissionHistory({("IT-DELAI", OCTOBER): Submission(date(2026, 11, 6), (9, 11, 7))})
    [point] = series(DELAY, [row(7)], until=OCTOBER, periods=1, submissions=history).points
    assert point.corrected == (9, 11)


def test_a_value_changed_but_not_yet_committed_is_a_correction_too():
    history = SubmissionHistory({("IT-DELAI", OCTOBER): Submission(date(2026, 11, 6), (9,))})
    [point] = series(DELAY, [row(7)], until=OCTOBER, periods=1, submissions=history).points
    assert point.corrected == (9,)
