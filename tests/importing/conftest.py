"""A binder with the GitBook folder of tests/data imported into it once per module."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from classeur.cli.main import main
from tests.conftest import make_binder

GITBOOK = Path(__file__).resolve().parent.parent / "data" / "gitbook"
# Every source file dated 3 February 2026: last_reviewed comes from it.
FILE_DAY = datetime(2026, 2, 3, 12, 0).timestamp()


@dataclass(frozen=True)
class Imported:
    root: Path
    source: Path
    result: Result

    def read(self, relative: str) -> str:
        return (self.root / "procedures/ops/manuel-comptable" / relative).read_text("utf-8")

    def output(self) -> str:
        """What the command printed, with the source's folder written as `SRC`."""
        return self.result.stdout.replace(str(self.source), "SRC")


def copy_gitbook(target: Path) -> Path:
    """tests/data/gitbook copied to `target`, every file dated FILE_DAY."""
    shutil.copytree(GITBOOK, target)
    for path in target.rglob("*"):
        os.utime(path, (FILE_DAY, FILE_DAY))
    return target


def run_import(root: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["import", "--root", str(root), "--today", "2026-03-01", *args],
        catch_exceptions=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    base = tmp_path_factory.mktemp("gitbook")
    root = make_binder(base / "binder", {})
    source = copy_gitbook(base / "sources" / "Manuel comptable")
    return Imported(root, source, run_import(root, str(source), "--function", "ops"))
