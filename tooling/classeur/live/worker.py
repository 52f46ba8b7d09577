"""The live preview's worker: one process, spawned once, that keeps the sites loaded.

`serve` sends it each batch of saved paths and receives what the rebuild did
(live/incremental.py); between saves it waits. It runs in a process group of
its own, so that `serve` ends it, and anything it started, when it stops.
"""

from __future__ import annotations

import gc
import os
import signal
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import NoReturn

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.live.incremental import LivePreview, Rebuilt


def run_worker(
    root: Path,
    out: Path,
    audiences: list[str],
    today: date | None,
    include_drafts: bool,
    channel: Connection,
) -> None:
    """In the spawned process: build every audience, then rebuild after each batch sent."""
    os.setpgid(0, 0)  # a group of its own, helpers included, that serve ends when it stops
    signal.signal(signal.SIGTERM, _exit)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is serve's to handle
    preview = LivePreview(root, out, audiences, today, include_drafts)
    try:
        channel.send(_attempt(preview, None))
        _settle()
        while True:
            try:
                paths: set[str] | None = channel.recv()
            except EOFError:
                return
            if paths is None:
                return
            channel.send(_attempt(preview, paths))
            _settle()
    finally:
        preview.close()


def _attempt(preview: LivePreview, paths: set[str] | None) -> Rebuilt:
    try:
        return preview.start() if paths is None else preview.update(paths)
    except PortalError as error:
        line = _("error: {message}").format(message=error)
        return Rebuilt((line, _("The sites were not updated.")), (), False)


def _settle() -> None:
    """Collect the last rebuild's garbage now, while the editor types, then freeze the rest.

    The worker holds every page of every previewed site: a full collection walks
    them all and, left to chance, lands in the middle of the next save (a second
    of a save's four on 5,000 documents). Frozen objects are never walked; what
    the next rebuild leaves behind is collected here again, after its reload.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _exit(signum: int, frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)  # unwinds: the scratch folder is removed
