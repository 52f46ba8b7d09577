"""Pilotage rules: indicators.yml against the policy, `sla` against the indicators, and
measurements not transmitted by their due day."""

from __future__ import annotations

from datetime import date

import pytest

from classeur.binder.check import check
from classeur.model.indicators import Measurement, Period
from classeur.rules.pilotage import find_late_measurements
from tests.conftest import POLICY, TODAY, doc
from tests.model.test_indicator_policy import INDICATORS, MEASURED, policy_with

FUNCTIONS = POLICY["access_policies/functions.yml"] + (
    "  - id: paie\n    label: Paie\n    owner: ops\n    outsourced: true\n    prefix: PAI\n"
)
PAIE = """\
  - id: PAI-DELAI
    function: paie
    label: délai de paie
    unit: jours ouvrés
    direction: lower
    kind: delai
    target: 2
    reported_by: provider
    access: [provider]
"""


def rendered(binder, files, today=TODAY) -> list[str]:
    root = binder(
        {
            "access_policies/indicators.yml": INDICATORS,
            "procedures/a.md": doc(),
            **MEASURED,
            **files,
        }
    )
    return [f.render() for f in check(root, today=today).findings]


@pytest.mark.parametrize(
    ("old", "new", "finding"),
    [
        (
            "function: ops\n    label: délai",
            "function: opz\n    label: délai",
            '3: unknown-function: "opz" is not declared. Known: ops.',
        ),
        (
            "access: [secret]",
            "access: [secret, direction]",
            '30: unknown-access-tag: "direction" is not declared. Known: provider, secret, staff.',
        ),
        (
            "target: 95",
            "target: 120",
            "18: indicator-out-of-range: target 120 is outside 0..100 for a rate in %. Write a "
            "percentage.",
        ),
        (
            "target: 2\n",
            "target: -1\n",
            "8: indicator-out-of-range: target -1 is negative. Write a value of at least 0.",
        ),
        (
            "warning: 3",
            "warning: 1.5",
            "9: warning-band-wrong-side: warning 1.5 must be above the target 2, since lower is "
            "better for OPS-DELAI: « à surveiller » lies between the two. Fix `warning`, or "
            "`direction` if it is the wrong way round.",
        ),
        (
            "warning: 90",
            "warning: 97",
            "19: warning-band-wrong-side: warning 97 must be below the target 95, since higher "
            "is better for OPS-TAUX: « à surveiller » lies between the two. Fix `warning`, or "
            "`direction` if it is the wrong way round.",
        ),
        (
            "label: demandes d'arbitrage",
            "label: demandes d'arbitrage\u200b",
            "24: unsafe-character: the label contains U+200B ZERO WIDTH SPACE (invisible "
            "character): readers would not see it as written. Remove it.",
        ),
    ],
)
def test_indicators_file_is_checked_against_the_policy(binder, old, new, finding):
    assert old in INDICATORS
    indicators = INDICATORS.replace(old, new, 1)
    assert rendered(binder, {"access_policies/indicators.yml": indicators}) == [
        f"access_policies/indicators.yml:{finding}"
    ]


def test_duplicate_indicator_id(binder):
    indicators = INDICATORS.replace("id: OPS-TAUX", "id: OPS-DELAI")
    measured = {"pilotage/mesures/2026-01.csv": MEASURED["pilotage/mesures/2026-01.csv"].replace(
        "2026-01;OPS-TAUX;97\n", "")}  # fmt: skip
    assert rendered(binder, {"access_policies/indicators.yml": indicators, **measured}) == [
        'access_policies/indicators.yml:12: duplicate-policy-id: id "OPS-DELAI" is already '
        "declared on line 2. Keep one, or rename this one."
    ]


def test_document_sla_lists_declared_indicators(binder):
    files = {"procedures/a.md": doc(sla="[OPS-DELAI, OPS-TAUX]")}
    assert rendered(binder, files) == []


def test_unknown_indicator_in_sla_suggests_the_closest(binder):
    files = {"procedures/a.md": doc(sla="[OPS-DELAI, OPS-TAU]")}
    assert rendered(binder, files) == [
        'procedures/a.md:11: unknown-indicator: "OPS-TAU" in `sla` is not declared. Did you '
        'mean "OPS-TAUX"? Known: OPS-ARBITRAGES, OPS-DELAI, OPS-TAUX '
        "(access_policies/indicators.yml)."
    ]


def test_indicator_of_another_function_is_a_warning(binder):
    indicators = INDICATORS + PAIE
    measured = {"pilotage/mesures/2026-01.csv": MEASURED["pilotage/mesures/2026-01.csv"]
                + "2026-01;PAI-DELAI;1\n"}  # fmt: skip
    files = {
        "access_policies/functions.yml": FUNCTIONS,
        "access_policies/indicators.yml": indicators,
        "procedures/a.md": doc(sla="[PAI-DELAI]"),
        **measured,
    }
    assert rendered(binder, files) == [
        'procedures/a.md:11: indicator-other-function: "PAI-DELAI" in `sla` is an indicator of '
        'function "paie", not of "ops". List the indicators of its own function, or move the '
        "indicator in indicators.yml."
    ]


