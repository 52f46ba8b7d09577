"""`classeur report`: the steering pack from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from classeur.cli.main import main
from tests.conftest import POLICY, doc
from tests.gitrepo import commit

NBSP = "\u00a0"
INDICATORS = """\
indicators:
  - {id: OPS-DELAI, function: ops, label: délai de traitement, unit: heures,
     direction: lower, kind: delai, target: 24, warning: 36, reported_by: provider,
     access: [staff, provider]}
  - {id: OPS-SECRET, function: ops, label: arbitrages de direction, unit: nombre,
     direction: lower, kind: bruit, target: 4, reported_by: company, access: [secret]}
"""
HEADER = "periode;indicateur;valeur;echantillon;commentaire;transmis_le\n"
DAY = "--today=2026-03-16"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def root(tmp_path) -> Path:
    """A binder in Git: the policy in December, January's measurements on time, February's late."""
    files = {
        **POLICY,
        "access_policies/indicators.yml": INDICATORS,
        "procedures/a.md": doc(title="Traiter les demandes", sla="[OPS-DELAI]"),
    }
    commit(tmp_path, files, "Classeur", day="2025-12-01")
    january = HEADER + "2026-01;OPS-DELAI;20;40;;\n2026-01;OPS-SECRET;2;;;\n"
    commit(tmp_path, {"pilotage/mesures/2026-01.csv": january}, "Janvier", day="2026-02-05")
    february = HEADER + "2026-02;OPS-DELAI;30,5;12;;\n"
    commit(tmp_path, {"pilotage/mesures/2026-02.csv": february}, "Février", day="2026-03-12")
    return tmp_path


def test_the_text_pack_of_the_last_complete_month(root):
    result = invoke("report", "--root", str(root), DAY)
    assert (result.exit_code, result.output) == (
        0,
        "Comité de pilotage — février 2026\n"
        "Établi le 16 mars 2026.\n"
        "En février 2026 : 2 indicateurs — 0 respecté, 1 à surveiller, 0 non respecté, "
        "1 non transmis ; aucun signal faible.\n"
        "Attention : L'historique Git commence le 1er décembre 2025 : la dette de revue n'est "
        "reconstituée qu'à partir de décembre 2025.\n"
        "\n"
        "Opérations\n"
        "----------\n"
        "  OPS-DELAI — délai de traitement\n"
        f"    cible ≤{NBSP}24{NBSP}h (déclaré par le prestataire) · février 2026 : "
        f"30,5{NBSP}h · ⚠ à surveiller\n"
        "    mars 2025 → févr. 2026 : — · — · — · — · — · — · — · — · — · — · 20 · "
        f"30,5{NBSP}⚠\n"
        "  OPS-SECRET — arbitrages de direction\n"
        f"    cible ≤{NBSP}4 (déclaré par l'entreprise) · février 2026 : — · ? non transmis\n"
        "    mars 2025 → févr. 2026 : — · — · — · — · — · — · — · — · — · — · 2 · —\n"
        "  Non respectés ce mois : aucun.\n"
        "  Signaux faibles : aucun.\n"
        "  Documents modifiés en février 2026 : aucun.\n"
        "\n"
        "Dette de revue\n"
        "--------------\n"
        "  Documents en retard de revue en fin de mois : déc. 2025 0 · janv. 2026 0 · "
        "févr. 2026 0.\n"
        "  Par responsable, fin février 2026 : aucun.\n",
    )


def test_month_names_the_period(root):
    result = invoke("report", "--root", str(root), DAY, "--month", "2026-01", "--format", "json")
    payload = json.loads(result.output)
    assert (
        result.exit_code,
        payload["month"],
        payload["functions"][0]["indicators"][0]["value"],
    ) == (
        0,
        "2026-01",
        20,
    )


def test_an_audience_reads_only_its_indicators(root):
    result = invoke(
        "report", "--root", str(root), DAY, "--audience", "provider", "--format", "json"
    )
    payload = json.loads(result.output)
    assert [i["id"] for f in payload["functions"] for i in f["indicators"]] == ["OPS-DELAI"]
    assert (payload["audience"], payload["audience_name"]) == ("provider", "Prestataire")


def test_output_writes_the_file_and_says_so(root, tmp_path):
    target = tmp_path / "out" / "comite.md"
    result = invoke(
        "report", "--root", str(root), DAY, "--format", "markdown", "--output", str(target)
    )
    assert (result.exit_code, result.output) == (
        0,
        f"Wrote the steering pack of 2026-02 (markdown) to {target}.\n",
    )
    assert target.read_text(encoding="utf-8").startswith("# Comité de pilotage — février 2026\n")


def test_the_pdf_is_an_a4_pack_naming_the_month(root, tmp_path):
    target = tmp_path / "comite.pdf"
    result = invoke("report", "--root", str(root), DAY, "--format", "pdf", "--output", str(target))
    assert result.exit_code == 0
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    first = reader.pages[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == (595, 842)
    assert "Comité de pilotage — février 2026" in first.extract_text()


def test_a_pdf_needs_an_output_file(root):
    result = CliRunner().invoke(main, ["report", "--root", str(root), DAY, "--format", "pdf"])
    assert (result.exit_code, result.output) == (
        2,
        "error: --format pdf writes a file: add --output FILE, e.g. --output comite-2026-02.pdf.\n",
    )


def test_a_month_not_over_is_refused(root):
    result = CliRunner().invoke(main, ["report", "--root", str(root), DAY, "--month", "2026-03"])
    assert (result.exit_code, result.output) == (
        2,
        "error: 2026-03 is not over on 2026-03-16: a steering pack covers a complete month. "
        "Name an earlier one, e.g. --month 2026-02.\n",
    )


def test_a_month_must_be_written_yyyy_mm(root):
    result = CliRunner().invoke(main, ["report", "--root", str(root), DAY, "--month", "02/2026"])
    assert (result.exit_code, result.output) == (
        2,
        "error: invalid value for '--month': \"02/2026\" is not a month; write it as YYYY-MM, "
        "e.g. 2026-10. Run `classeur report --help`.\n",
    )


def test_an_unknown_audience_is_refused(root):
    result = CliRunner().invoke(main, ["report", "--root", str(root), DAY, "--audience", "board"])
    assert (result.exit_code, result.output) == (
        2,
        'error: unknown audience "board". Audiences: management, provider, staff '
        "(access_policies/).\n",
    )


def test_a_binder_without_indicators_has_no_pack(binder):
    root = binder({"procedures/a.md": doc()})
    result = CliRunner().invoke(main, ["report", "--root", str(root), DAY])
    assert (result.exit_code, result.output) == (
        2,
        "error: no indicator is declared: access_policies/indicators.yml is missing or empty. "
        "Declare the contract's indicators there (README: Pilotage), then run again.\n",
    )


def test_errors_in_the_measurements_stop_the_pack(root, tmp_path):
    (root / "pilotage/mesures/2026-02.csv").write_text(
        HEADER + "2026-02;OPS-INCONNU;3;;;\n", encoding="utf-8"
    )
    target = tmp_path / "comite.txt"
    result = CliRunner().invoke(main, ["report", "--root", str(root), DAY, "--output", str(target)])
    assert result.exit_code == 1
    assert result.output.startswith("pilotage/mesures/2026-02.csv:2:")
    assert result.output.endswith(
        "No steering pack was written: its figures would be wrong. Fix these errors, then run "
        "again (`classeur check` lists them all).\n"
    )
    assert not target.exists()


def test_help_teaches_with_examples():
    result = invoke("report", "--help")
    assert "classeur report --month 2026-10 --format pdf --output comite-2026-10.pdf" in (
        result.output
    )


REPO = Path(__file__).resolve().parent.parent.parent
SAMPLE_DAY = "--today=2026-11-16"


def sample_json(*args: str) -> dict[str, Any]:
    result = invoke("report", "--root", str(REPO), SAMPLE_DAY, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_sample_provider_pack_holds_no_management_only_indicator():
    payload = sample_json("--month", "2026-10", "--audience", "provider")
    ids = [i["id"] for f in payload["functions"] for i in f["indicators"]]
    assert "PIL-ARBITRAGES" not in ids
    assert "pilotage-prestation" not in [f["function"] for f in payload["functions"]]
    assert len(ids) == 11


def test_sample_pack_breaches_and_signals_of_october():
    payload = sample_json("--month", "2026-10")
    breaches = sorted(b for f in payload["functions"] for b in f["breaches"])
    signals = sorted(
        (s["rule"], f["function"], s["indicator"])
        for f in payload["functions"]
        for s in f["signals"]
    )
    assert breaches == ["IT-DELAI", "IT-SATISF", "PAI-CORRECTIONS"]
    assert signals == [
        ("bruit-en-hausse", "achats-fournisseurs", "ACH-CLARIF"),
        ("degradation-continue", "paie", "PAI-CORRECTIONS"),
        ("non-respect-repete", "tickets-it", "IT-DELAI"),
        ("reporting-peu-fiable", "relances-clients", None),
        ("satisfaction-en-baisse", "tickets-it", "IT-SATISF"),
    ]


def test_sample_pdf_pack_of_october(tmp_path):
    target = tmp_path / "comite-2026-10.pdf"
    result = invoke(
        "report", "--root", str(REPO), SAMPLE_DAY, "--month", "2026-10", "--format", "pdf",
        "--output", str(target),
    )  # fmt: skip
    assert result.exit_code == 0
    text = PdfReader(io.BytesIO(target.read_bytes())).pages[0].extract_text()
    assert "Comité de pilotage — octobre 2026" in text
