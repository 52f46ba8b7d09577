"""« Quoi de neuf » in a real browser, across two visits: only what changed since the last.

Builds a small binder with Git history, serves it on this machine and opens its home
page in Debian's chromium (as tests/site/test_browser.py does), with the browser's
clock fixed at each visit. Screenshots of the home page, desktop and mobile, go to
test-output/home/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.gitrepo import commit
from tests.site.conftest import REPO, make_site_binder, served

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "test-output" / "home"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
RELANCE = "procedures/ops/relance.md"
ACCUEIL = "procedures/ops/accueil.md"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("home")
    root = make_site_binder(
        base / "binder",
        {
            RELANCE: doc(title="Relance d'un impayé", access="[staff]"),
            ACCUEIL: doc(id="OPS-002", title="Accueil des visiteurs", access="[staff]"),
        },
    )
    commit(root, {}, "Premières procédures", day="2026-01-10")
    changed = doc(title="Relance d'un impayé", access="[staff]", body="Étape une, revue.\n")
    commit(root, {RELANCE: changed}, "Relance : nouveau seuil", day="2026-02-20")
    out = base / "public"
    built = build_sites(root, ["staff"], out, today=date(2026, 3, 1), renderer=MKDOCS)
    assert built.findings == ()
    with served(out) as url:
        yield f"{url}/staff/"


def visit(page: Page, url: str, day: str, errors: list[str]) -> list[str]:
    """Open the home page with the browser's clock on `day`; the changes it shows."""
    page.clock.set_fixed_time(datetime.fromisoformat(f"{day}T09:00:00+00:00"))
    page.goto(url)
    items = page.locator("ul.classeur-whatsnew > li")
    items.first.wait_for(state="attached")
    return [items.nth(i).inner_text() for i in range(items.count()) if items.nth(i).is_visible()]


def new_page(browser: Browser, width: int, height: int, errors: list[str]) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height}, locale="fr-FR")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda r: None if urlsplit(r.url).hostname == "127.0.0.1" else errors.append(r.url),
    )
    return page


def test_first_visit_shows_every_recent_change(site_url, browser):
    errors: list[str] = []
    page = new_page(browser, 1366, 900, errors)
    assert visit(page, site_url, "2026-02-01", errors) == [
        "Relance d'un impayé (OPS-001) — 20 février 2026 : Relance : nouveau seuil",
        "Accueil des visiteurs (OPS-002) — 10 janvier 2026 : Modification de plusieurs documents",
    ]
    assert page.locator(".classeur-whatsnew-note").count() == 0
    assert errors == []
    page.close()


def test_second_visit_shows_only_what_changed_since_the_first(site_url, browser):
    errors: list[str] = []
    page = new_page(browser, 1366, 900, errors)
    visit(page, site_url, "2026-02-01", errors)
    assert visit(page, site_url, "2026-02-25", errors) == [
        "Relance d'un impayé (OPS-001) — 20 février 2026 : Relance : nouveau seuil",
    ]
    assert page.locator(".classeur-whatsnew-note").inner_text() == (
        "Depuis votre dernière visite, le 1er février 2026 : 1 document modifié."
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home-desktop.png"))
    page.locator(".classeur-whatsnew-all").click()
    assert page.locator("ul.classeur-whatsnew > li:visible").count() == 2
    assert errors == []
    page.close()


def test_third_visit_says_nothing_is_new(site_url, browser):
    errors: list[str] = []
    page = new_page(browser, 390, 844, errors)
    visit(page, site_url, "2026-02-25", errors)
    assert visit(page, site_url, "2026-03-02", errors) == []
    assert page.locator(".classeur-whatsnew-note").inner_text() == (
        "Rien de nouveau depuis votre dernière visite, le 25 février 2026."
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home-mobile.png"), full_page=True)
    assert errors == []
    page.close()


def test_example_search_opens_the_search_with_its_words(site_url, browser):
    errors: list[str] = []
    page = new_page(browser, 1366, 900, errors)
    page.goto(site_url)
    page.locator('a[href="?q=Op%C3%A9rations"]').click()
    expect(page.locator("input.md-search__input")).to_have_value("Opérations")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=15_000)
    assert errors == []
    page.close()


def test_feed_is_served_beside_the_home(site_url, browser):
    errors: list[str] = []
    page = new_page(browser, 1366, 900, errors)
    response = page.request.get(site_url + "flux.xml")
    assert response.ok and "<title>Relance d'un impayé (OPS-001)</title>" in response.text()
    page.close()
