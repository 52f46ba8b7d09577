"""Staging again over the same tree, writing only what changed, and saying what did.

The staging tree is the renderer's only input, so the files a new staging
writes differently are exactly what a save changed on that site. Each file's
fingerprint is kept between stagings (its bytes' digest; for a file copied
from the binder, its size and modification time), so an unchanged file is
neither written nor read back.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.publish.renderer_config import CONFIG_NAME
from classeur.publish.staging import SNIPPETS, StageWriter

DOCS = "docs/"


@dataclass(frozen=True)
class Changes:
    """What a staging changed: `whole` when only a full build will do, else these files."""

    whole: bool
    changed: tuple[str, ...]  # root-relative paths, `/` separators


class Restager(StageWriter):
    """A StageWriter for the same tree again and again, that notes what it changed."""

    over_existing = True
    remembers = True

    def __init__(self, root: Path) -> None:
        self.root = root
        self._prefix = len(str(root)) + 1
        self._known: dict[str, object] = {}  # root-relative path -> fingerprint
        self._seen: set[str] = set()
        self._changed: list[str] = []
        self._added = self._renamed = False
        self._config = b""
        self._bodies: dict[Hashable, str] = {}
        self._bodies_before: dict[Hashable, str] = {}

    def begin(self) -> None:
        """Before a staging: note the configuration as it is (it names the navigation)."""
        self._seen, self._changed = set(), []
        self._bodies_before, self._bodies = self._bodies, {}  # only the last staging's kept
        self._added = self._renamed = False
        config = self.root / CONFIG_NAME
        self._config = config.read_bytes() if config.is_file() else b""

    def body(self, key: Hashable, make: Callable[[], str]) -> str:
        found = self._bodies_before.get(key)
        self._bodies[key] = made = make() if found is None else found
        return made

    def page(self, target: Path, text: str) -> None:
        # The text itself is the fingerprint: comparing it costs less than encoding and
        # hashing 15,000 pages per save, for the memory of one more copy of each.
        if self._unchanged(target, text):
            return
        data = text.encode("utf-8")
        if target.suffix == ".md" and target.is_file():
            self._renamed |= _header(target.read_bytes()) != _header(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def copy(self, source: Path, target: Path) -> None:
        if source.is_symlink() or not source.is_file():
            raise PortalError(
                _("{path} is not a regular file; it cannot be published.").format(path=source)
            )
        stat = source.stat()
        if self._unchanged(target, (stat.st_size, stat.st_mtime_ns)):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def finish(self) -> Changes:
        """After a staging: remove what it no longer wrote; say what changed."""
        gone = [path for path in self._known if path not in self._seen]
        for path in gone:
            del self._known[path]
            (self.root / path).unlink(missing_ok=True)
        config = self.root / CONFIG_NAME
        moved = config.read_bytes() != self._config if config.is_file() else True
        snippets = any(path.startswith(SNIPPETS + "/") for path in self._changed)
        whole = bool(gone) or self._added or self._renamed or moved or snippets
        return Changes(whole, tuple(self._changed))

    def _unchanged(self, target: Path, fingerprint: object) -> bool:
        path = str(target)[self._prefix :]  # under root: a slice, not a Path walk per page
        self._seen.add(path)
        before = self._known.get(path)
        if before == fingerprint:
            return True
        self._added |= before is None  # a page, an attachment or a generated page appeared
        self._known[path] = fingerprint
        self._changed.append(path)
        return False


def _header(data: bytes) -> bytes:
    """A staged page's YAML header: its title and tags are in the navigation."""
    if not data.startswith(b"---\n"):
        return b""
    end = data.find(b"\n---\n", 4)
    return data[: end + 5] if end >= 0 else data
