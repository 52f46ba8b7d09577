"""Atomic writes and scratch folders."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from classeur.common import fileio


def test_an_atomic_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "sous" / "page.html"
    fileio.write_atomic(target, b"contenu")
    fileio.write_atomic(target, b"nouveau")
    assert target.read_bytes() == b"nouveau"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_an_exclusive_write_never_replaces_a_file(tmp_path):
    target = tmp_path / "page.md"
    target.write_text("écrit par l'auteur")
    with pytest.raises(FileExistsError):
        fileio.write_atomic(target, b"autre", exclusive=True)
    assert target.read_text() == "écrit par l'auteur"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_scratch_goes_to_memory_when_it_has_room(tmp_path, monkeypatch):
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(fileio, "_IN_MEMORY", memory)
    monkeypatch.setattr(fileio, "_ENOUGH", 1)
    with fileio.scratch_folder("classeur-test-") as made:
        assert Path(made).parent == memory
        assert Path(made).name.startswith("classeur-test-")
        assert Path(made).stat().st_mode & 0o077 == 0  # private to its user
    assert not Path(made).exists()  # thrown away with the command


@pytest.mark.parametrize("why", ["missing", "too small"])
def test_scratch_falls_back_to_the_usual_temporary_folder(tmp_path, monkeypatch, why):
    memory = tmp_path / "shm"
    if why == "too small":  # a container's 64 MB /dev/shm
        memory.mkdir()
        monkeypatch.setattr(fileio, "_ENOUGH", 1 << 60)
    monkeypatch.setattr(fileio, "_IN_MEMORY", memory)
    with fileio.scratch_folder("classeur-test-") as made:
        assert Path(made).parent == Path(tempfile.gettempdir())


def test_a_tree_lists_every_file_and_link_once_sorted_never_following_links(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "b" / "c" / "page.html").write_text("x")
    (tmp_path / "a.html").write_text("x")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text("x")
    (tmp_path / "b" / "to-folder").symlink_to(tmp_path / "outside")
    (tmp_path / "b" / "to-file").symlink_to(tmp_path / "a.html")
    assert fileio.tree_files(tmp_path) == [
        "a.html",
        "b/c/page.html",
        "b/to-file",
        "b/to-folder",
        "outside/secret.md",
    ]
    assert fileio.tree_files(tmp_path / "b") == ["c/page.html", "to-file", "to-folder"]
