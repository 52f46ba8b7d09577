from __future__ import annotations

from datetime import date

import pytest

from classeur.model.indicators import Period, Unit
from classeur.pilotage.french import (
    compact_history,
    day_name,
    month_name,
    number,
    quantity,
    reporter_text,
    short_month,
    status_count,
    status_text,
    target_text,
    target_words,
    value_text,
    warning_text,
)
from classeur.pilotage.records import Compliance, Point
from tests.pilotage.packs import indicator

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.5, "2,5"),
        (2.0, "2"),
        (1234.5, f"1{NNBSP}234,5"),
        (1200, f"1{NNBSP}200"),
        (0.125, "0,12"),
        (-3, "-3"),
    ],
)
def test_numbers_have_a_decimal_comma_and_narrow_spaces_between_thousands(value, expected):
    assert number(value) == expected


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (0.5, Unit.PERCENT, f"0,5{NBSP}%"),
        (2, Unit.BUSINESS_DAYS, f"2{NBSP}jours ouvrés"),
        (1, Unit.BUSINESS_DAYS, f"1{NBSP}jour ouvré"),
        (1.5, Unit.BUSINESS_DAYS, f"1,5{NBSP}jour ouvré"),
        (24, Unit.HOURS, f"24{NBSP}h"),
        (1200, Unit.EUROS, f"1{NNBSP}200{NBSP}€"),
        (6, Unit.COUNT, "6"),
    ],
)
def test_a_quantity_carries_its_unit_the_french_way(value, unit, expected):
    assert quantity(value, unit) == expected


def test_a_value_not_submitted_is_an_em_dash():
    assert value_text(None, Unit.HOURS) == "—"


def test_a_lower_target_reads_at_most():
    delay = indicator(unit="jours ouvrés", target=2)
    assert (target_text(delay), target_words(delay)) == (
        f"≤{NBSP}2{NBSP}jours ouvrés",
        f"2{NBSP}jours ouvrés au plus",
    )


def test_a_higher_target_reads_at_least():
    rate = indicator(unit="%", direction="higher", target=90, warning=85)
    assert (target_text(rate), target_words(rate)) == (f"≥{NBSP}90{NBSP}%", f"90{NBSP}% au moins")


def test_the_warning_band_names_its_bound():
    assert warning_text(indicator(unit="heures", target=24, warning=36)) == f"jusqu'à 36{NBSP}h"


def test_no_warning_band_is_an_em_dash():
    assert warning_text(indicator(warning=None)) == "—"


def test_who_reports_is_named():
    assert reporter_text(indicator(reported_by="company")) == "déclaré par l'entreprise"


def test_months_are_written_in_full_and_short():
    assert (month_name(Period(2026, 11)), short_month(Period(2026, 9))) == (
        "novembre 2026",
        "sept. 2026",
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 11, 16), "16 novembre 2026"), (date(2026, 8, 1), "1er août 2026")],
)
def test_days_are_written_in_words(day, expected):
    assert day_name(day) == expected


def test_a_status_is_a_symbol_and_a_word():
    assert [status_text(s) for s in Compliance] == [
        "✓ respecté",
        "⚠ à surveiller",
        "✗ non respecté",
        "? non transmis",
    ]


@pytest.mark.parametrize(
    ("status", "count", "expected"),
    [
        (Compliance.MET, 1, "1 respecté"),
        (Compliance.MET, 8, "8 respectés"),
        (Compliance.BREACHED, 2, "2 non respectés"),
        (Compliance.WATCH, 2, "2 à surveiller"),
        (Compliance.MISSING, 3, "3 non transmis"),
    ],
)
def test_status_counts_agree_in_number(status, count, expected):
    assert status_count(status, count) == expected


def test_a_compact_history_marks_only_missed_targets():
    points = (
        Point(Period(2026, 8), 2, Compliance.MET),
        Point(Period(2026, 9), 4.5, Compliance.WATCH),
        Point(Period(2026, 10), 6, Compliance.BREACHED),
        Point(Period(2026, 11), None, Compliance.MISSING),
    )
    assert compact_history(points) == f"2 · 4,5{NBSP}⚠ · 6{NBSP}✗ · —"
