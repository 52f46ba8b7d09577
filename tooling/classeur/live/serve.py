"""`serve`: the built sites on this machine only, rebuilt after every save.

The server answers from threads and the watcher is another one, and a process
with threads must never fork (a lock another thread holds stays held in the
child forever): every rebuild runs in a fresh process ("spawn"), in a process
group of its own, which `serve` ends with everything it started when it stops,
on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import errno
import functools
import http.server
import multiprocessing
import os
import re
import signal
import threading
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import NoReturn

from classeur.common.errors import PortalError
from classeur.live.watch import watch
from classeur.model.findings import Finding
from classeur.publish.build import build_sites
from classeur.publish.renderer import Renderer

Say = Callable[[str], None]

_SPAWN = multiprocessing.get_context("spawn")
_GRACE = 10.0  # seconds a rebuild (or the watcher) gets to finish cleanly once told to stop


# Without a charset, browsers read a text attachment as Latin-1: « SiÃ¨ge » (issue #15).
_TEXT_TYPES = {".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8"}
# Root-absolute URLs in a 404 page: MkDocs writes them from `site_url`, "/" when unset.
_ROOT_URL = re.compile(r'((?:href|src)="|"(?:base|search)": ")/(?!/)')
NOT_FOUND = "404.html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request, text as UTF-8, and a French 404 page."""

    extensions_map = http.server.SimpleHTTPRequestHandler.extensions_map | _TEXT_TYPES

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's own 404 page (in French), not Python's English one."""
        if code != HTTPStatus.NOT_FOUND:
            super().send_error(code, message, explain)
            return
        body = not_found_page(Path(self.directory), self.path).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def not_found_page(out: Path, url_path: str) -> str:
    """The 404 page of the site `url_path` is in, its links made to start at that site."""
    folder = url_path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
    page = out / folder / NOT_FOUND
    if not folder or folder.startswith(".") or not page.is_file():
        return _PLAIN_NOT_FOUND
    prefix = f"/{folder}/"
    return _ROOT_URL.sub(lambda m: m[1] + prefix, page.read_text(encoding="utf-8"))


_PLAIN_NOT_FOUND = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Page introuvable</title></head><body><h1>Page introuvable</h1>"
    "<p>Cette adresse ne correspond à aucune page. "
    '<a href="/">Revenir à l’accueil du classeur</a>.</p></body></html>\n'
)


class _Terminated(Exception):
    """SIGTERM: stop as on Ctrl-C."""


def serve(
    root: Path,
    out: Path,
    *,
    port: int,
    watching: bool,
    today: date | None,
    renderer: Renderer,
    say: Say,
) -> None:
    """Serve `out` at http://127.0.0.1:PORT/ until interrupted; rebuild on saves."""
    if not out.is_dir():
        raise PortalError(
            f"{out}/ does not exist. Build the sites first: classeur build --all --out {out}"
        )
    server = _listen(out, port)
    stop = threading.Event()
    rebuild = Rebuilder(root, out, today, renderer, say)
    watcher = threading.Thread(target=watch, args=(root, rebuild, stop), daemon=True)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        if watching:
            watcher.start()
        say(f"Serving {out}/ at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        server.serve_forever()
    except (KeyboardInterrupt, _Terminated):
        say("Stopped.")
    finally:
        # A second Ctrl-C must not cut the cleanup short and leave a rebuild running.
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop.set()
        rebuild.stop()
        if watcher.is_alive():
            watcher.join(_GRACE)
        server.server_close()
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, previous)


def _listen(out: Path, port: int) -> http.server.ThreadingHTTPServer:
    """The server, bound to the port; a PortalError saying why when it cannot be."""
    handler = functools.partial(QuietHandler, directory=str(out))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PortalError(
                f"port {port} is already in use on 127.0.0.1. Stop what uses it, "
                f"or pass another port, e.g. --port {port + 1}."
            ) from None
        reason = error.strerror or str(error)
        raise PortalError(
            f"cannot serve on 127.0.0.1, port {port}: {reason}. Pass another port with --port."
        ) from None
    except OverflowError:  # what the socket module raises for a number out of range
        raise PortalError(
            f"port {port} does not exist: ports go from 1 to 65535. Pass another one with --port."
        ) from None


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise _Terminated


class Rebuilder:
    """Rebuilds the sites already in `out`, each time in a fresh process; `stop` ends it."""

    def __init__(
        self, root: Path, out: Path, today: date | None, renderer: Renderer, say: Say
    ) -> None:
        self.audiences = sorted(
            p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
        self._job = (root, self.audiences, out, today, renderer)
        self._say = say
        self._lock = threading.Lock()
        self._running: BaseProcess | None = None
        self._stopped = False

    def __call__(self, paths: set[str]) -> None:
        """Rebuild after a save (on the watcher's thread), and say how it went."""
        self._say(f"Changed: {', '.join(sorted(paths))}; rebuilding {', '.join(self.audiences)}…")
        receiving, sending = _SPAWN.Pipe(duplex=False)
        process = _SPAWN.Process(target=rebuild_sites, args=(*self._job, sending))
        with self._lock:
            if self._stopped:
                return
            process.start()
            self._running = process
        sending.close()  # the child's end: end of file once it is gone
        with receiving:
            try:
                lines: list[str] | None = receiving.recv()
            except EOFError:
                lines = None
        with self._lock:
            if self._stopped:
                return  # `stop` ends it
            self._running = None
        process.join(_GRACE)
        _end(process)  # a no-op unless something of it lingers
        for line in lines or [_died(process)]:
            self._say(line)

    def stop(self) -> None:
        """End the running rebuild and every process it started; no rebuild starts after."""
        with self._lock:
            self._stopped, process = True, self._running
        if process is not None:
            _end(process)


def _died(process: BaseProcess) -> str:
    return (
        f"error: the rebuild stopped before it finished (exit code {process.exitcode}). "
        "The sites were not updated."
    )


def _end(process: BaseProcess) -> None:
    """End a rebuild's process group: asked first (its scratch folder goes), then killed."""
    pid = process.pid
    if pid is None:  # never started
        return
    for signum in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, signum)
        except ProcessLookupError:  # it has not made its group yet, or nothing is left of it
            if process.is_alive():
                os.kill(pid, signum)
        process.join(_GRACE)


def rebuild_sites(
    root: Path,
    audiences: list[str],
    out: Path,
    today: date | None,
    renderer: Renderer,
    sending: Connection,
) -> None:
    """In the fresh process: build, then send back what `serve` should say."""
    os.setpgid(0, 0)  # a group of its own, helpers included, that serve ends when it stops
    signal.signal(signal.SIGTERM, _exit)
    try:
        outcome = build_sites(root, audiences, out, renderer=renderer, today=today or date.today())
    except PortalError as error:
        sending.send([f"error: {error}"])
        return
    if outcome.findings:
        sending.send([_findings(outcome.findings), "The sites were not updated."])
    else:
        sending.send(["Sites updated."])


def _exit(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)  # unwinds: temporary folders are removed


def _findings(findings: tuple[Finding, ...]) -> str:
    return "\n".join(finding.render() for finding in findings)
