"""Reading drill records: the header's schema, each problem at its line."""

from __future__ import annotations

from datetime import date

import pytest

from classeur.model.drills import Drill, DrillResult, Scenario, load_drills, parse_drill
from tests.continuity.readiness_binder import DRILL

WHERE = "pilotage/exercices/2026-02-01-ops.md"


def test_a_valid_record_is_read():
    drill, findings = parse_drill(WHERE, DRILL.encode())
    assert findings == []
    assert drill == Drill(
        path=WHERE,
        day=date(2026, 2, 1),
        function="ops",
        scenario=Scenario.INTERNAL_TAKEOVER,
        participants=("ops", "vendor"),
        result=DrillResult.SUCCEEDED,
        gaps=(),
        follow_up=("OPS-001",),
        lines={},
    )


def test_item_lines_are_kept_for_messages():
    drill, _ = parse_drill(WHERE, DRILL.replace("[ops, vendor]", "\n  - ops\n  - vendor").encode())
    assert drill is not None and drill.line_of("participants", 1) == 7


@pytest.mark.parametrize(
    ("old", "new", "rendered"),
    [
        (
            "scenario: reprise-interne",
            "scenario: exercice",
            f'{WHERE}:4: invalid-value: "scenario" is "exercice"; it must be one of '
            "'changement-prestataire', 'reprise-interne' or 'incident'.",
        ),
        (
            "result: reussi\n",
            "",
            f'{WHERE}:1: missing-field: no "result" in frontmatter. For example `result: partiel`.',
        ),
        (
            "date: 2026-02-01",
            "date: 1er février",
            f"{WHERE}:2: invalid-date: \"date\": '1er février' is not a date; write it as "
            "YYYY-MM-DD.",
        ),
        (
            "participants: [ops, vendor]",
            "participants: []",
            f'{WHERE}:5: missing-participants: "participants": nobody is named. List the people '
            "ids of those who took part, on both sides.",
        ),
        (
            "gaps: []",
            "gap: []",
            f'{WHERE}:7: unknown-field: unknown frontmatter field "gap". Did you mean "gaps"? '
            "Known: date, function, scenario, participants, result, gaps, follow_up.",
        ),
    ],
    ids=["scenario", "missing result", "date", "no participant", "misspelt field"],
)
def test_header_problems_are_findings_at_their_line(old, new, rendered):
    drill, findings = parse_drill(WHERE, DRILL.replace(old, new).encode())
    assert (drill, [f.render() for f in findings]) == (None, [rendered])


def test_a_file_without_header_says_how_to_start_one():
    _, findings = parse_drill(WHERE, b"# Exercice\n")
    assert [f.render() for f in findings] == [
        f"{WHERE}:1: missing-frontmatter: the file does not start with a `---` line, so it has "
        "no header. Add the drill's YAML header between two `---` lines, or start from "
        "`classeur new drill`."
    ]


def test_yaml_errors_keep_the_file_line():
    _, findings = parse_drill(WHERE, DRILL.replace("function: ops", "function: [ops").encode())
    assert [(f.line, f.code) for f in findings] == [(4, "yaml-syntax")]


def test_load_reads_every_record_under_pilotage_exercices(tmp_path):
    folder = tmp_path / "pilotage/exercices"
    folder.mkdir(parents=True)
    (folder / "2026-02-01-ops.md").write_text(DRILL, encoding="utf-8")
    (folder / "2026-02-02-ops.md").write_text("---\n", encoding="utf-8")
    drills, findings = load_drills(tmp_path)
    assert ([d.path for d in drills], [(f.path, f.code) for f in findings]) == (
        [WHERE],
        [("pilotage/exercices/2026-02-02-ops.md", "unclosed-frontmatter")],
    )


def test_no_folder_means_no_drill(tmp_path):
    assert load_drills(tmp_path) == ((), [])
