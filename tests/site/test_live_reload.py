"""`serve` in Chromium: a page open in the browser shows a saved edit by itself (issue #16)."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from datetime import date

from playwright.sync_api import Browser

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
PAGE = "procedures/ops/relance.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_line(process: subprocess.Popen[bytes], start: str, timeout: float) -> list[str]:
    """The lines serve printed, up to the first that starts with `start` (none: fails)."""
    assert process.stderr is not None
    fd, pending, lines = process.stderr.fileno(), b"", []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            lines.append(line.decode("utf-8"))
            if lines[-1].startswith(start):
                return lines
        if select.select([fd], [], [], 0.5)[0]:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            pending += chunk
    raise AssertionError(f"serve never said {start!r}; it said {lines}")


def test_an_open_page_shows_a_saved_edit_without_being_reloaded_by_hand(tmp_path, browser: Browser):
    root = make_site_binder(
        tmp_path / "binder", {PAGE: doc(title="Relance", body="## Étapes\n\nAppeler le client.\n")}
    )
    out = root / "public"
    assert build_sites(root, ["staff"], out, renderer=MKDOCS, today=TODAY).findings == ()
    port = free_port()
    command = [sys.executable, "-m", "classeur", "serve", "--root", str(root), "--out", str(out)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--today", TODAY.isoformat()],
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "LANGUAGE": "en"},
    )
    try:
        wait_for_line(server, "Built staff for the preview", 120)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/staff/procedures/ops/relance/")
        assert page.get_by_text("Appeler le client.").is_visible()
        page.locator("html[data-classeur-live=on]").wait_for(state="attached")
        (root / PAGE).write_text(
            doc(title="Relance", body="## Étapes\n\nEnvoyer le courrier de relance.\n"),
            encoding="utf-8",
        )
        page.get_by_text("Envoyer le courrier de relance.").wait_for(timeout=60_000)
        assert page.get_by_text("Appeler le client.").count() == 0
        page.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        assert server.stderr is not None
        server.stderr.close()
