"""The findings of the model, rules and binder layers, and the check report's summary,
read in French under a French locale and in English otherwise (issue #16)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.binder.output import render_text, summary_line
from classeur.common import i18n
from classeur.model.findings import Finding, Severity
from tests.conftest import POLICY, TODAY, doc, make_binder

REPOSITORY = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"  # French puts a non-breaking space before « : » and inside « »


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """One error (an unknown function), one warning (a review due soon), one notice (a
    declared source that is not checked out)."""
    sources = POLICY["access_policies/sources.yml"] + (
        "  - id: interne\n    path: ../interne\n    kind: sibling\n    readers: [company]\n"
    )
    return make_binder(
        tmp_path / "binder",
        {
            "access_policies/sources.yml": sources,
            "procedures/a.md": doc(function="nope"),
            "procedures/b.md": doc(id="OPS-002", last_reviewed="2025-03-20"),
        },
    )


def test_a_check_report_reads_in_french(french, sample: Path):
    text = render_text(check(sample, today=TODAY))
    assert text.replace(NBSP, "~") == (
        "Erreurs (1)~:\n"
        "  procedures/a.md:5: unknown-function: «~nope~» n'est pas déclaré. Connus~: ops "
        "(access_policies/functions.yml).\n"
        "\n"
        "Avertissements (1)~:\n"
        "  procedures/b.md:9: due-soon: prochaine revue le 2026-03-20 (dans 19 jours). "
        "Planifiez-la avec ses responsables (ops), puis lancez `classeur review`.\n"
        "\n"
        "Remarques (1)~:\n"
        "  access_policies/sources.yml:7: source-missing: la source «~interne~» (../interne) "
        "est absente~: ses documents n'ont pas été vérifiés~; clonez son dépôt dans "
        "../interne si vous avez le droit de le lire.\n"
        "\n"
        "2 documents vérifiés (par public~: staff 2, provider 2, management 2) au 2026-03-01~: "
        "1 erreur, 1 avertissement, 1 remarque.\n"
    )


def test_the_same_report_reads_in_english_by_default(sample: Path):
    lines = render_text(check(sample, today=TODAY)).splitlines()
    assert lines[-1] == (
        "Checked 2 documents (readable by staff 2, provider 2, management 2) on 2026-03-01: "
        "1 error, 1 warning, 1 notice."
    )


def _findings(count: int) -> tuple[Finding, ...]:
    """`count` findings of each severity."""
    return tuple(
        Finding(f"procedures/{severity.label}-{n}.md", 1, "x", "m", severity)
        for severity in Severity
        for n in range(count)
    )


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (0, "0 erreur, 0 avertissement, 0 remarque"),
        (1, "1 erreur, 1 avertissement, 1 remarque"),
        (2, "2 erreurs, 2 avertissements, 2 remarques"),
    ],
)
def test_the_french_summary_puts_counted_words_in_the_plural_from_two(
    french, sample: Path, count: int, words: str
):
    report = dataclasses.replace(check(sample, today=TODAY), findings=_findings(count))
    line = summary_line(dataclasses.replace(report, files_read=count))
    documents = f"{count} document vérifié" if count < 2 else f"{count} documents vérifiés"
    assert line.replace(NBSP, " ") == (
        f"{documents} (par public : staff 2, provider 2, management 2) au 2026-03-01 : {words}."
    )


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (
            0,
            "0 documents (readable by staff 2, provider 2, management 2) on 2026-03-01: "
            "0 errors, 0 warnings, 0 notices.",
        ),
        (
            1,
            "1 document (readable by staff 2, provider 2, management 2) on 2026-03-01: "
            "1 error, 1 warning, 1 notice.",
        ),
        (
            2,
            "2 documents (readable by staff 2, provider 2, management 2) on 2026-03-01: "
            "2 errors, 2 warnings, 2 notices.",
        ),
    ],
)
def test_the_english_summary_puts_counted_words_in_the_plural_except_for_one(
    sample: Path, count: int, words: str
):
    report = dataclasses.replace(check(sample, today=TODAY), findings=_findings(count))
    assert summary_line(dataclasses.replace(report, files_read=count)) == f"Checked {words}"


@pytest.mark.parametrize(
    ("last_reviewed", "english", "french"),
    [
        (
            "2025-03-02",
            "next review on 2026-03-02 (in 1 day)",
            "prochaine revue le 2026-03-02 (dans 1 jour)",
        ),
        (
            "2025-03-03",
            "next review on 2026-03-03 (in 2 days)",
            "prochaine revue le 2026-03-03 (dans 2 jours)",
        ),
    ],
)
def test_a_review_due_in_one_day_says_day_in_both_languages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, last_reviewed: str, english: str, french: str
):
    root = make_binder(tmp_path / "b", {"procedures/a.md": doc(last_reviewed=last_reviewed)})
    in_english = [f.message for f in check(root, today=TODAY).findings]
    monkeypatch.setenv("LANGUAGE", "fr")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.reset()
    try:
        in_french = [f.message for f in check(root, today=TODAY).findings]
    finally:
        monkeypatch.setenv("LANGUAGE", "en")
        i18n.reset()
    assert (in_english, in_french) == (
        [f"{english}. Plan it with its owners (ops), then run `classeur review`."],
        [f"{french}. Planifiez-la avec ses responsables (ops), puis lancez `classeur review`."],
    )


def test_a_message_quoting_user_data_keeps_it_as_written(french, tmp_path: Path):
    root = make_binder(tmp_path / "b", {"procedures/a.md": doc(related="[OPS-404]")})
    assert [f.render().replace(NBSP, " ") for f in check(root, today=TODAY).findings] == [
        "procedures/a.md:11: unknown-related: « OPS-404 » dans `related` n'est l'identifiant "
        "d'aucun document. Corrigez l'identifiant ou retirez-le."
    ]


def _run_check(language: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    entry = "from classeur.cli.main import main; main(prog_name='classeur')"
    environment = {**os.environ, "LANGUAGE": language, "XDG_CACHE_HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-c", entry, "check", "--today", "2026-11-16"],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_check_on_the_sample_speaks_french_and_exits_as_in_english(tmp_path: Path):
    english, french = _run_check("en", tmp_path), _run_check("fr", tmp_path)
    english_lines, french_lines = english.stdout.splitlines(), french.stdout.splitlines()
    # Same findings at the same places with the same codes: only the words change.
    assert [line.split(": ", 2)[:2] for line in french_lines[:-1] if line.startswith("  ")] == [
        line.split(": ", 2)[:2] for line in english_lines[:-1] if line.startswith("  ")
    ]
    counts = english_lines[-1].split("Checked ")[1].split(" ")[0]
    assert (french.returncode, french.stderr, french_lines[-1].split(" ")[:3]) == (
        english.returncode,
        english.stderr,
        [counts, "documents", "vérifiés"],
    )
    assert french_lines[-1].endswith(".") and " au 2026-11-16" + NBSP + ": " in french_lines[-1]
    assert english_lines[-1].startswith(f"Checked {counts} documents (readable by ")
