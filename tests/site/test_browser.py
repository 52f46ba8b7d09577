"""The provider's site in a real browser: French search, a procedure page, no console error.

Runs Debian's chromium through Playwright. It never skips: `make test` and
.ci/run install chromium first, and a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright

from classeur.live.serve import QuietHandler
from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import REPO, make_site_binder

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "test-output" / "browser"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
BODY = """\
## Objet

```mermaid
flowchart TD
    A[Facture échue] --> B{Réglée ?}
    B -- Non --> C[Relance]
```

Relancer chaque facture échue et non réglée, jusqu'à la mise en demeure.

## Étapes

1. Éditez la balance âgée. Vous devez voir les factures échues par tranche.
2. Envoyez la relance de niveau 1.
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_site_binder(
        tmp_path_factory.mktemp("browser"),
        {
            "procedures/ops/relance.md": doc(
                title="Relance d'un impayé",
                access="[provider]",
                last_reviewed="2024-12-01",
                body=BODY,
            ),
            "procedures/ops/autre.md": doc(
                id="OPS-002", title="Accueil des visiteurs", access="[provider]"
            ),
            "procedures/ops/echeances.md": doc(
                id="OPS-003",
                title="Suivi des échéances",
                access="[provider]",
                body="Contrôler chaque échéance du mois.\n",
            ),
            "procedures/ops/prelevement.md": doc(
                id="OPS-004",
                title="Prelevement automatique (saisie sans accents)",
                access="[provider]",
                body="Relevé SEPA.\n",
            ),
        },
    )
    out = root / "public"
    assert (
        build_sites(root, ["provider"], out, today=date(2026, 3, 1), renderer=MKDOCS).findings == ()
    )
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/provider/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser_page() -> Iterator[tuple[Page, list[str]]]:
    assert CHROMIUM.exists(), (
        "Debian's chromium is missing: `apt-get install chromium` (make test does it)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
        errors: list[str] = []
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        # The portal works offline: any request off this machine is an error.
        page.on(
            "request",
            lambda r: None if urlsplit(r.url).hostname == "127.0.0.1" else errors.append(r.url),
        )
        yield page, errors
        browser.close()


def test_search_finds_the_singular_from_a_plural(site_url, browser_page):
    page, errors = browser_page
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("relances impayés", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert "Relance d'un impayé" in result.inner_text()
    assert errors == []


def search(page: Page, site_url: str, text: str) -> str:
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type(text, delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    return first.inner_text()


def test_search_without_accents_finds_the_accented_text(site_url, browser_page):
    page, errors = browser_page
    assert "Suivi des échéances" in search(page, site_url, "echeance")  # shown with its accents
    assert errors == []


def test_search_with_accents_finds_the_unaccented_text(site_url, browser_page):
    page, errors = browser_page
    assert "Prelevement automatique" in search(page, site_url, "prélèvement")
    assert errors == []


def test_procedure_page_shows_panel_and_overdue_banner(site_url, browser_page):
    page, errors = browser_page
    page.goto(site_url + "procedures/ops/relance/")
    summary = page.locator(".classeur-panel__summary").inner_text()
    assert "Responsable\u00a0: Olivia Ops" in summary
    assert page.locator(".classeur-badge").inner_text() == "En retard"
    # Material swaps the code block for a drawing (in a closed shadow root) once
    # the bundled Mermaid has run: no CDN, so this proves the offline setup.
    diagram = page.locator("div.mermaid")
    diagram.wait_for(timeout=15_000)
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 100
    banner = page.locator(".classeur-banner")
    assert "Revue en retard" in banner.inner_text()
    assert banner.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "provider-procedure.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot.relative_to(REPO)}")
    assert shot.stat().st_size > 10_000
    assert errors == []
