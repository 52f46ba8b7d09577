"""Drill records are checked like documents: what they name must exist."""

from __future__ import annotations

from datetime import date

import pytest

from classeur.binder.check import check
from classeur.model.drills import parse_drill
from classeur.model.policy import load_policy
from classeur.rules.drills import check_drills
from tests.conftest import TODAY, doc
from tests.continuity.readiness_binder import DRILL

WHERE = "pilotage/exercices/2026-02-01-ops.md"


def rendered(binder, record: str) -> list[str]:
    root = binder({"procedures/a.md": doc(), WHERE: record})
    report = check(root, today=TODAY)
    return [f.render() for f in report.findings if f.path.startswith("pilotage/")]


def test_a_valid_drill_has_no_finding(binder):
    assert rendered(binder, DRILL) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "function: ops",
            "function: compta",
            f'{WHERE}:3: unknown-function: "compta" is not declared. Known: ops '
            "(access_policies/functions.yml).",
        ),
        (
            "[ops, vendor]",
            "[ops, victor]",
            f'{WHERE}:5: unknown-person: "victor" is not declared. Known: boss, ops, vendor '
            "(access_policies/people.yml).",
        ),
        (
            "[ops, vendor]",
            "[ops, team:compta]",
            f'{WHERE}:5: unknown-team: "team:compta" is not declared. Known: team:paie, '
            "team:presta (access_policies/people.yml).",
        ),
        (
            "[OPS-001]",
            "[OPS-001, OPS-404]",
            f'{WHERE}:8: unknown-follow-up: "OPS-404" in `follow_up` is not the id of any '
            "document. Fix the id or remove it.",
        ),
    ],
    ids=["function", "person", "team", "follow-up"],
)
def test_unknown_references_are_errors_at_their_line(binder, old, new, message):
    assert rendered(binder, DRILL.replace(old, new)) == [message]


def test_header_problems_are_reported_by_check(binder):
    assert rendered(binder, DRILL.replace("result: reussi", "result: bien")) == [
        f'{WHERE}:6: invalid-value: "result" is "bien"; it must be one of \'reussi\', '
        "'partiel' or 'echoue'."
    ]


def test_a_drill_after_today_is_an_error(binder):
    root = binder({"procedures/a.md": doc()})
    policy, _ = load_policy(root)
    drill, _ = parse_drill(WHERE, DRILL.replace("2026-02-01", "2026-03-02").encode())
    assert drill is not None
    findings = check_drills([drill], policy, {"OPS-001"}, today=date(2026, 3, 1))
    assert [f.render() for f in findings] == [
        f"{WHERE}:2: drill-in-future: the drill is dated 2026-03-02, after today (2026-03-01): "
        "a record says what happened. Record the drill once it has taken place."
    ]
