"""Watch the binder's folders and call back once per save, however the editor saves.

Editors save in bursts: a temporary file written then renamed over the
original, a backup, several modify events. The debouncer turns each burst into
one call with the set of paths that really changed.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

WATCHED = ("procedures", "access_policies", "site_src")
CONFIG = "mkdocs.yml"  # watched too: the one file of the binder's root that the sites read
_TEMPORARY_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp", ".part", ".bak", ".crdownload")
_TEMPORARY_NAMES = ("4913",)  # vim probes whether it may write in the folder


def is_temporary(path: str) -> bool:
    """Editors' scratch files, never binder content."""
    name = path.rsplit("/", 1)[-1]
    return (
        name.startswith((".#", "#", ".~"))
        or name.endswith(_TEMPORARY_SUFFIXES)
        or name in _TEMPORARY_NAMES
        or (name.startswith(".") and ".tmp" in name)  # our own atomic writes, among others
    )


class Debouncer:
    """Collects changed paths; releases them once no event came for `quiet` seconds,
    or `longest` seconds after the first one (a never-ending burst still reports)."""

    def __init__(self, quiet: float = 0.05, longest: float = 1.0) -> None:
        self.quiet, self.longest = quiet, longest
        self._paths: set[str] = set()
        self._first = self._last = 0.0

    def add(self, path: str, now: float) -> None:
        """Note one event; temporary files are ignored."""
        if is_temporary(path):
            return
        if not self._paths:
            self._first = now
        self._paths.add(path)
        self._last = now

    def due(self, now: float) -> set[str] | None:
        """The batch of changed paths if it is time to report it, else None."""
        if not self._paths:
            return None
        if now - self._last >= self.quiet or now - self._first >= self.longest:
            batch, self._paths = self._paths, set()
            return batch
        return None

    def wait_time(self, now: float) -> float | None:
        """How long to sleep before `due` may answer (None: nothing pending)."""
        if not self._paths:
            return None
        return max(0.0, min(self._last + self.quiet, self._first + self.longest) - now)


def watch(
    root: Path,
    on_change: Callable[[set[str]], None],
    stop: threading.Event,
    *,
    debouncer: Debouncer | None = None,
    ready: threading.Event | None = None,
) -> None:
    """Call `on_change(paths)` (root-relative) after each burst of changes, until `stop`."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    events: queue.Queue[tuple[str, float]] = queue.Queue()
    resolved = root.resolve()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write") or event.is_directory:
                return
            for raw in _paths_of(event):
                try:
                    path = Path(raw).resolve().relative_to(resolved).as_posix()
                except ValueError:
                    continue
                if "/" in path or path == CONFIG:  # of the root's own files, only the config
                    events.put((path, time.monotonic()))

    observer = Observer()
    for folder in WATCHED:
        if (root / folder).is_dir():
            observer.schedule(Handler(), str(root / folder), recursive=True)
    observer.schedule(Handler(), str(root), recursive=False)
    observer.start()
    if ready is not None:
        ready.set()
    batcher = debouncer or Debouncer()
    try:
        while not stop.is_set():
            wait = batcher.wait_time(time.monotonic())
            try:
                path, when = events.get(timeout=0.2 if wait is None else max(wait, 0.005))
                batcher.add(path, when)
            except queue.Empty:
                pass
            batch = batcher.due(time.monotonic())
            if batch:
                on_change(batch)
    finally:
        observer.stop()
        observer.join()


def _paths_of(event: object) -> Iterable[str]:
    for name in ("src_path", "dest_path"):
        value = getattr(event, name, "")
        if value:
            yield value.decode() if isinstance(value, bytes) else str(value)
