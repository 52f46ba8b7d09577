from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from classeur.git import blobs_history
from classeur.git.blobs_history import read_committed, text_of
from tests.gitrepo import commit, git


def blob_of(root: Path, revision: str) -> str:
    return git(root, "rev-parse", revision).strip()


def docx(text: str) -> bytes:
    body = f'<w:document xmlns:w="{_WORD}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("word/document.xml", body)
    return data.getvalue()


_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_every_version_is_listed_once_with_the_commit_that_first_wrote_it(tmp_path):
    first = commit(tmp_path, {"procedures/a.md": "un\n"}, "v1", day="2026-01-01")
    second = commit(tmp_path, {"procedures/a.md": "deux\n"}, "v2", day="2026-01-02")
    commit(tmp_path, {"procedures/a.md": "un\n"}, "retour à v1", day="2026-01-03")
    versions = read_committed(tmp_path, ["procedures"]).versions
    assert [(v.path, v.commit, v.day) for v in versions] == [
        ("procedures/a.md", first, "2026-01-01"),
        ("procedures/a.md", second, "2026-01-02"),
    ]


def test_deleted_files_and_other_branches_are_read(tmp_path):
    commit(tmp_path, {"procedures/a.md": "gardé\n"}, "a", day="2026-01-01")
    commit(tmp_path, {"procedures/b.md": "effacé\n"}, "b", day="2026-01-02")
    commit(tmp_path, {"procedures/b.md": None}, "sans b", day="2026-01-03")
    git(tmp_path, "checkout", "-q", "-b", "brouillon")
    commit(tmp_path, {"procedures/c.md": "sur une branche\n"}, "c", day="2026-01-04")
    git(tmp_path, "checkout", "-q", "main")
    committed = read_committed(tmp_path, ["procedures"])
    assert sorted(committed.texts[v.blob] for v in committed.versions) == [
        "effacé\n",
        "gardé\n",
        "sur une branche\n",
    ]


def test_only_the_given_folders_are_read(tmp_path):
    commit(
        tmp_path,
        {"procedures/a.md": "dedans\n", "README.md": "dehors\n"},
        "init",
        day="2026-01-01",
    )
    committed = read_committed(tmp_path, ["procedures"])
    assert [v.path for v in committed.versions] == ["procedures/a.md"]


def test_paths_with_accents_and_spaces_are_kept_as_written(tmp_path):
    commit(tmp_path, {"procedures/réglement fournisseur.md": "x\n"}, "init", day="2026-01-01")
    committed = read_committed(tmp_path, ["procedures"])
    assert [v.path for v in committed.versions] == ["procedures/réglement fournisseur.md"]


def test_the_current_text_is_head_with_the_working_tree_changes(tmp_path):
    commit(
        tmp_path,
        {"procedures/a.md": "a v1\n", "procedures/b.md": "b v1\n"},
        "init",
        day="2026-01-01",
    )
    (tmp_path / "procedures/a.md").write_text("a modifié\n", encoding="utf-8")
    committed = read_committed(tmp_path, ["procedures"])
    assert sorted(committed.texts[blob] for blob in committed.current) == [
        "a modifié\n",
        "b v1\n",
    ]


def test_binary_files_have_no_text_but_office_files_do(tmp_path):
    commit(tmp_path, {"procedures/a.md": "x\n"}, "init", day="2026-01-01")
    (tmp_path / "procedures/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    (tmp_path / "procedures/rib.docx").write_bytes(docx("Coordonnées bancaires"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "pièces", day="2026-01-02")
    committed = read_committed(tmp_path, ["procedures"])
    texts = {v.path: committed.texts.get(v.blob) for v in committed.versions}
    assert texts == {
        "procedures/a.md": "x\n",
        "procedures/logo.png": None,
        "procedures/rib.docx": "Coordonnées bancaires",
    }


def test_blobs_over_the_size_limit_are_not_read(tmp_path, monkeypatch):
    commit(
        tmp_path,
        {"procedures/petit.md": "court\n", "procedures/gros.csv": "x" * 100 + "\n"},
        "init",
        day="2026-01-01",
    )
    monkeypatch.setattr(blobs_history, "MAX_BLOB_BYTES", 50)
    committed = read_committed(tmp_path, ["procedures"])
    assert {v.path: committed.texts.get(v.blob) for v in committed.versions} == {
        "procedures/gros.csv": None,
        "procedures/petit.md": "court\n",
    }


def test_a_repository_without_commits_has_no_versions(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    committed = read_committed(tmp_path, ["procedures"])
    assert (committed.versions, dict(committed.texts), committed.current) == ((), {}, frozenset())


@pytest.mark.parametrize("commits", [3, 30])
def test_git_is_run_a_fixed_number_of_times_whatever_the_history(tmp_path, monkeypatch, commits):
    for number in range(commits):
        commit(
            tmp_path,
            {f"procedures/d{number % 5}.md": f"version {number}\n"},
            f"c{number}",
            day="2026-01-01",
        )
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(command, *args, **kwargs):
        calls.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    committed = read_committed(tmp_path, ["procedures"])
    assert len(committed.versions) == commits
    assert [command[1] for command in calls] == ["log", "ls-tree", "diff", "cat-file", "cat-file"]


@pytest.mark.parametrize(
    ("path", "data", "text"),
    [
        ("procedures/a.csv", "prénom;iban\n".encode(), "prénom;iban\n"),
        ("procedures/a.txt", b"deux\0octets", None),
    ],
)
def test_text_files_are_decoded_and_binary_ones_are_not(path, data, text):
    assert text_of(path, data) == text
