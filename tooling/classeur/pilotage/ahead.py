"""The binder checked for a steering pack, while pilotage's Git reads run on the other core.

`classeur report` needs both the binder judged (documents, readers, review
states, the measurements' errors) and the history pilotage reads from Git
(submissions, document versions). Neither needs the other: once the policy
is read, a forked helper reads Git while this process judges the binder.
Where no helper can run, or it fails, the pack reads Git itself afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from classeur.binder.check import evaluate, load_binder
from classeur.common.forked import Forked, can_fork
from classeur.git.history import load_history
from classeur.git.pilotage import PilotageHistory
from classeur.model.indicators import Period
from classeur.model.report import Report
from classeur.pilotage.records import SteeringPack
from classeur.pilotage.steering import read_git, steering_pack


@dataclass
class Checked:
    """A judged binder and, maybe still on its way, what pilotage reads from Git."""

    report: Report
    root: Path
    month: Period
    git: Forked[PilotageHistory] | None

    def pack(self, *, audience: str | None, function: str | None) -> SteeringPack:
        """The month's pack as `audience` may read it (see steering.steering_pack)."""
        git = self.git.result() if self.git is not None else None
        return steering_pack(
            self.report,
            month=self.month,
            audience=audience,
            function=function,
            root=self.root,
            today=self.report.today,
            git=git,
        )

    def close(self) -> None:
        """End the helper if its result was never read (the pack was not made)."""
        if self.git is not None:
            self.git.stop()


def check_for_pack(root: Path, *, month: Period, today: date) -> Checked:
    """Judge the binder for `month`'s pack (overdue reviews are facts, not errors)."""
    history = load_history(root)
    state = load_binder(root)
    reading = None
    if can_fork() and state.policy.indicators:
        task = partial(read_git, state.policy, history, root=root, month=month, today=today)
        reading = Forked(task)
    try:
        report = evaluate(state, today=today, overdue_is_error=False, history=history)
    except BaseException:
        if reading is not None:
            reading.stop()
        raise
    return Checked(report, root, month, reading)
