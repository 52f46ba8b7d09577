"""pr-check on measurements and targets: the provider adds a month's values, never
changes one already transmitted, and never touches the contract's targets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.gate.prcheck import pr_check
from tests.conftest import POLICY, make_binder
from tests.gitrepo import commit, git

PROVIDER = "vendor@example.fr"
OWNER = "ops@example.fr"
TODAY = date(2026, 3, 16)
INDICATORS = """\
indicators:
  - id: OPS-DELAI
    function: ops
    label: Délai de traitement
    unit: jours ouvrés
    direction: lower
    kind: delai
    target: 2
    warning: 3
    reported_by: provider
    access: [staff, provider]
  - id: OPS-ARBITRAGES
    function: ops
    label: Demandes d'arbitrage
    unit: nombre
    direction: lower
    kind: bruit
    target: 4
    reported_by: company
    access: [secret]
"""
HEADER = "periode;indicateur;valeur;echantillon;commentaire;transmis_le\n"
JANUARY = HEADER + "2026-01;OPS-DELAI;2,5;;;2026-02-06\n2026-01;OPS-ARBITRAGES;3;;;2026-02-09\n"
FEBRUARY = HEADER + "2026-02;OPS-DELAI;1,8;;;2026-03-05\n"
# Bernard Boss is on the company side but owns no function: he commits as boss@example.fr.
PEOPLE = POLICY["access_policies/people.yml"].replace(
    "    name: Bernard Boss\n    organisation: company\n",
    "    name: Bernard Boss\n    organisation: company\n    emails: [boss@example.fr]\n",
)
BASE = {
    **POLICY,
    "access_policies/people.yml": PEOPLE,
    "access_policies/indicators.yml": INDICATORS,
    "pilotage/mesures/2026-01.csv": JANUARY,
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    commit(root, BASE, "base", day="2026-02-10")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def rendered(root: Path) -> list[str]:
    return [
        f"{f.severity.label}: {f.render()}" for f in pr_check(root, "main", today=TODAY).findings
    ]


def test_provider_submits_a_new_period_without_finding(repo):
    commit(
        repo,
        {"pilotage/mesures/2026-02.csv": FEBRUARY},
        "février",
        day="2026-03-05",
        email=PROVIDER,
    )
    report = pr_check(repo, "main", today=TODAY)
    assert (report.findings, report.others) == ([], [])
    assert [(m.path, m.status, m.new_values) for m in report.measurements] == [
        ("pilotage/mesures/2026-02.csv", "A", [("OPS-DELAI", "2026-02")])
    ]


def test_provider_correcting_a_transmitted_value_needs_the_company(repo):
    corrected = JANUARY.replace("OPS-DELAI;2,5;", "OPS-DELAI;3,1;")
    commit(
        repo,
        {"pilotage/mesures/2026-01.csv": corrected},
        "corrige",
        day="2026-03-02",
        email=PROVIDER,
    )
    assert rendered(repo) == [
        "error: pilotage/mesures/2026-01.csv:2: measurement-corrected: correction d'une mesure "
        "déjà transmise: OPS-DELAI, 2026-01, « 2,5 » → « 3,1 ». A value transmitted for a past "
        "period changes only with the company's approval: the owner of ops (ops) must make or "
        "approve this change, and say why in the row's `commentaire`."
    ]


def test_company_correcting_a_transmitted_value_is_shown_not_blocked(repo):
    corrected = JANUARY.replace("OPS-DELAI;2,5;", "OPS-DELAI;3,1;")
    commit(
        repo, {"pilotage/mesures/2026-01.csv": corrected}, "recalcul", day="2026-03-02", email=OWNER
    )
    [finding] = pr_check(repo, "main", today=TODAY).findings
    assert (finding.code, finding.severity.label) == ("measurement-corrected", "notice")


def test_company_correction_by_someone_who_does_not_own_the_function_is_an_error(repo):
    corrected = JANUARY.replace("OPS-DELAI;2,5;", "OPS-DELAI;3,1;")
    commit(
        repo,
        {"pilotage/mesures/2026-01.csv": corrected},
        "recalcul",
        day="2026-03-02",
        email="boss@example.fr",
    )
    [finding] = pr_check(repo, "main", today=TODAY).findings
    assert (finding.code, finding.severity.label) == ("measurement-corrected", "error")


def test_removing_a_transmitted_value_is_a_correction(repo):
    removed = HEADER + "2026-01;OPS-ARBITRAGES;3;;;2026-02-09\n"
    commit(
        repo, {"pilotage/mesures/2026-01.csv": removed}, "retire", day="2026-03-02", email=PROVIDER
    )
    assert rendered(repo) == [
        "error: pilotage/mesures/2026-01.csv: measurement-corrected: correction d'une mesure "
        "déjà transmise: OPS-DELAI, 2026-01, « 2,5 » → no value (its row is removed or no "
        "longer valid). A value transmitted for a past period stays unless the owner of ops "
        "(ops) makes or approves this change."
    ]


def test_deleting_a_measurement_file_corrects_each_of_its_values(repo):
    commit(
        repo, {"pilotage/mesures/2026-01.csv": None}, "supprime", day="2026-03-02", email=PROVIDER
    )
    report = pr_check(repo, "main", today=TODAY)
    assert [(f.code, f.message.split(",")[0:2]) for f in report.findings] == [
        (
            "measurement-corrected",
            ["correction d'une mesure déjà transmise: OPS-ARBITRAGES", " 2026-01"],
        ),
        (
            "measurement-corrected",
            ["correction d'une mesure déjà transmise: OPS-DELAI", " 2026-01"],
        ),
    ]
    assert [(m.path, m.status) for m in report.measurements] == [
        ("pilotage/mesures/2026-01.csv", "D")
    ]


def test_the_same_value_written_another_way_is_no_correction(repo):
    rewritten = JANUARY.replace("OPS-DELAI;2,5;", "OPS-DELAI;2.50;").replace(
        ";;;2026-02-09", ";;RAS;2026-02-09"
    )
    commit(
        repo,
        {"pilotage/mesures/2026-01.csv": rewritten},
        "format",
        day="2026-03-02",
        email=PROVIDER,
    )
    assert rendered(repo) == []


def test_a_value_moved_to_another_file_unchanged_is_no_correction(repo):
    moved = {
        "pilotage/mesures/2026-01.csv": HEADER + "2026-01;OPS-ARBITRAGES;3;;;2026-02-09\n",
        "pilotage/mesures/2026-02.csv": FEBRUARY + "2026-01;OPS-DELAI;2,5;;;2026-02-06\n",
    }
    commit(repo, moved, "regroupe", day="2026-03-05", email=PROVIDER)
    assert rendered(repo) == []


def test_a_value_given_again_in_another_file_is_a_correction(repo):
    again = FEBRUARY + "2026-01;OPS-DELAI;2;;;2026-02-06\n"
    commit(
        repo, {"pilotage/mesures/2026-02.csv": again}, "encore", day="2026-03-05", email=PROVIDER
    )
    assert [(f.path, f.line, f.code) for f in pr_check(repo, "main", today=TODAY).findings] == [
        ("pilotage/mesures/2026-02.csv", 3, "measurement-corrected")
    ]


def test_changing_the_day_a_value_was_transmitted_needs_the_company(repo):
    redated = JANUARY.replace("2,5;;;2026-02-06", "2,5;;;2026-02-02")
    commit(
        repo, {"pilotage/mesures/2026-01.csv": redated}, "date", day="2026-03-02", email=PROVIDER
    )
    assert rendered(repo) == [
        "error: pilotage/mesures/2026-01.csv:2: transmission-date-changed: OPS-DELAI, 2026-01: "
        "transmis_le 2026-02-06 → 2026-02-02 on a value already transmitted. That day says "
        "whether the value came on time: the owner of ops (ops) must make or approve this change."
    ]


def test_a_changed_file_is_judged_by_the_measurements_reader(repo):
    bad = HEADER + "2026-02;OPS-DELAI;vite;;;\n2026-04;OPS-DELAI;2;;;\n"
    commit(repo, {"pilotage/mesures/2026-02.csv": bad}, "février", day="2026-03-05", email=PROVIDER)
    assert [(f.path, f.line, f.code) for f in pr_check(repo, "main", today=TODAY).findings] == [
        ("pilotage/mesures/2026-02.csv", 2, "invalid-number"),
        ("pilotage/mesures/2026-02.csv", 3, "future-period"),
    ]


def test_a_file_the_pull_request_leaves_alone_is_not_judged_again(tmp_path):
    root = make_binder(tmp_path, {})
    broken = HEADER + "2026-01;OPS-INCONNU;2;;;\n"
    commit(root, {**BASE, "pilotage/mesures/2025-12.csv": broken}, "base", day="2026-02-10")
    git(root, "checkout", "-q", "-b", "pr")
    commit(
        root,
        {"pilotage/mesures/2026-02.csv": FEBRUARY},
        "février",
        day="2026-03-05",
        email=PROVIDER,
    )
    assert pr_check(root, "main", today=TODAY).findings == []


def test_provider_submitting_a_company_indicator(repo):
    february = FEBRUARY + "2026-02;OPS-ARBITRAGES;2;;;2026-03-05\n"
    commit(
        repo,
        {"pilotage/mesures/2026-02.csv": february},
        "février",
        day="2026-03-05",
        email=PROVIDER,
    )
    assert rendered(repo) == [
        "error: pilotage/mesures/2026-02.csv:3: company-indicator-submitted: vendor submits "
        "OPS-ARBITRAGES for 2026-02, an indicator the company reports (reported_by: company in "
        "access_policies/indicators.yml). Have an internal owner make this change."
    ]


def test_company_submitting_its_own_indicator(repo):
    february = FEBRUARY + "2026-02;OPS-ARBITRAGES;2;;;2026-03-05\n"
    commit(
        repo, {"pilotage/mesures/2026-02.csv": february}, "février", day="2026-03-05", email=OWNER
    )
    assert rendered(repo) == []


@pytest.mark.parametrize(
    "path",
    [
        "pilotage/mesures/notes.txt",  # not a CSV file
        "pilotage/mesures/2026/2026-02.csv",  # not directly in the folder
        "pilotage/mesures/.2026-02.csv",  # hidden
        "pilotage/export.csv",  # outside the folder
    ],
)
def test_provider_changes_nothing_else_under_pilotage(repo, path):
    commit(repo, {path: FEBRUARY}, "ajout", day="2026-03-05", email=PROVIDER)
    assert [(f.path, f.code) for f in pr_check(repo, "main", today=TODAY).findings] == [
        (path, "protected-path-changed")
    ]


def test_provider_changing_a_target(repo):
    changed = INDICATORS.replace("target: 2\n", "target: 3\n")
    commit(
        repo, {"access_policies/indicators.yml": changed}, "cible", day="2026-03-02", email=PROVIDER
    )
    assert rendered(repo) == [
        "error: access_policies/indicators.yml: protected-path-changed: changed by vendor "
        "(provider side): a provider may only change documents (.md) and attachments (csv, "
        "docx, jpeg, jpg, ods, odt, pdf, png, svg, txt, xlsx) under procedures/; the company's "
        "builds run or trust every other file. Ask an internal owner to make this change.",
        "error: access_policies/indicators.yml:8: target-changed: OPS-DELAI: target « 2 » → "
        "« 3 ». Targets are the contract: only the company changes them, and every change must "
        "be visible in review.",
    ]


def test_company_changing_a_warning_band_is_a_notice_at_its_line(repo):
    changed = INDICATORS.replace("warning: 3\n", "warning: 3.5\n")
    commit(
        repo, {"access_policies/indicators.yml": changed}, "seuil", day="2026-03-02", email=OWNER
    )
    assert rendered(repo) == [
        "notice: access_policies/indicators.yml:9: target-changed: OPS-DELAI: warning « 3 » → "
        "« 3,5 ». Targets are the contract: only the company changes them, and every change "
        "must be visible in review."
    ]


def test_provider_adding_an_indicator(repo):
    added = (
        INDICATORS
        + INDICATORS.split("\n", 1)[1]
        .replace("OPS-DELAI", "OPS-NOUVEAU")
        .split("  - id: OPS-ARB")[0]
    )
    commit(
        repo, {"access_policies/indicators.yml": added}, "ajout", day="2026-03-02", email=PROVIDER
    )
    assert [
        (f.line, f.code, f.severity.label) for f in pr_check(repo, "main", today=TODAY).findings
    ] == [
        (0, "protected-path-changed", "error"),
        (21, "target-changed", "error"),
    ]
    [new] = [f for f in pr_check(repo, "main", today=TODAY).findings if f.code == "target-changed"]
    assert new.message.startswith("OPS-NOUVEAU: new indicator, target « 2 », warning « 3 ». ")


def test_company_removing_an_indicator(repo):
    removed = INDICATORS.split("  - id: OPS-ARBITRAGES")[0]
    commit(
        repo, {"access_policies/indicators.yml": removed}, "retire", day="2026-03-02", email=OWNER
    )
    assert rendered(repo) == [
        "notice: access_policies/indicators.yml: target-changed: OPS-ARBITRAGES: indicator "
        "removed (target « 4 »). Targets are the contract: only the company changes them, and "
        "every change must be visible in review."
    ]


def test_an_indicators_file_that_no_longer_loads_says_why(repo):
    broken = INDICATORS.replace("label: Délai de traitement", "label: Délai: de traitement")
    commit(repo, {"access_policies/indicators.yml": broken}, "casse", day="2026-03-02", email=OWNER)
    assert [(f.path, f.line, f.code) for f in pr_check(repo, "main", today=TODAY).findings] == [
        ("access_policies/indicators.yml", 4, "yaml-syntax"),
    ]


def test_other_indicator_fields_are_no_target_change(repo):
    changed = INDICATORS.replace(
        "label: Délai de traitement", "label: Délai de traitement des demandes"
    )
    commit(
        repo, {"access_policies/indicators.yml": changed}, "libellé", day="2026-03-02", email=OWNER
    )
    assert rendered(repo) == []


def test_pull_request_without_measurements_reads_none(repo, monkeypatch):
    import classeur.gate.pilotage as gate

    def refuse(*args, **kwargs):
        raise AssertionError("measurements parsed for a pull request that changes none")

    monkeypatch.setattr(gate, "parse_measurements", refuse)
    commit(repo, {"procedures/x.pdf": "%PDF\n"}, "pièce", day="2026-03-05", email=OWNER)
    assert pr_check(repo, "main", today=TODAY).findings == []


def test_text_and_json_list_the_measurement_files(repo):
    commit(
        repo,
        {"pilotage/mesures/2026-02.csv": FEBRUARY},
        "février",
        day="2026-03-05",
        email=PROVIDER,
    )
    text = CliRunner().invoke(main, ["pr-check", "main", "--root", str(repo)])
    assert (text.exit_code, text.output) == (
        0,
        "pilotage/mesures/2026-02.csv (measurements, added)\n"
        "  1 new value for 2026-02\n"
        "0 documents, 0 attachments, 1 measurement file and 0 other files changed by "
        "vendor (provider): 0 errors, 0 other findings.\n",
    )
    payload = json.loads(
        CliRunner()
        .invoke(main, ["pr-check", "main", "--root", str(repo), "--format", "json"])
        .output
    )
    assert payload["measurements"] == [
        {
            "path": "pilotage/mesures/2026-02.csv",
            "change": "added",
            "from": None,
            "new_values": [{"indicator": "OPS-DELAI", "period": "2026-02"}],
        }
    ]


def test_markdown_comment_shows_the_measurement_files_and_the_correction(repo):
    corrected = JANUARY.replace("OPS-DELAI;2,5;", "OPS-DELAI;3,1;")
    commit(
        repo,
        {"pilotage/mesures/2026-01.csv": corrected},
        "corrige",
        day="2026-03-02",
        email=PROVIDER,
    )
    result = CliRunner().invoke(
        main, ["pr-check", "main", "--root", str(repo), "--format", "markdown"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[2:] == [
        "0 documents, 0 attachments, 1 measurement file and 0 other files changed by "
        "vendor (provider): 1 error, 0 other findings.",
        "",
        "",
        "| Measurements | Change | New values |",
        "|---|---|---|",
        "| `pilotage/mesures/2026-01.csv` | changed | — |",
        "",
        "### Blocking",
        "",
        "- `pilotage/mesures/2026-01.csv`: **measurement-corrected**: correction d'une mesure "
        "déjà transmise: OPS-DELAI, 2026-01, « 2,5 » → « 3,1 ». A value transmitted for a past "
        "period changes only with the company's approval: the owner of ops (ops) must make or "
        "approve this change, and say why in the row's `commentaire`.",
    ]


def test_pr_check_judges_periods_as_on_its_today_option(repo):
    commit(
        repo,
        {"pilotage/mesures/2026-02.csv": FEBRUARY},
        "février",
        day="2026-03-05",
        email=PROVIDER,
    )
    early = ["pr-check", "main", "--root", str(repo), "--today", "2026-02-20"]
    result = CliRunner().invoke(main, early)
    assert result.exit_code == 1
    assert "pilotage/mesures/2026-02.csv:2:1: future-period:" in result.output
    on_time = CliRunner().invoke(main, [*early[:-1], "2026-03-16"])
    assert on_time.exit_code == 0