def test_sla_without_an_indicators_file(binder):
    root = binder({"procedures/a.md": doc(sla="[OPS-DELAI]")})
    assert [f.render() for f in check(root, today=TODAY).findings] == [
        "procedures/a.md:11: unknown-indicator: `sla` names OPS-DELAI but no indicator is "
        "declared (access_policies/indicators.yml does not exist). Create it (the README "
        "shows its format) or remove `sla`."
    ]


def test_sla_is_not_judged_when_the_indicators_file_does_not_load(binder):
    files = {
        "access_policies/indicators.yml": "indicators: [\n",
        "procedures/a.md": doc(sla="[OPS-DELAI]"),
    }
    assert [f.split(": ")[1] for f in rendered(binder, files)] == ["yaml-syntax"]


def late(indicator: str, period: str, due: str, line: int, who: str = "provider") -> str:
    return (
        f"access_policies/indicators.yml:{line}: measurement-late: no value of {indicator} "
        f"for {period}, due on {due}. Add its row to pilotage/mesures/{period}.csv (reported "
        f"by the {who})."
    )


def test_the_previous_month_is_late_after_the_due_day(binder):
    assert rendered(binder, {}, today=date(2026, 3, 11)) == [
        late("OPS-DELAI", "2026-02", "2026-03-10", 2),
        late("OPS-TAUX", "2026-02", "2026-03-10", 12),
        late("OPS-ARBITRAGES", "2026-02", "2026-03-10", 22, "company"),
    ]


def test_the_previous_month_is_not_late_on_its_due_day(binder):
    assert rendered(binder, {}, today=date(2026, 3, 10)) == []


def measurement(indicator: str, period: Period) -> Measurement:
    return Measurement(indicator, period, 1.0, "pilotage/mesures/x.csv", 2)


def test_older_periods_still_missing_are_late_too():
    policy = policy_with()
    months = [Period(2025, 11), Period(2026, 1)]
    measurements = [measurement(i, p) for i in policy.indicators for p in months]
    measurements.remove(measurement("OPS-TAUX", Period(2026, 1)))
    findings = find_late_measurements(policy, measurements, today=date(2026, 2, 11))
    assert [f.render() for f in findings] == [
        late("OPS-DELAI", "2025-12", "2026-01-10", 2),
        late("OPS-TAUX", "2025-12", "2026-01-10", 12),
        late("OPS-TAUX", "2026-01", "2026-02-10", 12),
        late("OPS-ARBITRAGES", "2025-12", "2026-01-10", 22, "company"),
    ]


def test_periods_are_expected_from_the_first_one_reported():
    policy = policy_with()
    measurements = [measurement("OPS-DELAI", Period(2025, 12))] + [
        measurement(i, Period(2026, 1)) for i in policy.indicators
    ]
    assert find_late_measurements(policy, measurements, today=date(2026, 2, 11)) == []


def test_late_measurements_follow_the_due_day_of_the_policy():
    policy = policy_with(INDICATORS + "signals:\n  due_day: 5\n")
    findings = find_late_measurements(policy, [], today=date(2026, 3, 6))
    assert [f.render() for f in findings] == [
        late("OPS-DELAI", "2026-02", "2026-03-05", 2),
        late("OPS-TAUX", "2026-02", "2026-03-05", 12),
        late("OPS-ARBITRAGES", "2026-02", "2026-03-05", 22, "company"),
    ]


def test_no_indicator_nothing_is_late():
    assert find_late_measurements(policy_with(None), [], today=date(2026, 3, 11)) == []


SHARED_REPOSITORY = """\
sources:
  - id: main
    path: procedures
    kind: repository
    readers: [company, provider]
"""


def test_a_restricted_indicators_measurements_in_a_repository_the_provider_reads(binder):
    found = rendered(binder, {"access_policies/sources.yml": SHARED_REPOSITORY})
    assert [f for f in found if "repository-exposes-measurement" in f] == [
        "pilotage/mesures/2026-01.csv:4: repository-exposes-measurement: provider audiences "
        "may not read indicator OPS-ARBITRAGES, but its measurements are kept in repository "
        '"main", which the provider can read with its whole history. Keep them in a '
        "repository the provider cannot read, or give the indicator an access tag the "
        "provider reads."
    ]


def test_measurements_in_a_company_only_repository_expose_nothing(binder):
    assert [f for f in rendered(binder, {}) if "repository-exposes-measurement" in f] == []
