"""The « Réversibilité » page and the plans' readiness row: on management's site only."""

from __future__ import annotations

from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.continuity.readiness import readiness_of
from classeur.publish.continuity_pages import REVERSIBILITY, reversibility_page
from classeur.publish.manifest import build_manifest
from classeur.publish.pages import generated_page_paths
from classeur.publish.regions import Markers
from classeur.publish.staging import Staged, stage
from tests.conftest import POLICY, TODAY, doc
from tests.continuity.readiness_binder import ready_files

REPO = Path(__file__).resolve().parent.parent.parent
# The conftest policy, plus the `management` tag that management reads (and a document
# carrying it): readiness is for company audiences that read management content.
AUDIENCES = (
    POLICY["access_policies/audiences.yml"]
    .replace(
        "  - id: secret\n",
        "  - id: management\n    description: Direction.\n  - id: secret\n",
    )
    .replace("reads: [staff, provider, secret]", "reads: [staff, provider, secret, management]")
)
PLAN_ROW = (
    "<tr><th>Réversibilité de la fonction</th><td>"
    '<span class="classeur-badge classeur-badge--ok">✓ prête</span> 89/100 · '
    '<a href="../../reversibilite.md">détail par critère</a></td></tr>'
)


@pytest.fixture
def root(binder) -> Path:
    files = ready_files()
    del files["pilotage/exercices/2026-02-01-ops.md"]
    return binder(
        {
            **files,
            "access_policies/audiences.yml": AUDIENCES,
            "procedures/direction.md": doc(id="OPS-010", access="[management]"),
            "mkdocs.yml": (REPO / "mkdocs.yml").read_text(encoding="utf-8"),
        }
    )


def staged(root: Path, audience: str, target: Path) -> Staged:
    report = check(root, today=TODAY, keep_bodies=True)
    return stage(
        root, report, audience, include_drafts=False, target=target, markers=Markers("n0nce")
    )


def test_management_has_the_page_one_row_per_outsourced_function(root, tmp_path):
    site = staged(root, "management", tmp_path / "stage")
    page = (site.docs_dir / REVERSIBILITY).read_text(encoding="utf-8")
    assert (
        "<tr><th>Opérations</th><td>89/100</td>"
        '<td><span class="classeur-badge classeur-badge--ok">✓ prête</span></td>'
        '<td><a href="procedures/ops/plan.md">OPS-003</a></td>'
        "<td><ul><li><strong>Exercice de réversibilité récent</strong> : Aucun exercice de "
        "réversibilité enregistré. Organisez un exercice (changement de prestataire, reprise "
        "interne ou incident) et consignez-le avec <code>classeur new drill --function ops"
        "</code>.</li></ul></td><td>aucun</td></tr>\n"
    ) in page


def test_management_menu_lists_the_page(root, tmp_path):
    site = staged(root, "management", tmp_path / "stage")
    assert {"Réversibilité": REVERSIBILITY} in site.nav


def test_a_plan_panel_on_management_shows_its_function_readiness(root, tmp_path):
    site = staged(root, "management", tmp_path / "stage")
    assert PLAN_ROW in (site.docs_dir / "procedures/ops/plan.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("audience", ["staff", "provider"])
def test_other_audiences_have_neither_page_nor_panel_row(root, tmp_path, audience):
    site = staged(root, audience, tmp_path / "stage")
    plan = (site.docs_dir / "procedures/ops/plan.md").read_text(encoding="utf-8")
    assert (
        (site.docs_dir / REVERSIBILITY).exists(),
        {"Réversibilité": REVERSIBILITY} in site.nav,
        "Réversibilité de la fonction" in plan,
    ) == (False, False, False)


@pytest.mark.parametrize(("audience", "listed"), [("management", True), ("staff", False)])
def test_the_audit_expects_the_page_where_it_is_built(root, audience, listed):
    report = check(root, today=TODAY)
    manifest = build_manifest(report, audience, include_drafts=False, files=report.files)
    assert (REVERSIBILITY in generated_page_paths(manifest)) is listed


def test_documents_the_audience_may_not_read_are_counted_not_named(root):
    stale = doc(last_reviewed="2025-01-10")
    (root / "procedures/ops/a.md").write_text(stale, encoding="utf-8")
    report = check(root, today=TODAY, keep_bodies=True)
    manifest = build_manifest(report, "management", include_drafts=False, files=report.files)
    page = reversibility_page(readiness_of(root, report), manifest, frozenset({"OPS-003"}))
    assert "OPS-001" not in page
    assert "modifiées depuis leur revue : 1 document. Faites-les relire" in page
