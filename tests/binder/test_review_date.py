"""`classeur review --date` records a day that has come: never after today."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit

PATH = "procedures/a.md"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    commit(root, {**POLICY, PATH: doc()}, "init", day="2026-01-15")
    return root


def invoke(repo: Path, *args: str):
    return CliRunner().invoke(
        main, ["review", "OPS-001", "--by", "ops", *args, "--root", str(repo)],
        catch_exceptions=False,
    )  # fmt: skip


def test_a_date_after_today_is_refused_and_nothing_is_written(repo):
    before = (repo / PATH).read_bytes()
    result = invoke(repo, "--date", "2026-03-02", "--today", "2026-03-01")
    assert (result.exit_code, result.output) == (
        2,
        "error: --date 2026-03-02 is after today (2026-03-01): a review is recorded once it is "
        "done. Pass the day of the review, today or earlier. Nothing was written.\n",
    )
    assert (repo / PATH).read_bytes() == before


def test_a_date_after_the_real_today_is_refused(repo):
    result = invoke(repo, "--date", "2999-01-01")
    assert result.exit_code == 2
    assert result.output.startswith("error: --date 2999-01-01 is after today (")


@pytest.mark.parametrize("day", ["2026-03-01", "2026-02-10"])
def test_today_or_a_past_day_is_recorded(repo, day):
    result = invoke(repo, "--date", day, "--today", "2026-03-01")
    assert (result.exit_code, result.output) == (0, f"OPS-001: reviewed by ops on {day}\n")
    assert f"last_reviewed: {day}\n" in (repo / PATH).read_text(encoding="utf-8")


def test_without_a_date_the_review_is_recorded_on_today(repo):
    result = invoke(repo, "--today", "2026-03-01")
    assert (result.exit_code, result.output) == (0, "OPS-001: reviewed by ops on 2026-03-01\n")
