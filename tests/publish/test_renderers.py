"""The publishing core does not depend on the Classeur plugin: the sample binder's
staging tree, built by plain MkDocs without the plugin and by ProperDocs, then
finished by the post-build pass, passes the audit, shows panels and banners,
and runs no script from hostile Markdown."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from classeur.binder.check import check
from classeur.publish.audit import audit_site
from classeur.publish.postbuild import finish_site
from classeur.publish.regions import Markers, new_nonce
from classeur.publish.renderer_config import CONFIG_NAME
from classeur.publish.staging import Staged, stage
from tests.site.hostile import active_content, hostile_files

REPO = Path(__file__).resolve().parents[2]
REFERENCE_DAY = date(2026, 11, 16)
HOSTILE_PAGE = "procedures/tickets-it/hostile/index.html"
# Renderers of the MkDocs family, run as their own command on the stage's mkdocs.yml.
RENDERERS = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--quiet"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "--quiet"],
}


@pytest.fixture(scope="module")
def binder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample binder, with one hostile procedure the provider reads."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("procedures", "access_policies", "site_src"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    sample = {"function": "tickets-it", "owners": "[karim.benali]", "reviewed_by": "karim.benali",
              "last_reviewed": "2026-10-01"}  # fmt: skip
    page = {"id": "IT-099", "title": "Page hostile", **sample}
    draft = {"id": "IT-098", "title": "Brouillon", **sample}
    for path, content in hostile_files("procedures/tickets-it", page, draft).items():
        target = root / path
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


@pytest.fixture(scope="module", params=sorted(RENDERERS))
def built(request: pytest.FixtureRequest, binder: Path, tmp_path_factory) -> tuple[Path, Staged]:
    """The provider's site, staged without the plugin, rendered, then finished."""
    work = tmp_path_factory.mktemp(request.param)
    report = check(binder, today=REFERENCE_DAY, overdue_is_error=False, keep_bodies=True)
    assert [f.render() for f in report.findings if f.severity.label == "error"] == []
    markers = Markers(new_nonce())
    staged = stage(
        binder,
        report,
        "provider",
        include_drafts=False,
        target=work / "stage",
        markers=markers,
        keep_plugin=False,
    )
    site = work / "site"
    command = [*RENDERERS[request.param], "-f", str(staged.root / CONFIG_NAME), "-d", str(site)]
    subprocess.run(command, check=True, cwd=work, capture_output=True)
    assert finish_site(site, staged.pages, markers, helper=False) == []
    return site, staged


def test_the_staged_configuration_runs_no_classeur_plugin(built):
    _, staged = built
    config = yaml.load((staged.root / CONFIG_NAME).read_text(encoding="utf-8"), Loader=yaml.Loader)
    assert "classeur" not in str(config["plugins"])


def test_the_site_passes_the_audit(built, binder):
    site, _ = built
    report = check(binder, today=REFERENCE_DAY, overdue_is_error=False, keep_bodies=True)
    assert audit_site(site, binder, report, "provider", include_drafts=False) == []


def test_document_pages_show_the_panel_and_their_banner(built):
    site, _ = built
    page = (site / "procedures/paie/variables-de-paie/index.html").read_text("utf-8")
    assert 'class="classeur-panel"' in page
    assert "Responsables" in page and "Prochaine revue" in page
    banners = [
        p.read_text("utf-8").count("classeur-banner") for p in site.rglob("procedures/**/*.html")
    ]
    assert sum(banners) >= 4  # the sample's due-soon and overdue documents at its reference day


def test_generated_pages_and_navigation_are_there(built):
    site, _ = built
    home = (site / "index.html").read_text("utf-8")
    assert "Classeur des procédures — Prestataire" in home
    assert (site / "couverture/index.html").is_file()
    assert 'href="revues/"' in home  # the core's navigation


def test_hostile_markdown_runs_nothing(built):
    site, _ = built
    page = site / HOSTILE_PAGE
    assert active_content(page) == []
    text = page.read_text("utf-8")
    assert "onerror" not in text and "canari-label" not in text  # nor in the table of contents
    assert "dans un bloc" in text  # harmless content survives


def test_a_raw_html_link_to_an_unpublished_document_loses_its_target(built):
    site, _ = built
    text = (site / HOSTILE_PAGE).read_text("utf-8")
    assert "un lien brut vers un document non publié" in text
    link = re.search(r"<a\b([^>]*)>un lien brut", text)
    assert link is not None and "href" not in link[1]
