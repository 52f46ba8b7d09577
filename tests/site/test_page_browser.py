"""A procedure page in Chromium: the procedure on the first screen, details on demand,
a print button, a print layout without navigation, a dark mode (issue #15, point 3).

Screenshots, desktop 1366×900 and mobile 390×844, go to test-output/page/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import REPO, make_site_binder, served

SCREENSHOTS = REPO / "test-output" / "page"
DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}
BODY = "## Objet\n\nRelancer chaque facture échue et non réglée.\n\n## Étapes\n\n1. Éditez.\n"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_site_binder(
        tmp_path_factory.mktemp("page"),
        {"procedures/ops/relance.md": doc(title="Relance d'un impayé", body=BODY)},
    )
    out = root / "public"
    built = build_sites(root, ["staff"], out, today=date(2026, 3, 1), renderer=MKDOCS)
    assert built.findings == ()
    with served(out) as base:
        yield f"{base}/staff/procedures/ops/relance/"


def open_page(browser: Browser, url: str, viewport: dict[str, int], scheme: str) -> Page:
    context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("mobile", MOBILE)])
def test_the_procedure_starts_on_the_first_screen(
    site_url: str, browser: Browser, name: str, viewport: dict[str, int]
) -> None:
    page = open_page(browser, site_url, viewport, "light")
    top = page.locator("#objet").bounding_box()
    assert top is not None and top["y"] + top["height"] < viewport["height"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"procedure-{name}.png"))
    page.context.close()


def test_the_details_open_on_click(site_url: str, browser: Browser) -> None:
    page = open_page(browser, site_url, DESKTOP, "light")
    assert not page.get_by_text("Tenu à jour par").is_visible()
    page.locator(".classeur-panel__details > summary").click()
    assert page.get_by_text("Tenu à jour par").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "procedure-details-desktop.png"))
    page.context.close()


def test_the_print_button_is_wired_to_print(site_url: str, browser: Browser) -> None:
    page = open_page(browser, site_url, DESKTOP, "light")
    page.evaluate("window.print = () => { window.classeurPrinted = true; }")
    page.get_by_role("button", name="Imprimer").click()
    assert page.evaluate("window.classeurPrinted") is True
    page.context.close()


def test_printing_hides_navigation_and_keeps_the_summary(site_url: str, browser: Browser) -> None:
    page = open_page(browser, site_url, DESKTOP, "light")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".classeur-panel__summary").is_visible()
    # print.css: the details and the buttons stay on screen, not on paper.
    assert not page.locator(".classeur-panel__details").is_visible()
    assert page.locator("[data-classeur-print]").count() == 1
    assert not page.locator("[data-classeur-print]").is_visible()
    page.context.close()


def test_a_dark_system_preference_gives_the_dark_scheme(site_url: str, browser: Browser) -> None:
    page = open_page(browser, site_url, MOBILE, "dark")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.screenshot(path=str(SCREENSHOTS / "procedure-dark-mobile.png"))
    page.context.close()


def test_the_switch_turns_dark_mode_off(site_url: str, browser: Browser) -> None:
    page = open_page(browser, site_url, DESKTOP, "dark")
    page.locator("label[title='Passer en mode clair']").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.context.close()


def test_the_site_name_is_whole_in_the_header_on_a_phone(site_url: str, browser: Browser) -> None:
    page = open_page(browser, site_url, MOBILE, "light")
    title = page.locator(".md-header__title .md-header__topic:first-child .md-ellipsis")
    assert title.inner_text() == "Classeur des procédures — Personnel"
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut with « … »
    page.context.close()
