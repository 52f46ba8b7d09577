"""`report` judges the binder while a forked helper reads pilotage's Git history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from classeur.binder.check import check
from classeur.git.history import load_history
from classeur.model.indicators import Period
from classeur.pilotage import ahead
from classeur.pilotage.ahead import check_for_pack
from classeur.pilotage.steering import steering_pack

REPO = Path(__file__).resolve().parents[2]  # the sample binder, with its Git history
TODAY, MONTH = date(2026, 11, 16), Period(2026, 10)


def in_turn(audience: str | None):
    report = check(REPO, today=TODAY, overdue_is_error=False, history=load_history(REPO))
    return steering_pack(report, month=MONTH, audience=audience, root=REPO, today=TODAY)


def read_ahead(audience: str | None):
    checked = check_for_pack(REPO, month=MONTH, today=TODAY)
    try:
        return checked.pack(audience=audience, function=None)
    finally:
        checked.close()


def test_the_pack_read_ahead_is_the_pack_read_in_turn():
    for audience in (None, "provider"):
        pack = read_ahead(audience)
        assert pack == in_turn(audience)
        # Git was read: the pack knows the day of the repository's first commit.
        assert "L'historique Git commence le" in " ".join(pack.notices)


def test_when_the_helper_fails_the_pack_reads_git_itself(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("the helper's git died")

    monkeypatch.setattr(ahead, "read_git", broken)
    assert read_ahead(None) == in_turn(None)
