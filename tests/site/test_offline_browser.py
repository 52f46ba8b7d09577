"""The handover dossier's site in a real browser, from file://: search finds a document.

Runs Debian's chromium through Playwright, as tests/site/test_browser.py does; it never
skips. The page may make no request off the disk.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from classeur.publish.export import ExportRequest, export_dossier
from classeur.site.offline import make_offline
from classeur.site.render import MKDOCS
from tests.publish.test_export import make_repository
from tests.site.test_browser import CHROMIUM, FLAGS


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repository(tmp_path_factory.mktemp("binder"))
    archive = tmp_path_factory.mktemp("out") / "dossier.zip"
    request = ExportRequest("provider", date(2026, 3, 1), pdf=False)
    outcome = export_dossier(root, request, archive, renderer=MKDOCS, offline=make_offline)
    assert outcome.findings == ()
    unpacked = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(unpacked)
    return unpacked / "site"


@pytest.fixture(scope="module")
def browser_page() -> Iterator[tuple[Page, list[str]]]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: `apt-get install chromium`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        # Offline means offline: any request that is not for a file on disk is an error.
        page.on("request", lambda r: None if r.url.startswith("file://") else errors.append(r.url))
        yield page, errors
        browser.close()


def test_search_from_file_finds_a_document_and_opens_it(site, browser_page):
    page, errors = browser_page
    page.goto((site / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    page.keyboard.type("relances", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert "Relance d'un impayé" in result.inner_text()
    result.locator("a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith((site / "procedures/ops/relance/index.html").as_uri())
    assert "Olivia Ops" in page.locator(".classeur-panel").inner_text()
    assert errors == []


def test_menu_links_open_pages_not_folders(site, browser_page):
    page, errors = browser_page
    page.goto((site / "procedures/ops/relance/index.html").as_uri())
    page.locator("a.md-header__button.md-logo").click()
    page.wait_for_load_state()
    assert page.url == (site / "index.html").as_uri()
    assert errors == []
