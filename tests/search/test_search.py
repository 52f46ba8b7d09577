"""Full-text search per audience: French analysis, filters, attachments, access, updates."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.search.analysis import french_analyzer, index_folder
from classeur.search.indexing import refresh_index
from classeur.search.querying import run_query
from tests.conftest import doc

TODAY = date(2026, 3, 1)
CANARY = "canarisecretdeux"
FILES = {
    "procedures/fac/relance.md": doc(
        title="Relance d'un impayé",
        body="Relancer le client dont la facture est échue.\n\nVoir [le modèle](modele.pdf).\n",
        owners="[ops]",
        sites="[lyon]",
    ),
    "procedures/fac/facture.md": doc(
        id="OPS-002", title="Émission des factures", body="Le montant facturé apparaît.\n"
    ),
    "procedures/fac/runbook.md": doc(
        id="OPS-003",
        title="Clôture mensuelle",
        type="runbook",
        owners="[boss]",
        body="Contrôle des écritures et du prélèvement.\n",
    ),
    "procedures/fac/retard.md": doc(
        id="OPS-004",
        title="Archivage des pièces",
        last_reviewed="2024-01-01",
        body="Classer les justificatifs.\n",
    ),
    "procedures/fac/secret.md": doc(
        id="OPS-005",
        title="Plan confidentiel",
        access="[secret]",
        body=f"Le mot {CANARY} ne doit sortir nulle part.\n",
    ),
    "procedures/fac/brouillon.md": doc(id="OPS-006", title="Brouillon de relance", status="draft"),
}


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose text layer holds `text` (made by hand, no PDF writer needed)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


@pytest.fixture
def root(binder) -> Path:
    files = {
        **FILES,
        "procedures/fac/modele.pdf": pdf_with_text("Mise en demeure avant injonction de payer"),
    }
    root = binder(files)
    refresh_index(root, "staff", today=TODAY)
    return root


def ids(root: Path, text: str, audience: str = "staff") -> list[str]:
    results = run_query(index_folder(root, audience), text, today=TODAY, warning_days=30, limit=20)
    return [f"{h.kind[0]}:{h.id}" for h in results.hits]


@pytest.mark.parametrize("text", ["facturé", "factures", "Facture", "FACTURÉ"])
def test_case_accents_and_plurals_meet(root, text):
    assert set(ids(root, text)) == {"d:OPS-001", "d:OPS-002"}


def test_relances_impayees_finds_relance_d_un_impaye(root):
    assert ids(root, "relances impayées") == ["d:OPS-001"]


@pytest.mark.parametrize("text", ["prelevement", "écritures", "ecriture"])
def test_accents_optional_both_ways(root, text):
    assert ids(root, text) == ["d:OPS-003"]


def test_typo_falls_back_to_fuzzy_and_says_so(root):
    results = run_query(
        index_folder(root, "staff"), "facutre", today=TODAY, warning_days=30, limit=5
    )
    assert results.fuzzy and {h.id for h in results.hits} >= {"OPS-002"}


def test_quoted_words_are_searched_as_words(root):
    # The body keeps no word positions: a phrase must not break the search.
    results = run_query(
        index_folder(root, "staff"), '"client facture"', today=TODAY, warning_days=30, limit=5
    )
    assert [h.id for h in results.hits] == ["OPS-001"]


def test_title_weighs_more_than_the_body(binder):
    root = binder(
        {
            "procedures/a.md": doc(title="Avoir client", body="Texte.\n"),
            "procedures/b.md": doc(id="OPS-002", title="Autre", body="Un avoir est émis.\n"),
        }
    )
    refresh_index(root, "staff", today=TODAY)
    assert ids(root, "avoir") == ["d:OPS-001", "d:OPS-002"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("type:runbook", ["d:OPS-003"]),
        ("function:ops owner:boss", ["d:OPS-003"]),
        ("site:lyon", ["a:OPS-001", "d:OPS-001"]),  # an attachment goes with its document
        ("status:active review:overdue", ["d:OPS-004"]),
        ("contrôle type:procedure", []),
    ],
)
def test_field_filters(root, text, expected):
    assert sorted(ids(root, text)) == expected


def test_attachment_text_is_a_hit_of_its_own(root):
    results = run_query(
        index_folder(root, "staff"), "injonction", today=TODAY, warning_days=30, limit=5
    )
    [hit] = results.hits
    assert (hit.kind, hit.path, hit.linked_from) == (
        "attachment",
        "procedures/fac/modele.pdf",
        ("OPS-001",),
    )


def test_restricted_document_is_neither_found_nor_stored(root):
    assert ids(root, CANARY) == []
    stored = b"".join(p.read_bytes() for p in index_folder(root, "staff").iterdir())
    # Stored text is compressed; the terms are not: look for the word as indexed too.
    indexed = [token.text.encode() for token in french_analyzer()(CANARY)]
    assert [w for w in [CANARY.encode(), *indexed] if w in stored] == []
    refresh_index(root, "management", today=TODAY)
    assert ids(root, CANARY, "management") == ["d:OPS-005"]


def test_drafts_are_not_indexed(root):
    assert "d:OPS-006" not in ids(root, "brouillon")


def test_only_changed_documents_are_read_again(root):
    path = root / "procedures/fac/facture.md"
    path.write_text(
        doc(id="OPS-002", title="Émission des factures", body="Nouveau mot : ristourne.\n"),
        encoding="utf-8",
    )
    os.utime(path, ns=(10**18, 10**18))  # a distinct stamp even on a coarse clock
    done = refresh_index(root, "staff", today=TODAY)
    assert (done.rebuilt, done.updated, done.removed) == (False, 1, 0)
    assert ids(root, "ristourne") == ["d:OPS-002"]
    (root / "procedures/fac/facture.md").unlink()
    done = refresh_index(root, "staff", today=TODAY)
    assert (done.updated, done.removed) == (0, 1)
    assert ids(root, "ristourne") == []


def test_policy_change_rebuilds_the_index(root):
    audiences = root / "access_policies/audiences.yml"
    audiences.write_text(
        audiences.read_text(encoding="utf-8").replace("reads: [staff]", "reads: [staff, secret]"),
        encoding="utf-8",
    )
    done = refresh_index(root, "staff", today=TODAY)
    assert done.rebuilt
    assert ids(root, CANARY) == ["d:OPS-005"]


def test_cli_json_and_text(root):
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "search",
            "relances",
            "impayées",
            "--audience",
            "staff",
            "--root",
            str(root),
            "--today",
            "2026-03-01",
            "--format",
            "json",
        ],
    )
    payload = json.loads(result.output)
    assert (result.exit_code, payload["fuzzy"], payload["total"]) == (0, False, 1)
    assert (
        payload["results"][0]["id"] == "OPS-001" and payload["results"][0]["review_state"] == "ok"
    )
    text = runner.invoke(
        main,
        ["search", "facutre", "--audience", "staff", "--root", str(root), "--today", "2026-03-01"],
    )
    assert text.output.startswith(
        'No exact match for "facutre"; approximate matches (typos tolerated):\n'
    )


def test_cli_needs_an_audience_when_there_are_several(root):
    result = CliRunner().invoke(main, ["search", "relance", "--root", str(root)])
    assert (result.exit_code, result.output) == (
        2,
        "error: name the audience to search as: --audience staff|provider|management.\n",
    )


def test_no_fuzzy_guess_when_only_the_filters_exclude_everything(root):
    results = run_query(
        index_folder(root, "staff"), "facture type:handover", today=TODAY, warning_days=30, limit=5
    )
    assert (results.hits, results.fuzzy) == ((), False)
