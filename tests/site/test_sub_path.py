"""A site published under a sub-path by a static host (issue #15): its 404 page keeps its looks.

A static host answers every missing address, at any depth, with the site's
404.html: only addresses from the site's root hold there. The audience's `url`
in audiences.yml gives that root.
"""

from __future__ import annotations

import http.server
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import POLICY, doc
from tests.site.conftest import make_site_binder, served
from tests.site.test_browser import SCREENSHOTS
from tests.site.test_french_site import INDIGO

PREFIX = "/intranet/classeur/staff/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    audiences = POLICY["access_policies/audiences.yml"].replace(
        "    reads: [staff]\n",
        f"    reads: [staff]\n    url: https://intranet.example.fr{PREFIX}\n",
    )
    root = make_site_binder(
        tmp_path_factory.mktemp("sub-path"),
        {
            "access_policies/audiences.yml": audiences,
            "procedures/ops/panne.md": doc(id="OPS-001", title="Panne", access="[staff]"),
        },
    )
    public = root / "public"
    outcome = build_sites(root, ["staff"], public, today=date(2026, 3, 1), renderer=MKDOCS)
    assert outcome.findings == ()
    return public / "staff"


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """What nginx or Apache do with `error_page 404 /…/404.html` for one site at PREFIX."""

    def translate_path(self, path: str) -> str:
        inside = path.split("?", 1)[0].removeprefix(PREFIX.rstrip("/"))
        return super().translate_path(inside if path.startswith(PREFIX) else "/absent/")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def host(out: Path) -> Iterator[str]:
    with served(out, StaticHost) as base:
        yield base


def test_the_404_page_names_its_styles_and_scripts_from_the_sites_address(out):
    html = (out / "404.html").read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src)="(/[^"]*assets/[^"]+)"', html)
    assert assets, "the 404 page links no asset"
    assert [a for a in assets if not a.startswith(PREFIX)] == []
    missing = [a for a in assets if not (out / a.removeprefix(PREFIX).split("?")[0]).is_file()]
    assert missing == []


def test_a_page_names_its_canonical_address(out):
    page = (out / "procedures" / "ops" / "panne" / "index.html").read_text(encoding="utf-8")
    assert (
        f'<link rel="canonical" href="https://intranet.example.fr{PREFIX}procedures/ops/panne/">'
    ) in page


@pytest.mark.parametrize("depth", ["inconnue/", "procedures/ops/disparue/", "a/b/c/d.html"])
def test_a_missing_address_at_any_depth_shows_the_styled_french_404(host, browser, depth):
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(f"{host}{PREFIX}{depth}")
    assert response is not None and response.status == 404
    assert page.locator("article h1").inner_text() == "Page introuvable"
    header = page.locator("header.md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == INDIGO
    if depth == "a/b/c/d.html":
        page.screenshot(path=str(SCREENSHOTS / "404-static-sub-path.png"), full_page=True)
    page.close()
    assert [url for url in failed if not url.endswith(depth)] == []
