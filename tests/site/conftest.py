"""A small binder with the project's real mkdocs.yml and site_src/, for site builds."""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from classeur.live.serve import QuietHandler
from tests.conftest import make_binder

REPO = Path(__file__).resolve().parents[2]


def make_site_binder(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    """make_binder plus mkdocs.yml and site_src/ as the project ships them."""
    root = make_binder(tmp_path, files)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", root / "site_src", dirs_exist_ok=True)
    return root


def every_byte(folder: Path) -> bytes:
    """All bytes of all files under `folder`, compressed ones decompressed too."""
    chunks = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            chunks.append(gzip.decompress(data) if path.suffix == ".gz" else data)
    return b"\n".join(chunks)


@contextmanager
def served(
    folder: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = QuietHandler
) -> Iterator[str]:
    """`folder` served on 127.0.0.1 by the handler `classeur serve` uses (or another): its
    base URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless, for the browser tests of a module."""
    from tests.site.test_browser import CHROMIUM, FLAGS

    assert CHROMIUM.exists(), (
        "Debian's chromium is missing: `apt-get install chromium` (make test does it)"
    )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        yield launched
        launched.close()
