"""`classeur readiness` in its three formats, and `classeur new drill`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from tests.conftest import doc
from tests.continuity.readiness_binder import ready_files

DAY = "--today=2026-03-01"
HEADING = (
    "Réversibilité au 1er mars 2026. Seuils : prête dès 80, fragile dès 50 ; revue par "
    "l'entreprise attendue dans les 12 mois, exercice dans les 12 mois."
)
NO_DRILL = (
    "Exercice de réversibilité récent (10 points) : Aucun exercice de réversibilité enregistré. "
    "Organisez un exercice (changement de prestataire, reprise interne ou incident) et "
    "consignez-le avec `classeur new drill --function ops`."
)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def without_drill(binder) -> Path:
    """`ops` meets every criterion but the drill (no indicator: 80 of 90 points)."""
    files = ready_files()
    del files["pilotage/exercices/2026-02-01-ops.md"]
    return binder(files)


def readiness(root: Path, *args: str):
    return invoke("readiness", "--root", str(root), DAY, "--no-history", *args)


def test_text_names_score_state_last_drill_and_what_is_missing(without_drill):
    result = readiness(without_drill)
    assert (result.exit_code, result.output) == (
        0,
        f"{HEADING}\n\nOpérations (ops) : 89/100, ✓ prête ; dernier exercice : aucun\n"
        f"  ✗ {NO_DRILL}\n",
    )


def test_text_gives_the_last_drill_with_its_scenario_and_result(binder):
    result = readiness(binder(ready_files()))
    assert result.output.split("\n")[2] == (
        "Opérations (ops) : 100/100, ✓ prête ; dernier exercice : 1er février 2026 "
        "(reprise interne, réussi)"
    )


def test_markdown_has_the_summary_table_then_what_is_missing(without_drill):
    assert readiness(without_drill, "--format", "markdown").output == (
        f"# Réversibilité\n\n{HEADING}\n\n"
        "| Fonction | Score | État | Dernier exercice |\n"
        "|---|---:|---|---|\n"
        "| Opérations | 89/100 | ✓ prête | aucun |\n\n"
        f"## Opérations\n\n- {NO_DRILL}\n"
    )


def test_json_is_the_documented_object(without_drill):
    payload = json.loads(readiness(without_drill, "--format", "json").output)
    (function,) = payload["functions"]
    assert {k: v for k, v in payload.items() if k != "functions"} == {
        "today": "2026-03-01",
        "thresholds": {"ready": 80, "fragile": 50},
        "company_review_within": "12 months",
        "drill_within": "12 months",
    }
    assert {k: v for k, v in function.items() if k != "criteria"} == {
        "function": "ops",
        "label": "Opérations",
        "score": 89,
        "state": "ready",
        "state_label": "prête",
        "plan": "OPS-003",
        "last_drill": None,
    }
    assert [(c["criterion"], c["weight"], c["status"]) for c in function["criteria"]] == [
        ("handover-plan", 20, "met"),
        ("handover-sections", 20, "met"),
        ("procedures-current", 15, "met"),
        ("incident-runbook", 10, "met"),
        ("company-review", 15, "met"),
        ("indicator-reports", 10, "not-applicable"),
        ("recent-drill", 10, "unmet"),
    ]


def test_json_last_drill_names_its_record(binder):
    payload = json.loads(readiness(binder(ready_files()), "--format", "json").output)
    assert payload["functions"][0]["last_drill"] == {
        "date": "2026-02-01",
        "scenario": "reprise-interne",
        "result": "reussi",
        "path": "pilotage/exercices/2026-02-01-ops.md",
    }


@pytest.mark.parametrize(
    ("function", "why"),
    [("compta", "is not declared"), ("interne", "is not outsourced")],
)
def test_a_function_without_readiness_stops_with_exit_2(binder, function, why):
    functions = (
        "functions:\n"
        "  - {id: ops, label: Opérations, owner: ops, outsourced: true, prefix: OPS}\n"
        "  - {id: interne, label: Interne, owner: ops, outsourced: false, prefix: INT}\n"
    )
    root = binder({**ready_files(), "access_policies/functions.yml": functions})
    result = readiness(root, "--function", function)
    assert (result.exit_code, result.output) == (
        2,
        f'error: function "{function}" {why} (access_policies/functions.yml), so it has no '
        "readiness. Outsourced functions: ops.\n",
    )


def test_errors_in_the_binder_are_announced_on_stderr(binder):
    root = binder({**ready_files(), "procedures/ops/broken.md": doc(id="OPS-009", access="[x]")})
    result = CliRunner().invoke(main, ["readiness", "--root", str(root), DAY, "--no-history"])
    assert result.stderr == (
        "1 error in the binder: documents that fail `classeur check` are not counted. Run it.\n"
    )


def test_new_drill_writes_a_record_that_passes_check(binder):
    root = binder({"procedures/a.md": doc()})
    result = invoke("new", "drill", "--function", "ops", "--root", str(root), DAY)
    assert (result.exit_code, result.output) == (
        0,
        "Created pilotage/exercices/2026-03-01-ops.md. Fill in the participants, the result and "
        "the gaps, then run `classeur check`.\n",
    )
    text = (root / "pilotage/exercices/2026-03-01-ops.md").read_text(encoding="utf-8")
    assert text.startswith(
        "---\ndate: 2026-03-01\nfunction: ops\n"
        "scenario: changement-prestataire  # changement-prestataire | reprise-interne | incident\n"
        "participants: [ops]  # people ids, both sides\n"
        "result: partiel  # reussi | partiel | echoue\n"
        "gaps: []  # what was missing, one sentence each\n"
        "follow_up: []  # ids of the documents to correct\n---\n\n"
        "# Exercice de réversibilité : Opérations, changement de prestataire\n"
    )
    assert invoke("check", "--no-history", "--root", str(root), DAY, "--strict").exit_code == 0


def test_new_drill_takes_its_day_and_scenario(binder):
    root = binder({"procedures/a.md": doc()})
    invoke(
        "new", "drill", "--function", "ops", "--date", "2026-02-10", "--scenario", "incident",
        "--root", str(root), DAY,
    )  # fmt: skip
    text = (root / "pilotage/exercices/2026-02-10-ops.md").read_text(encoding="utf-8")
    assert "date: 2026-02-10\n" in text and "scenario: incident  #" in text


def test_new_drill_refuses_a_day_after_today(binder):
    root = binder({"procedures/a.md": doc()})
    result = invoke(
        "new", "drill", "--function", "ops", "--date", "2026-03-02", "--root", str(root), DAY
    )
    assert (result.exit_code, result.output) == (
        2,
        "error: --date 2026-03-02 is after today (2026-03-01): a drill is recorded once it has "
        "taken place. Pass the day it took place.\n",
    )


def test_new_drill_never_overwrites(binder):
    root = binder({"procedures/a.md": doc(), "pilotage/exercices/2026-03-01-ops.md": "mine\n"})
    result = invoke("new", "drill", "--function", "ops", "--root", str(root), DAY)
    assert (result.exit_code, result.output) == (
        2,
        "error: pilotage/exercices/2026-03-01-ops.md already exists; a drill of another day "
        "needs another --date. Nothing was written.\n",
    )
    assert (root / "pilotage/exercices/2026-03-01-ops.md").read_text(encoding="utf-8") == "mine\n"


def test_new_with_an_unknown_type_lists_the_types(binder):
    root = binder({"procedures/a.md": doc()})
    result = invoke("new", "memo", "--function", "ops", "--root", str(root))
    assert (result.exit_code, result.output) == (
        2,
        'error: "memo" is not something `new` writes. Choose procedure, runbook, handover, '
        "drill. Run `classeur new --help`.\n",
    )
