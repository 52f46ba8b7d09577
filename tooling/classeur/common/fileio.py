"""Writes that are all or nothing: a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to `path` through a temporary file and a rename.

    With `exclusive`, refuse (FileExistsError) when `path` already exists, so
    that nothing an author wrote is ever overwritten.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if exclusive:
            os.link(temporary, path)  # fails if `path` exists, unlike a rename
            Path(temporary).unlink()
        else:
            Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def file_size(root: str, relative: str) -> int:
    """The size of a file under `root` in bytes, 0 when it cannot be read: a weight for
    sharing work between cores, not a fact to report."""
    try:
        # os.path rather than Path: this runs once per document (bench/).
        return os.stat(os.path.join(root, relative)).st_size  # noqa: PTH116, PTH118
    except OSError:
        return 0
