"""Forked helpers: their logs come back, they never fork beside threads, nobody waits forever."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

from classeur.common import forked
from classeur.common.forked import Forked, can_fork, kept_logs

pages = logging.getLogger("mkdocs.structure.pages")
BROKEN = "Doc file 'a.md' contains a link 'b.md', but the target is not found."


def warn_and_answer() -> int:
    pages.warning(BROKEN)
    return 42


def test_a_warning_logged_in_a_helper_is_emitted_here_with_its_result(caplog):
    assert Forked(warn_and_answer).result() == 42
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("mkdocs.structure.pages", "WARNING", BROKEN)
    ]


def test_a_warning_reaches_mkdocs_handlers_once_when_mkdocs_does_not_propagate(monkeypatch, caplog):
    mkdocs = logging.getLogger("mkdocs")
    monkeypatch.setattr(mkdocs, "propagate", False)  # as `mkdocs build` sets it
    received: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: received.append(record.getMessage())  # type: ignore[method-assign]
    mkdocs.addHandler(handler)
    try:
        assert Forked(warn_and_answer).result() == 42
    finally:
        mkdocs.removeHandler(handler)
    assert received == [BROKEN]
    assert caplog.records == []  # not propagated, as if logged here


def keep_one_page_of_warnings() -> list[str]:
    kept: list[logging.LogRecord] = []
    with kept_logs(kept):
        pages.warning("a page's warning, sent with its conversion")
    pages.warning("a warning of the helper itself")
    return [record.getMessage() for record in kept]


def test_records_kept_by_an_inner_block_travel_with_its_work_not_with_the_result(caplog):
    assert Forked(keep_one_page_of_warnings).result() == [
        "a page's warning, sent with its conversion"
    ]
    assert caplog.messages == ["a warning of the helper itself"]


def hang(pid_file: Path) -> None:
    pid_file.write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(600)


def test_a_helper_that_hangs_is_killed_at_the_deadline_and_gives_no_result(tmp_path, caplog):
    pid_file = tmp_path / "pid"
    helper = Forked(lambda: hang(pid_file))
    deadline = time.monotonic() + 10
    while not pid_file.exists():
        assert time.monotonic() < deadline, "the helper did not start"
        time.sleep(0.01)
    started = time.monotonic()
    assert helper.result(timeout=0.5) is None
    assert time.monotonic() - started < 5
    assert not Path(f"/proc/{pid_file.read_text(encoding='utf-8')}").exists()
    assert caplog.messages == [
        "a helper process gave no result within 0.5 s: this process does its share."
    ]


def test_without_a_timeout_a_helper_gets_the_patience(monkeypatch):
    monkeypatch.setattr(forked, "PATIENCE", 0.3)
    helper = Forked(lambda: time.sleep(600))
    started = time.monotonic()
    assert helper.result() is None
    assert 0.3 <= time.monotonic() - started < 5


def test_without_a_timeout_a_helper_gets_as_long_again_as_it_has_run(monkeypatch):
    monkeypatch.setattr(forked, "PATIENCE", 0.1)
    helper = Forked(lambda: time.sleep(600))
    time.sleep(0.6)  # the caller's own half of the work
    started = time.monotonic()
    assert helper.result() is None
    assert 0.6 <= time.monotonic() - started < 5


@pytest.fixture
def other_thread(monkeypatch):
    """A second thread alive for the whole test, on a machine with cores to spare."""
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 4)
    release = threading.Event()
    thread = threading.Thread(target=release.wait, daemon=True)
    thread.start()
    yield thread
    release.set()
    thread.join(timeout=10)


def test_no_helper_may_fork_beside_another_thread(other_thread):
    assert not can_fork()


def touch_and_answer(path: Path) -> str:
    path.touch()
    return "done"


def test_a_helper_asked_for_beside_another_thread_runs_nothing(other_thread, tmp_path):
    ran = tmp_path / "ran"
    assert Forked(lambda: touch_and_answer(ran)).result() is None  # the caller does the work
    assert not ran.exists()


@pytest.fixture
def two_cores(monkeypatch):
    """A helper is forked even on a one-core machine (it then only takes turns)."""
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 2)


def test_shared_work_comes_back_in_order_with_a_part_done_by_a_helper(two_cores):
    done = forked.shared(
        list(range(10)), lambda part: [(n, os.getpid()) for n in part], lambda n: 1, at_least=2
    )
    assert [n for n, _pid in done] == list(range(10))
    assert done[0][1] == os.getpid() != done[-1][1]


def test_a_part_whose_helper_dies_is_done_here(two_cores):
    parent = os.getpid()

    def run(part):
        if os.getpid() != parent:
            os._exit(1)  # the helper dies without a result
        return list(part)

    assert forked.shared(list(range(10)), run, lambda n: 1, at_least=2) == list(range(10))


def test_below_the_threshold_everything_is_done_here():
    done = forked.shared(
        [1, 2, 3], lambda part: [os.getpid() for _ in part], lambda n: 1, at_least=4
    )
    assert done == [os.getpid()] * 3


def test_parts_are_cut_in_order_by_weight():
    assert forked.split_in_parts([5, 1, 1, 1, 1, 1], lambda n: n, 2) == [[5], [1, 1, 1, 1, 1]]
    assert forked.split_in_parts(list(range(7)), lambda n: 1, 3) == [[0, 1, 2], [3, 4], [5, 6]]
