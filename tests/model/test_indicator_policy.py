"""access_policies/indicators.yml: optional, read strictly, and what the policy answers of it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.model.indicator_policy import (
    due_date,
    indicator_line,
    indicators_of,
    last_due_period,
    readable_indicators,
)
from classeur.model.indicators import Period, SignalSettings
from classeur.model.policy import Policy, parse_policy
from tests.conftest import POLICY, TODAY, doc

INDICATORS = """\
indicators:
  - id: OPS-DELAI
    function: ops
    label: délai de traitement
    unit: jours ouvrés
    direction: lower
    kind: delai
    target: 2
    warning: 3
    reported_by: provider
    access: [staff, provider]
  - id: OPS-TAUX
    function: ops
    label: taux de dossiers conformes
    unit: "%"
    direction: higher
    kind: erreurs
    target: 95
    warning: 90
    reported_by: provider
    access: [staff, provider]
  - id: OPS-ARBITRAGES
    function: ops
    label: demandes d'arbitrage
    unit: nombre
    direction: lower
    kind: bruit
    target: 4
    reported_by: company
    access: [secret]
"""
# The last period due on TODAY (2026-03-01) is 2026-01: measured, so nothing is late.
MEASURED = {
    "pilotage/mesures/2026-01.csv": "periode;indicateur;valeur\n"
    "2026-01;OPS-DELAI;1,5\n2026-01;OPS-TAUX;97\n2026-01;OPS-ARBITRAGES;2\n"
}

DOCUMENT = {"procedures/a.md": doc()}


def policy_with(indicators: str | None = INDICATORS) -> Policy:
    """The test policy (tests/conftest.py), with this indicators.yml, read from bytes."""
    files = {Path(name).name: text.encode() for name, text in POLICY.items()}
    if indicators is not None:
        files["indicators.yml"] = indicators.encode()
    policy, findings = parse_policy(files)
    assert findings == []
    return policy


def rendered(root: Path) -> list[str]:
    return [f.render() for f in check(root, today=TODAY).findings]


def test_a_binder_without_indicators_has_no_finding_and_no_indicator(binder):
    root = binder(DOCUMENT)
    report = check(root, today=TODAY)
    assert [f.render() for f in report.findings] == []
    assert dict(report.policy.indicators) == {}
    assert report.policy.absent == frozenset({"indicators.yml"})


def test_indicators_are_read_into_the_policy(binder):
    root = binder({"access_policies/indicators.yml": INDICATORS, **MEASURED, **DOCUMENT})
    report = check(root, today=TODAY)
    assert [f.render() for f in report.findings] == []
    assert list(report.policy.indicators) == ["OPS-DELAI", "OPS-TAUX", "OPS-ARBITRAGES"]
    assert report.policy.indicators["OPS-TAUX"].unit.value == "%"
    assert report.policy.absent == frozenset()


def test_signal_settings_default_when_absent():
    assert policy_with().signals == SignalSettings()


def test_signal_settings_are_tuned_in_the_file():
    policy = policy_with(INDICATORS + "signals:\n  due_day: 5\n  window: 12\n")
    assert (policy.signals.due_day, policy.signals.window) == (5, 12)
    assert policy.signals.breach_streak == SignalSettings().breach_streak


def test_schema_errors_are_findings_at_their_line(binder):
    broken = INDICATORS.replace("unit: jours ouvrés", "unit: jours")
    root = binder({"access_policies/indicators.yml": broken, **DOCUMENT})
    assert rendered(root) == [
        'access_policies/indicators.yml:5: invalid-value: "indicators[0].unit" is "jours"; it '
        "must be one of 'jours ouvrés', 'heures', '%', 'nombre' or '€'."
    ]


def test_unknown_field_is_reported_with_a_suggestion(binder):
    broken = INDICATORS.replace("    target: 2\n", "    targer: 2\n")
    root = binder({"access_policies/indicators.yml": broken, **DOCUMENT})
    assert rendered(root) == [
        'access_policies/indicators.yml:2: missing-field: no "indicators[0].target" in '
        "frontmatter. Add it.",
        'access_policies/indicators.yml:8: unknown-field: "indicators[0]" has no key "targer". '
        'Did you mean "target"? Known: id, function, label, unit, direction, kind, target, '
        "warning, period, reported_by, access.",
    ]


def test_signal_setting_out_of_its_bounds_is_reported(binder):
    root = binder(
        {"access_policies/indicators.yml": INDICATORS + "signals:\n  due_day: 31\n", **DOCUMENT}
    )
    assert rendered(root) == [
        'access_policies/indicators.yml:32: wrong-type: "signals.due_day" is 31; it must be at '
        "most 28."
    ]


def test_yaml_errors_are_findings(binder):
    root = binder({"access_policies/indicators.yml": "indicators:\n  - id: [\n", **DOCUMENT})
    [finding] = check(root, today=TODAY).findings
    assert (finding.path, finding.line, finding.code) == (
        "access_policies/indicators.yml",
        3,
        "yaml-syntax",
    )


def test_indicator_line_is_the_line_of_its_id():
    policy = policy_with()
    assert [indicator_line(policy, i) for i in ("OPS-DELAI", "OPS-TAUX", "NOPE")] == [2, 12, 0]


def test_indicators_of_a_function_in_declaration_order():
    policy = policy_with()
    assert [i.id for i in indicators_of(policy, "ops")] == [
        "OPS-DELAI",
        "OPS-TAUX",
        "OPS-ARBITRAGES",
    ]
    assert indicators_of(policy, "paie") == ()


@pytest.mark.parametrize(
    ("audience", "ids"),
    [
        ("staff", ["OPS-DELAI", "OPS-TAUX"]),
        ("provider", ["OPS-DELAI", "OPS-TAUX"]),
        ("management", ["OPS-DELAI", "OPS-TAUX", "OPS-ARBITRAGES"]),
        ("nobody", []),
    ],
)
def test_an_audience_reads_the_indicators_sharing_one_of_its_tags(audience, ids):
    assert [i.id for i in readable_indicators(policy_with(), audience)] == ids


def test_a_period_is_due_on_the_due_day_of_the_next_month():
    settings = SignalSettings(due_day=10)
    assert due_date(Period(2026, 12), settings) == date(2027, 1, 10)


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2026, 11, 10), Period(2026, 9)),  # October is due today, not late yet
        (date(2026, 11, 11), Period(2026, 10)),
        (date(2026, 1, 16), Period(2025, 12)),
    ],
)
def test_last_due_period(today, period):
    assert last_due_period(today, SignalSettings(due_day=10)) == period
