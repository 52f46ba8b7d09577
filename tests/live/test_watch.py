from __future__ import annotations

import threading
from datetime import date

import pytest

from classeur.binder.live import LiveCheck
from classeur.live.watch import Debouncer, is_temporary, watch
from tests.conftest import doc


def test_a_burst_of_events_is_reported_once():
    debouncer = Debouncer(quiet=0.1, longest=1.0)
    for offset, path in enumerate(
        ["procedures/a.md", "procedures/.a.md.swp", "procedures/a.md~", "procedures/a.md"]
    ):
        debouncer.add(path, now=offset * 0.02)
    assert debouncer.due(now=0.1) is None  # the last event was 0.04 s ago
    assert debouncer.due(now=0.17) == {"procedures/a.md"}
    assert debouncer.due(now=0.5) is None


def test_a_never_ending_burst_still_reports_after_the_longest_wait():
    debouncer = Debouncer(quiet=0.1, longest=0.5)
    for step in range(20):
        debouncer.add("procedures/a.md", now=step * 0.05)
        if step * 0.05 >= 0.5:
            break
    assert debouncer.due(now=0.5) == {"procedures/a.md"}


@pytest.mark.parametrize(
    "name", [".a.md.swp", "a.md~", "#a.md#", ".#a.md", "4913", ".a.md.x7f.tmp", "a.md.crdownload"]
)
def test_editor_scratch_files_are_ignored(name):
    assert is_temporary(f"procedures/{name}")


def test_live_check_judges_dependents_again(binder):
    root = binder(
        {
            "procedures/a.md": doc(related="[OPS-002]"),
            "procedures/b.md": doc(id="OPS-009"),
        }
    )
    live = LiveCheck(root, today=date(2026, 3, 1))
    assert [f.code for f in live.report.findings] == ["unknown-related"]
    (root / "procedures/b.md").write_text(doc(id="OPS-002"), encoding="utf-8")
    delta = live.apply({"procedures/b.md"})
    assert ([f.code for f in delta.new], [f.code for f in delta.fixed]) == ([], ["unknown-related"])


def test_live_check_judges_a_saved_document_again_and_keeps_the_others(binder):
    root = binder(
        {"procedures/a.md": doc(), "procedures/b.md": doc(id="OPS-002", owners="[nobody]")}
    )
    live = LiveCheck(root, today=date(2026, 3, 1))
    assert [(f.path, f.code) for f in live.report.findings] == [
        ("procedures/b.md", "unknown-person")
    ]
    (root / "procedures/a.md").write_text(doc(owners="[ghost]"), encoding="utf-8")
    delta = live.apply({"procedures/a.md"})
    assert [(f.path, f.code) for f in delta.new] == [("procedures/a.md", "unknown-person")]
    assert delta.fixed == ()
    (root / "procedures/b.md").write_text(doc(id="OPS-002"), encoding="utf-8")
    delta = live.apply({"procedures/b.md"})
    assert [(f.path, f.code) for f in delta.fixed] == [("procedures/b.md", "unknown-person")]
    assert [f.path for f in delta.report.findings] == ["procedures/a.md"]


def test_live_check_reloads_on_policy_change(binder):
    root = binder({"procedures/a.md": doc(access="[staff]")})
    live = LiveCheck(root, today=date(2026, 3, 1))
    audiences = root / "access_policies/audiences.yml"
    audiences.write_text(
        audiences.read_text(encoding="utf-8").replace(
            "  - id: staff\n    label: Personnel\n    description: Staff.\n", ""
        ),
        encoding="utf-8",
    )
    delta = live.apply({"access_policies/audiences.yml"})
    assert "unknown-access-tag" in [f.code for f in delta.new]


def test_real_observer_reports_a_write_then_rename_save_once(binder):
    root = binder({"procedures/a.md": doc()})
    batches: list[set[str]] = []
    arrived = threading.Event()
    stop, ready = threading.Event(), threading.Event()

    def on_change(paths: set[str]) -> None:
        batches.append(paths)
        arrived.set()

    thread = threading.Thread(
        target=watch, args=(root, on_change, stop), kwargs={"ready": ready}, daemon=True
    )
    thread.start()
    assert ready.wait(timeout=10)
    scratch = root / "procedures" / ".a.md.tmp1234"
    scratch.write_text(doc(title="Nouveau titre"), encoding="utf-8")  # how many editors save
    scratch.replace(root / "procedures" / "a.md")
    try:
        assert arrived.wait(timeout=10), "no change reported within 10 s"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert batches == [{"procedures/a.md"}]


def test_real_observer_reports_the_site_configuration_and_no_other_file_of_the_root(binder):
    root = binder({"procedures/a.md": doc(), "mkdocs.yml": "site_name: A\n"})
    batches: list[set[str]] = []
    arrived = threading.Event()
    stop, ready = threading.Event(), threading.Event()

    def on_change(paths: set[str]) -> None:
        batches.append(paths)
        arrived.set()

    thread = threading.Thread(
        target=watch, args=(root, on_change, stop), kwargs={"ready": ready}, daemon=True
    )
    thread.start()
    assert ready.wait(timeout=10)
    (root / "notes.txt").write_text("brouillon\n", encoding="utf-8")  # not the sites' input
    (root / "mkdocs.yml").write_text("site_name: B\n", encoding="utf-8")
    try:
        assert arrived.wait(timeout=10), "no change reported within 10 s"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert batches == [{"mkdocs.yml"}]
