"""A small binder with the project's real mkdocs.yml and site_src/, for site builds."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Mapping
from pathlib import Path

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
