"""access_policies/readiness.yml: optional, each key overriding its default."""

from __future__ import annotations

import pytest

from classeur.model.readiness_policy import (
    DEFAULT_WEIGHTS,
    Criterion,
    ReadinessPolicy,
    load_readiness_policy,
    parse_readiness_policy,
)
from classeur.model.records import Duration

WHERE = "access_policies/readiness.yml"


def test_absent_file_gives_the_defaults(tmp_path):
    assert load_readiness_policy(tmp_path) == (ReadinessPolicy(), [])


def test_defaults_weigh_100_points():
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_keys_override_their_defaults_only():
    text = b"weights:\n  recent-drill: 30\nthresholds: {ready: 90}\ndrill_within: 6 months\n"
    policy, findings = parse_readiness_policy(text)
    assert findings == []
    assert (
        policy.weight(Criterion.RECENT_DRILL),
        policy.weight(Criterion.HANDOVER_PLAN),
        policy.ready,
        policy.fragile,
        policy.drill_within,
        policy.company_review_within.months,
    ) == (30, 20, 90, 50, Duration(months=6, text="6 months"), 12)


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        (
            "weights:\n  drill: 10\n",
            f'{WHERE}:2: unknown-criterion: "weights": "drill" is not a criterion. Criteria: '
            "handover-plan, handover-sections, procedures-current, incident-runbook, "
            "company-review, indicator-reports, recent-drill.",
        ),
        (
            "thresholds:\n  ready: 50\n  fragile: 60\n",
            f'{WHERE}:2: invalid-thresholds: "thresholds": fragile (60) must be below ready (50). '
            "Lower `fragile` or raise `ready`.",
        ),
        (
            "drill_within: souvent\n",
            f'{WHERE}:1: invalid-duration: "drill_within": "souvent" is not a duration. Write it '
            "as `6 months`, `90 days`, `1 year`, `2 weeks` (or `6m`, `90d`, `1y`, `2w`).",
        ),
        (
            "weight: {}\n",
            f'{WHERE}:1: unknown-field: unknown frontmatter field "weight". Did you mean '
            '"weights"? Known: weights, thresholds, company_review_within, drill_within.',
        ),
    ],
    ids=["unknown criterion", "thresholds", "duration", "unknown key"],
)
def test_problems_are_findings_and_the_defaults_apply(text, rendered):
    policy, findings = parse_readiness_policy(text.encode())
    assert (policy, [f.render() for f in findings]) == (ReadinessPolicy(), [rendered])
