"""The staff site in French (issue #15): 404 page, footer, words, landing page, in Chromium too."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder
from tests.site.conftest import served as serving
from tests.site.test_browser import SCREENSHOTS

INDIGO = "rgb(64, 81, 181)"  # Material's indigo primary, as the theme's stylesheet sets it
VIEWPORTS = {"desktop": (1366, 900), "mobile": (390, 844)}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site_binder(
        tmp_path_factory.mktemp("french"),
        {
            "procedures/ops/panne.md": doc(
                id="OPS-001",
                title="Panne de la messagerie",
                type="runbook",
                access="[staff]",
                description="Rétablir l'envoi des courriels d'un site en moins d'une heure.",
            ),
        },
    )
    public = root / "public"
    outcome = build_sites(root, ["staff"], public, today=date(2026, 3, 1), renderer=MKDOCS)
    assert outcome.findings == ()
    return public


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_404_page_is_in_french(out):
    html = (out / "staff" / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page introuvable</h1>" in html
    assert "Not found" not in html


def test_no_page_credits_the_theme_in_english(out):
    credited = [
        str(p.relative_to(out)) for p in out.rglob("*.html") if "Made with" in p.read_text("utf-8")
    ]
    assert credited == []


def test_a_runbook_is_a_mode_operatoire_in_its_panel(out):
    page = (out / "staff" / "procedures" / "ops" / "panne" / "index.html").read_text("utf-8")
    assert "Type Mode opératoire Fonction" in visible_text(page)


def test_the_description_is_the_pages_lead_and_its_search_summary(out):
    page = (out / "staff" / "procedures" / "ops" / "panne" / "index.html").read_text("utf-8")
    lead = re.search(r'<p class="classeur-lead">(.*?)</p>', page)
    assert lead is not None
    assert html.unescape(lead.group(1)) == (
        "Rétablir l'envoi des courriels d'un site en moins d'une heure."
    )
    assert page.index("classeur-lead") < page.index("classeur-panel")
    index = json.loads((out / "staff" / "search" / "search_index.json").read_text("utf-8"))
    entry = next(d for d in index["docs"] if d["location"] == "procedures/ops/panne/")
    assert entry["text"].startswith("<p>Rétablir l")


def test_document_tables_head_their_id_column_in_french(out):
    page = (out / "staff" / "fonctions" / "ops" / "index.html").read_text("utf-8")
    assert "<th>Réf.</th><th>Titre</th><th>Type</th><th>Revue</th><th>Prochaine revue</th>" in page


@pytest.fixture(scope="module")
def served(out: Path) -> Iterator[str]:
    """The out/ folder served as `serve` does: each site under a sub-path (/staff/)."""
    with serving(out) as base:
        yield f"{base}"


def open_page(browser: Browser, viewport: str) -> tuple[Page, list[str]]:
    """A French page at one viewport, and the list its failed requests go to."""
    width, height = VIEWPORTS[viewport]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="fr-FR")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    return page, failed


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_404_page_under_a_sub_path_is_french_and_keeps_the_sites_styles(
    served, browser, viewport
):
    page, failed = open_page(browser, viewport)
    response = page.goto(f"{served}/staff/procedures/disparue/")
    assert response is not None and response.status == 404
    assert page.locator("article h1").inner_text() == "Page introuvable"
    header = page.locator("header.md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == INDIGO
    page.screenshot(path=str(SCREENSHOTS / f"404-{viewport}.png"), full_page=True)
    page.close()
    assert [url for url in failed if not url.endswith("/procedures/disparue/")] == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_landing_page_has_the_sites_look_not_times(served, browser, viewport):
    page, _ = open_page(browser, viewport)
    page.goto(f"{served}/")
    font = page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")
    header = page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor")
    page.screenshot(path=str(SCREENSHOTS / f"accueil-sites-{viewport}.png"), full_page=True)
    page.close()
    assert (font.split(",")[0], header) == ("-apple-system", INDIGO)
