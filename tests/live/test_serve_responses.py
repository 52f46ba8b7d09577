"""`serve`'s answers: text attachments as UTF-8, a French 404 page that keeps the site's look."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from classeur.live.server import QuietHandler, error_page

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


def french_error(title: str, text: str, code: int) -> str:
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>{text} (code {code})</p>"
        '<p><a href="/">Revenir à l’accueil du classeur</a>.</p></body></html>\n'
    )


def test_a_method_serve_does_not_handle_gets_a_french_page_and_keeps_its_code(server):
    request = urllib.request.Request(f"{server}/staff/", data=b"x", method="POST")
    try:
        urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:
        with error:
            answer = error.code, error.headers["Content-Type"], error.read().decode()
    assert answer == (
        501,
        "text/html; charset=utf-8",
        french_error(
            "Action non prise en charge",
            "L’aperçu du classeur ne fait qu’afficher des pages : il n’accepte pas cette action.",
            501,
        ),
    )


def test_a_malformed_request_gets_a_french_page_and_keeps_its_code(server):
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(b"GET /staff/ extra HTTP/1.1\r\n\r\n")  # a word too many
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, body = answer.decode("utf-8").split("\r\n\r\n", 1)
    assert head.splitlines()[0] == "HTTP/1.0 400 Bad Request"
    assert "Content-Type: text/html; charset=utf-8" in head.splitlines()
    assert body == french_error(
        "Requête incorrecte", "Le navigateur a envoyé une demande illisible.", 400
    )


@pytest.mark.parametrize(
    ("code", "title", "text"),
    [
        (400, "Requête incorrecte", "Le navigateur a envoyé une demande illisible."),
        (403, "Accès refusé", "Cette adresse ne peut pas être consultée."),
        (
            405,
            "Action non autorisée",
            "L’aperçu du classeur ne fait qu’afficher des pages : il n’accepte pas cette action.",
        ),
        (500, "Erreur", "L’aperçu du classeur n’a pas pu répondre à cette demande."),
    ],
)
def test_each_error_page_is_in_french_and_names_its_code(code, title, text):
    assert error_page(code) == french_error(title, text, code)
