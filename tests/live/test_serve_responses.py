"""`serve`'s answers: text attachments as UTF-8, a French 404 page that keeps the site's look."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from classeur.live.serve import QuietHandler

SITE_404 = (
    '<html><head><link rel="stylesheet" href="/assets/main.css">'
    '<script src="/assets/app.js"></script><a href="//cdn.example/x">x</a>'
    '<script id="__config">{"base": "/", "search": "/assets/w.js"}</script></head>'
    "<body><h1>Page introuvable</h1></body></html>"
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A served out/ folder holding a staff site: its 404 page and two attachments."""
    site = tmp_path / "staff"
    (site / "procedures").mkdir(parents=True)
    (site / "404.html").write_text(SITE_404, encoding="utf-8")
    (site / "procedures" / "siege.txt").write_text("Siège : 12 €\n", encoding="utf-8")
    (site / "procedures" / "tarifs.csv").write_text("libellé;montant\n", encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> tuple[int, str, str]:
    """Status, Content-Type and body (as UTF-8) of a GET."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read().decode()


def test_a_text_attachment_is_declared_utf8(server):
    assert fetch(f"{server}/staff/procedures/siege.txt") == (
        200,
        "text/plain; charset=utf-8",
        "Siège : 12 €\n",
    )


def test_a_csv_attachment_is_declared_utf8(server):
    assert fetch(f"{server}/staff/procedures/tarifs.csv") == (
        200,
        "text/csv; charset=utf-8",
        "libellé;montant\n",
    )


def test_a_missing_page_in_a_site_gets_its_404_page_with_links_under_the_site(server):
    assert fetch(f"{server}/staff/procedures/disparue/") == (
        404,
        "text/html; charset=utf-8",
        '<html><head><link rel="stylesheet" href="/staff/assets/main.css">'
        '<script src="/staff/assets/app.js"></script><a href="//cdn.example/x">x</a>'
        '<script id="__config">{"base": "/staff/", "search": "/staff/assets/w.js"}</script></head>'
        "<body><h1>Page introuvable</h1></body></html>",
    )


def test_a_missing_page_outside_any_site_gets_a_french_page(server):
    assert fetch(f"{server}/nulle-part/") == (
        404,
        "text/html; charset=utf-8",
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Page introuvable</title></head><body><h1>Page introuvable</h1>"
        "<p>Cette adresse ne correspond à aucune page. "
        '<a href="/">Revenir à l’accueil du classeur</a>.</p></body></html>\n',
    )
