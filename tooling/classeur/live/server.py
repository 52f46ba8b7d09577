"""The preview's HTTP server: the built sites, French error pages, and the reload signal.

Only this machine can reach it (127.0.0.1). Pages get the reload script as
they are sent (reload.py); the files on disk stay exactly what `build` writes.
"""

from __future__ import annotations

import errno
import functools
import http.server
import io
import re
from html import escape
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.live.reload import EVENTS, RELOAD_JS, SCRIPT, Reloads, with_reload_script

# Without a charset, browsers read a text attachment as Latin-1: « SiÃ¨ge » (issue #15).
_TEXT_TYPES = {".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8"}
# Root-absolute URLs in a 404 page: MkDocs writes them from `site_url`, "/" when unset.
_ROOT_URL = re.compile(r'((?:href|src)="|"(?:base|search)": ")/(?!/)')
NOT_FOUND = "404.html"
_KEEPALIVE = 15.0  # seconds between comments on an idle event stream (a closed tab shows)

# What a reader of the site sees, so in French (not the command line's language).
_ERRORS: dict[int, tuple[str, str]] = {
    HTTPStatus.BAD_REQUEST: ("Requête incorrecte", "Le navigateur a envoyé une demande illisible."),
    HTTPStatus.FORBIDDEN: ("Accès refusé", "Cette adresse ne peut pas être consultée."),
    HTTPStatus.METHOD_NOT_ALLOWED: (
        "Action non autorisée",
        "L’aperçu du classeur ne fait qu’afficher des pages : il n’accepte pas cette action.",
    ),
    HTTPStatus.NOT_IMPLEMENTED: (
        "Action non prise en charge",
        "L’aperçu du classeur ne fait qu’afficher des pages : il n’accepte pas cette action.",
    ),
}
_OTHER_ERROR = ("Erreur", "L’aperçu du classeur n’a pas pu répondre à cette demande.")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request, text as UTF-8, errors in French;
    with `reloads`, pages wait for the next rebuild and reload themselves."""

    extensions_map = http.server.SimpleHTTPRequestHandler.extensions_map | _TEXT_TYPES

    def __init__(self, *args: Any, reloads: Reloads | None = None, **kwargs: Any) -> None:
        self.reloads = reloads  # before the base class handles the request
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.reloads is not None and self.path.split("?", 1)[0] == EVENTS:
            self._stream(self.reloads)
            return
        super().do_GET()

    def send_head(self) -> BinaryIO | None:
        """As the base class, with the reload script in pages and served at its address."""
        if self.reloads is None:
            return super().send_head()
        if self.path.split("?", 1)[0] == SCRIPT:
            return self._send(RELOAD_JS.encode("utf-8"), "text/javascript; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()
        body = with_reload_script(path.read_bytes())
        return self._send(body, "text/html; charset=utf-8", cache=False)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's own 404 page, any other error a French page."""
        if code == HTTPStatus.NOT_FOUND:
            page = not_found_page(Path(self.directory), self.path)
        else:
            page = error_page(code)
        body = page.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if code in (HTTPStatus.METHOD_NOT_ALLOWED, HTTPStatus.NOT_IMPLEMENTED):
            self.send_header("Allow", "GET, HEAD")
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)

    def _send(self, body: bytes, content_type: str, *, cache: bool = True) -> BinaryIO:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if not cache:  # a page rebuilt a moment ago must not come back from the cache
            self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def _stream(self, reloads: Reloads) -> None:
        """Server-Sent Events: one `data:` line per rebuild, until the tab or serve closes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        seen = reloads.generation
        try:
            self.wfile.write(b": ready\n\n")
            self.wfile.flush()
            while not reloads.closed:
                news = reloads.wait(seen, _KEEPALIVE)
                if news is None:
                    self.wfile.write(b": waiting\n\n")
                else:
                    seen, data = news
                    self.wfile.write(f"data: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded
        self.close_connection = True


def not_found_page(out: Path, url_path: str) -> str:
    """The 404 page of the site `url_path` is in, its links made to start at that site."""
    folder = url_path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    page = out / folder / NOT_FOUND
    if not folder or folder.startswith(".") or not page.is_file():
        return _PLAIN_NOT_FOUND
    prefix = f"/{folder}/"
    return _ROOT_URL.sub(lambda m: m[1] + prefix, page.read_text(encoding="utf-8"))


def error_page(code: int) -> str:
    """A small French page for an error other than 404, naming its code."""
    title, text = _ERRORS.get(code, _OTHER_ERROR)
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(text)} (code {code})</p>"
        '<p><a href="/">Revenir à l’accueil du classeur</a>.</p></body></html>\n'
    )


_PLAIN_NOT_FOUND = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Page introuvable</title></head><body><h1>Page introuvable</h1>"
    "<p>Cette adresse ne correspond à aucune page. "
    '<a href="/">Revenir à l’accueil du classeur</a>.</p></body></html>\n'
)


def listen(out: Path, port: int, reloads: Reloads | None) -> http.server.ThreadingHTTPServer:
    """The server, bound to the port; a PortalError saying why when it cannot be."""
    handler = functools.partial(QuietHandler, directory=str(out), reloads=reloads)
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortalError(
                _(
                    "port {port} is already in use on 127.0.0.1. Stop what uses it, "
                    "or pass another port, e.g. --port {next}."
                ).format(port=port, next=port + 1)
            ) from None
        reason = error.strerror or str(error)
        raise PortalError(
            _(
                "cannot serve on 127.0.0.1, port {port}: {reason}. Pass another port with --port."
            ).format(port=port, reason=reason)
        ) from None
    except OverflowError:  # what the socket module raises for a number out of range
        raise PortalError(
            _(
                "port {port} does not exist: ports go from 1 to 65535. "
                "Pass another one with --port."
            ).format(port=port)
        ) from None
