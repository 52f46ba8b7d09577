"""`serve`: the built sites on this machine only, rebuilt after every save, pages reloaded.

The server answers from threads and the watcher is another one, and a process
with threads must never fork (a lock another thread holds stays held in the
child forever): the rebuilds run in one worker process started fresh
("spawn") when `serve` starts, which keeps the sites loaded between saves
(live/worker.py) in a process group of its own, which `serve` ends with
everything it started when it stops, on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import NoReturn

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.live.incremental import Rebuilt
from classeur.live.reload import Reloads
from classeur.live.server import NOT_FOUND, QuietHandler, listen, not_found_page
from classeur.live.watch import watch
from classeur.live.worker import run_worker

__all__ = ["NOT_FOUND", "QuietHandler", "Rebuilder", "not_found_page", "serve"]

Say = Callable[[str], None]

_SPAWN = multiprocessing.get_context("spawn")
_GRACE = 10.0  # seconds the worker (or the watcher) gets to finish cleanly once told to stop


class _Terminated(Exception):
    """SIGTERM: stop as on Ctrl-C."""


def serve(
    root: Path,
    out: Path,
    *,
    port: int,
    watching: bool,
    today: date | None,
    include_drafts: bool = False,
    say: Say,
) -> None:
    """Serve `out` at http://127.0.0.1:PORT/ until interrupted; rebuild on saves."""
    if not out.is_dir():
        raise PortalError(
            _(
                "{out}/ does not exist. Build the sites first: classeur build --all --out {out}"
            ).format(out=out)
        )
    reloads = Reloads() if watching else None
    server = listen(out, port, reloads)
    stop = threading.Event()
    rebuild = Rebuilder(root, out, today, include_drafts, say, reloads or Reloads())
    watcher = threading.Thread(target=_watch, args=(root, rebuild, stop), daemon=True)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        say(
            _("Serving {out}/ at http://127.0.0.1:{port}/ (Ctrl-C to stop)").format(
                out=out, port=port
            )
        )
        if watching:
            watcher.start()
        server.serve_forever()
    except (KeyboardInterrupt, _Terminated):
        say(_("Stopped."))
    finally:
        # A second Ctrl-C must not cut the cleanup short and leave a rebuild running.
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop.set()
        rebuild.stop()
        if reloads is not None:
            reloads.close()
        if watcher.is_alive():
            watcher.join(_GRACE)
        server.server_close()
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, previous)


def _watch(root: Path, rebuild: Rebuilder, stop: threading.Event) -> None:
    """The watcher's thread; the preview's first build beside it (saves made meanwhile wait)."""
    threading.Thread(target=rebuild.start, daemon=True).start()
    watch(root, rebuild, stop)


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    raise _Terminated


class Rebuilder:
    """Rebuilds the sites already in `out` in the worker process; `stop` ends it."""

    def __init__(
        self,
        root: Path,
        out: Path,
        today: date | None,
        include_drafts: bool,
        say: Say,
        reloads: Reloads,
    ) -> None:
        self.audiences = sorted(
            p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")
        )
        self._job = (root, out, self.audiences, today, include_drafts)
        self._say, self._reloads = say, reloads
        self._lock = threading.Lock()  # one rebuild at a time; `stop` waits for none
        self._state = threading.Lock()
        self._worker: BaseProcess | None = None
        self._channel: Connection | None = None
        self._stopped = False

    def start(self) -> None:
        """Start the worker: it builds every audience for the preview (the cold start)."""
        with self._lock:
            self._say(
                _("Preparing the live preview of {audiences}…").format(
                    audiences=", ".join(self.audiences)
                )
            )
            self._exchange(None)

    def __call__(self, paths: set[str]) -> None:
        """Rebuild after a save (on the watcher's thread), say how it went, reload the pages."""
        with self._lock:
            self._say(_("Changed: {paths}; rebuilding…").format(paths=", ".join(sorted(paths))))
            self._exchange(paths)

    def _exchange(self, paths: set[str] | None) -> None:
        if self._worker is None or not self._worker.is_alive():
            if not self._spawn():
                return
            if paths is not None:  # a new worker builds everything first
                paths = None
        assert self._channel is not None and self._worker is not None
        try:
            if paths is not None:
                self._channel.send(paths)
            done: Rebuilt | None = self._channel.recv()
        except (EOFError, OSError):
            done = None
        if self._stopped:
            return
        if done is None:
            self._worker.join(_GRACE)
            self._say(_died(self._worker))
            _end(self._worker)
            self._worker = None
            return
        for line in done.lines:
            self._say(line)
        if done.updated:
            self._reloads.announce(done.urls)

    def _spawn(self) -> bool:
        ours, theirs = _SPAWN.Pipe(duplex=True)
        process = _SPAWN.Process(target=run_worker, args=(*self._job, theirs))
        with self._state:
            if self._stopped:
                return False
            process.start()
            self._worker, self._channel = process, ours
        theirs.close()  # the worker's end: end of file once it is gone
        return True

    def stop(self) -> None:
        """End the worker and every process it started; no rebuild starts after."""
        with self._state:
            self._stopped, process = True, self._worker
        if process is not None:
            _end(process)


def _died(process: BaseProcess) -> str:
    return _(
        "error: the rebuild stopped before it finished (exit code {code}). "
        "The sites were not updated."
    ).format(code=process.exitcode)


def _end(process: BaseProcess) -> None:
    """End a worker's process group: asked first (its scratch folder goes), then killed."""
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
