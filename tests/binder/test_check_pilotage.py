"""`check` reads the measurements into its report; the sample binder's pilotage data is
the one the shared design plants its weak signals in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.model.indicator_policy import due_date, readable_indicators
from classeur.model.indicators import Direction, Period
from classeur.model.report import Report
from tests.conftest import TODAY, doc
from tests.model.test_indicator_policy import INDICATORS, MEASURED

REPO = Path(__file__).resolve().parents[2]
REFERENCE_DAY = date(2026, 11, 16)
PERIODS = [Period(2025, 5)]
while len(PERIODS) < 18:
    PERIODS.append(PERIODS[-1].next())


def test_check_carries_the_measurements_in_its_report(binder):
    root = binder(
        {"access_policies/indicators.yml": INDICATORS, "procedures/a.md": doc(), **MEASURED}
    )
    report = check(root, today=TODAY)
    assert [(m.indicator, str(m.period), m.value) for m in report.measurements] == [
        ("OPS-DELAI", "2026-01", 1.5),
        ("OPS-TAUX", "2026-01", 97.0),
        ("OPS-ARBITRAGES", "2026-01", 2.0),
    ]


def test_check_reports_the_problems_of_the_measurement_files(binder):
    bad = MEASURED["pilotage/mesures/2026-01.csv"].replace("OPS-TAUX;97", "OPS-TAUX;97,x")
    root = binder(
        {
            "access_policies/indicators.yml": INDICATORS,
            "procedures/a.md": doc(),
            "pilotage/mesures/2026-01.csv": bad,
        }
    )
    report = check(root, today=TODAY)
    assert [f.render() for f in report.findings] == [
        "access_policies/indicators.yml:12: measurement-late: no value of OPS-TAUX for 2026-01, "
        "due on 2026-02-10. Add its row to pilotage/mesures/2026-01.csv (reported by the "
        "provider).",
        'pilotage/mesures/2026-01.csv:3:18: invalid-number: "97,x" is not a number. Write it '
        "as `2,5` or `2.5`; only spaces may group thousands (`1 234,5`).",
    ]
    assert [m.indicator for m in report.measurements] == ["OPS-DELAI", "OPS-ARBITRAGES"]


@pytest.fixture(scope="module")
def sample() -> Report:
    return check(REPO, today=REFERENCE_DAY)


def values(report: Report, indicator: str) -> list[float]:
    by_period = {m.period: m.value for m in report.measurements if m.indicator == indicator}
    return [by_period[p] for p in PERIODS]


def test_sample_has_every_indicator_for_eighteen_months(sample):
    got = {(m.indicator, m.period) for m in sample.measurements}
    assert got == {(i, p) for i in sample.policy.indicators for p in PERIODS}
    assert len(sample.policy.indicators) == 12


def test_sample_green_indicators_never_miss_their_target(sample):
    planted = {"PAI-CORRECTIONS", "IT-DELAI", "IT-SATISF"}
    missed = [
        (i.id, v)
        for i in sample.policy.indicators.values()
        if i.id not in planted
        for v in values(sample, i.id)
        if (v > i.target if i.direction is Direction.LOWER else v < i.target)
    ]
    assert missed == []


def test_sample_plants_the_weak_signals_of_the_shared_design(sample):
    assert values(sample, "PAI-CORRECTIONS")[-4:] == [1, 2, 4, 6]
    assert values(sample, "ACH-CLARIF")[-6:] == [6, 7, 9, 10, 12, 14]
    assert values(sample, "IT-SATISF")[-4:] == [84, 82, 80, 78]
    assert [v > 12 for v in values(sample, "IT-DELAI")[-4:]] == [False, True, True, True]
    assert max(values(sample, "IT-SATISF")[:14]) - min(values(sample, "IT-SATISF")[:14]) <= 1


def test_sample_satisfaction_of_invoicing_is_not_flat(sample):
    last = values(sample, "FAC-SATISF")[-4:]
    assert max(last) - min(last) > 2


def test_sample_only_dunning_reports_came_late(sample):
    late = sorted(
        (m.indicator, str(m.period), str(m.transmitted))
        for m in sample.measurements
        if m.transmitted is None or m.transmitted > due_date(m.period, sample.policy.signals)
    )
    assert late == [
        ("REL-LETTRAGE", "2026-07", "2026-08-19"),
        ("REL-LETTRAGE", "2026-09", "2026-10-22"),
        ("REL-RELANCES", "2026-07", "2026-08-19"),
        ("REL-RELANCES", "2026-09", "2026-10-22"),
    ]


def test_sample_arbitration_requests_are_for_management_only(sample):
    provider = {i.id for i in readable_indicators(sample.policy, "provider")}
    management = {i.id for i in readable_indicators(sample.policy, "management")}
    assert management - provider == {"PIL-ARBITRAGES"}
