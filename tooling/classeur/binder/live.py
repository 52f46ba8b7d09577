"""A binder kept in memory and judged again after each save: what `watch` prints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from classeur.binder.check import BinderState, evaluate, load_binder, reread
from classeur.model.findings import Finding
from classeur.model.report import Report

_RELOAD_ALL = ("access_policies/", "site_src/")  # they change how every document is judged


@dataclass(frozen=True)
class Delta:
    """What one save changed in the diagnostics."""

    new: tuple[Finding, ...]
    fixed: tuple[Finding, ...]
    report: Report


class LiveCheck:
    """Re-reads only the files that changed, then runs every rule again in memory
    (links, `related` and the policy make documents depend on each other)."""

    def __init__(self, root: Path, *, today: date) -> None:
        self.root, self.today = root, today
        self.state: BinderState = load_binder(root)
        self.report = evaluate(self.state, today=today)

    def apply(self, paths: Iterable[str]) -> Delta:
        """Take changed root-relative paths into account; say what changed."""
        changed = sorted(paths)
        if any(p.startswith(_RELOAD_ALL) for p in changed):
            self.state = load_binder(self.root)
        else:
            folders = tuple(s.folder.rstrip("/") + "/" for s in self.state.sources)
            reread(self.state, [p for p in changed if p.startswith(folders)])
        before = set(self.report.findings)
        self.report = evaluate(self.state, today=self.today)
        after = set(self.report.findings)
        return Delta(tuple(sorted(after - before)), tuple(sorted(before - after)), self.report)
