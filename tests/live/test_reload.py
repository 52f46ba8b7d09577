"""The reload signal: a script added to the pages serve sends, and the events it waits for."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from classeur.live.reload import RELOAD_JS, TAG, Reloads, with_reload_script
from classeur.live.server import QuietHandler

PAGE = b"<!doctype html><html><body><h1>Relances</h1></body></html>"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Reloads, Path]]:
    """A site served with the reload signal: its base URL, the signal, the page's file."""
    page = tmp_path / "staff" / "procedures" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(PAGE)
    reloads = Reloads()
    handler = functools.partial(QuietHandler, directory=str(tmp_path), reloads=reloads)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", reloads, page
    reloads.close()
    httpd.shutdown()
    httpd.server_close()


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url) as response:
        return response.headers["Content-Type"], response.read()


def test_a_page_is_sent_with_the_reload_script_before_its_body_ends(served):
    base, _reloads, _page = served
    assert get(f"{base}/staff/procedures/a/") == (
        "text/html; charset=utf-8",
        b"<!doctype html><html><body><h1>Relances</h1>"
        b'<script src="/.classeur/reload.js"></script></body></html>',
    )


def test_the_page_on_disk_stays_as_built(served):
    base, _reloads, page = served
    get(f"{base}/staff/procedures/a/index.html")
    assert page.read_bytes() == PAGE


def test_the_reload_script_is_served_by_serve_itself(served):
    base, _reloads, _page = served
    assert get(f"{base}/.classeur/reload.js") == (
        "text/javascript; charset=utf-8",
        RELOAD_JS.encode("utf-8"),
    )


def test_without_the_signal_pages_are_sent_as_built(tmp_path):
    (tmp_path / "index.html").write_bytes(PAGE)
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        assert get(f"http://127.0.0.1:{httpd.server_address[1]}/")[1] == PAGE
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_rebuild_is_sent_to_the_waiting_pages_as_the_urls_it_rewrote(served):
    base, reloads, _page = served
    with urllib.request.urlopen(f"{base}/.classeur/events", timeout=10) as stream:
        assert stream.readline() == b": ready\n"
        assert stream.readline() == b"\n"
        reloads.announce(("/staff/procedures/a/",))
        assert stream.readline() == b'data: ["/staff/procedures/a/"]\n'


def test_a_full_rebuild_reloads_every_page():
    reloads = Reloads()
    reloads.announce(None)
    assert reloads.wait(0, 1) == (1, '"*"')


def test_waiting_with_no_rebuild_ends_without_news():
    assert Reloads().wait(0, 0.01) is None


def test_a_page_without_a_body_end_gets_the_script_at_its_end():
    assert with_reload_script(b"<p>x</p>") == b"<p>x</p>" + TAG
