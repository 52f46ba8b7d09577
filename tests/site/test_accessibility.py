"""The sample binder's management site through axe-core: no serious or critical violation.

Builds the sample once (`classeur build --all`), serves it on this machine and
runs axe-core (axe-playwright-python) in Debian's chromium, as
tests/site/test_browser.py does, on the pages staff and managers open most,
at a desktop and a phone size. Each page's first screen is saved under
test-output/accessibility/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, ViewportSize

from classeur.cli.main import main
from tests.site.conftest import REPO, served

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "test-output" / "accessibility"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
# What axe-core reports as a barrier, not as advice.
BLOCKING = frozenset({"serious", "critical"})
PAGES = {
    "accueil": "",
    "procedure": "procedures/paie/cloture-mensuelle-paie/",
    "revues": "revues/",
    "couverture": "couverture/",
    "pilotage": "pilotage/",
    "reversibilite": "reversibilite/",
}
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1366, "height": 900},
    "mobile": {"width": 390, "height": 844},
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample binder's sites, built once as `make run` would, served on 127.0.0.1."""
    out = tmp_path_factory.mktemp("accessibility") / "public"
    args = ["build", "--all", "--root", str(REPO), "--out", str(out), "--today", "2026-11-16"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with served(out) as base:
        yield f"{base}/management/"


def blocking_violations(violations: Sequence[Mapping[str, Any]]) -> list[str]:
    """One line per serious or critical violation: rule, impact, element, help URL."""
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))} "
        f"— {violation['helpUrl']}"
        for violation in violations
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def audited(page: Page, url: str, screenshot: str) -> tuple[list[str], str | None]:
    """Open `url`, save its first screen, run axe-core; the blocking violations and the
    colour scheme the theme applied. The page is closed."""
    try:
        page.goto(url)
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / screenshot))
        violations = Axe().run(page).response["violations"]
    finally:
        page.close()
    return blocking_violations(violations), scheme


def test_a_minor_violation_does_not_block() -> None:
    violation = {"id": "empty-table-header", "impact": "minor", "helpUrl": "u", "nodes": []}
    assert blocking_violations([violation]) == []


def test_a_serious_violation_is_listed_with_its_element_and_help() -> None:
    violation = {
        "id": "color-contrast",
        "impact": "serious",
        "helpUrl": "https://dequeuniversity.com/rules/axe/4.10/color-contrast",
        "nodes": [{"target": [".md-copyright"]}],
    }
    assert blocking_violations([violation]) == [
        "color-contrast (serious): .md-copyright "
        "— https://dequeuniversity.com/rules/axe/4.10/color-contrast"
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_or_critical_violation(
    site_url: str, browser: Browser, name: str, viewport: str
) -> None:
    page = browser.new_page(viewport=VIEWPORTS[viewport], locale="fr-FR")
    found, _scheme = audited(page, site_url + PAGES[name], f"{name}-{viewport}.png")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("name", PAGES)
def test_page_in_dark_mode_has_no_serious_or_critical_violation(
    site_url: str, browser: Browser, name: str
) -> None:
    """A reader whose system is dark gets the dark palette, with the same contrasts."""
    page = browser.new_page(viewport=VIEWPORTS["desktop"], locale="fr-FR", color_scheme="dark")
    found, scheme = audited(page, site_url + PAGES[name], f"{name}-dark.png")
    assert (scheme, found) == ("slate", []), "\n".join(found)


@pytest.mark.parametrize(
    ("name", "wrapper"),
    [("couverture", "classeur-coverage"), ("reversibilite", "classeur-readiness")],
)
def test_a_wide_table_scrolls_in_its_own_focusable_frame_on_a_phone(
    site_url: str, browser: Browser, name: str, wrapper: str
) -> None:
    page = browser.new_page(viewport=VIEWPORTS["mobile"], locale="fr-FR")
    try:
        page.goto(site_url + PAGES[name])
        # The theme frames (and styles) only the tables with no class of their own.
        frame = page.locator(f".{wrapper} > .md-typeset__scrollwrap")
        sizes = frame.evaluate("e => [e.scrollWidth > e.clientWidth, e.tabIndex]")
        page_width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.close()
    assert (sizes, page_width) == ([True, 0], VIEWPORTS["mobile"]["width"])


def test_the_coverage_matrix_has_a_legend(site_url: str, browser: Browser) -> None:
    page = browser.new_page(viewport=VIEWPORTS["desktop"], locale="fr-FR")
    try:
        page.goto(site_url + PAGES["couverture"])
        legend = page.locator(".classeur-coverage + p").inner_text()
    finally:
        page.close()
    assert legend == (
        "Légende : un nombre indique combien de documents de ce type sont publiés pour la "
        "fonction ; « à couvrir » marque une case vide, sans aucun document de ce type."
    )
