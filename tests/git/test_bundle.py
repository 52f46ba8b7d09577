"""The history bundle of the dossier: only the exported paths, authors and dates kept."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from classeur.common.errors import PortalError
from classeur.git.bundle import create_bundle, rewrite_stream, uncommitted, verify_bundle
from tests.gitrepo import commit, git

KEPT = ("procedures/a.md", "procedures/b.csv")
SECRET = "procedures/secret-zorglub.md"


def keep(sha: str, message: str) -> str:
    return message


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "binder"
    root.mkdir()
    commit(
        root, {"procedures/a.md": "Version 1.\n", SECRET: "Zorglub 1.\n"}, "Both", day="2026-01-05"
    )
    commit(root, {SECRET: "Zorglub 2.\n"}, "Zorglub only", day="2026-01-06")
    commit(
        root,
        {"procedures/a.md": "Version 2.\n", "procedures/b.csv": "x;y\n"},
        "A and B",
        day="2026-01-07",
        email="vendor@example.fr",
    )
    commit(root, {"tooling/x.py": "print()\n"}, "Tooling", day="2026-01-08")
    return root


def clone(bundle: Path, tmp_path: Path) -> Path:
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(bundle), str(target)], check=True)
    return target


def test_the_clone_lists_only_the_exported_paths(repo, tmp_path):
    bundle = tmp_path / "h.bundle"
    create_bundle(repo, KEPT, bundle, keep)
    log = git(clone(bundle, tmp_path), "log", "--format=%s", "--name-only")
    assert log == "A and B\n\nprocedures/a.md\nprocedures/b.csv\nBoth\n\nprocedures/a.md\n"


def test_no_object_of_another_file_is_in_the_bundle(repo, tmp_path):
    bundle = tmp_path / "h.bundle"
    create_bundle(repo, KEPT, bundle, keep)
    cloned = clone(bundle, tmp_path)
    objects = git(cloned, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
    contents = "".join(git(cloned, "cat-file", "-p", sha) for sha in objects.split())
    assert (
        "Zorglub" not in contents and "secret-zorglub" not in contents and "print()" not in contents
    )
    assert "Version 1." in contents  # the exported file's old version is there


def test_authors_committers_and_dates_are_kept(repo, tmp_path):
    bundle = tmp_path / "h.bundle"
    create_bundle(repo, KEPT, bundle, keep)
    log = git(clone(bundle, tmp_path), "log", "--format=%an <%ae> %aI | %cn <%ce> %cI")
    assert log == (
        "vendor <vendor@example.fr> 2026-01-07T12:00:00+00:00 | vendor <vendor@example.fr> 2026-01-07T12:00:00+00:00\n"
        "ops <ops@example.fr> 2026-01-05T12:00:00+00:00 | ops <ops@example.fr> 2026-01-05T12:00:00+00:00\n"
    )


def test_messages_are_decided_per_original_commit(repo, tmp_path):
    both = git(repo, "rev-list", "--max-count=1", "--grep=Both", "HEAD").strip()
    bundle = tmp_path / "h.bundle"

    def rule(sha: str, message: str) -> str:
        return "Masqué\n" if sha == both else message

    created = create_bundle(repo, KEPT, bundle, rule)
    assert git(clone(bundle, tmp_path), "log", "--format=%s") == "A and B\nMasqué\n"
    assert created.commits == 2 and b"Both" not in created.stream


def test_the_same_history_gives_the_same_bytes(repo, tmp_path):
    create_bundle(repo, KEPT, tmp_path / "one.bundle", keep)
    create_bundle(repo, KEPT, tmp_path / "two.bundle", keep)
    assert (tmp_path / "one.bundle").read_bytes() == (tmp_path / "two.bundle").read_bytes()


def test_paths_no_commit_touched_are_refused(repo, tmp_path):
    with pytest.raises(PortalError) as raised:
        create_bundle(repo, ["procedures/never.md"], tmp_path / "h.bundle", keep)
    assert str(raised.value) == "no commit touches the exported documents: commit them first."


def test_a_sound_bundle_verifies(repo, tmp_path):
    bundle = tmp_path / "h.bundle"
    create_bundle(repo, KEPT, bundle, keep)
    assert verify_bundle(bundle) is None


def test_a_truncated_bundle_does_not_verify(repo, tmp_path):
    bundle = tmp_path / "h.bundle"
    create_bundle(repo, KEPT, bundle, keep)
    bundle.write_bytes(bundle.read_bytes()[:-30])
    said = verify_bundle(bundle)
    assert said is not None and "error" in said.lower()


def test_uncommitted_names_changed_and_untracked_paths(repo):
    (repo / "procedures/a.md").write_text("Changed.\n", encoding="utf-8")
    (repo / "procedures/new.md").write_text("New.\n", encoding="utf-8")
    paths = ["procedures/a.md", "procedures/b.csv", "procedures/new.md"]
    assert uncommitted(repo, paths) == ["procedures/a.md", "procedures/new.md"]


def test_stream_payloads_are_copied_as_counted():
    # A blob whose lines look like commands must not be read as commands.
    blob = b"commit refs/heads/evil\ncommitter x\noriginal-oid 1\n"
    stream = (
        b"blob\nmark :1\noriginal-oid aaa\ndata %d\n" % len(blob) + blob + b"\n"
        b"reset refs/heads/master\ncommit refs/heads/master\nmark :2\noriginal-oid bbb\n"
        b"author a <a@x> 1 +0000\ncommitter a <a@x> 1 +0000\ndata 4\nold\n"
        b"M 100644 :1 a.md\n\n"
    )
    rewritten, commits = rewrite_stream(stream, lambda sha, message: f"{sha}:{message}")
    assert commits == 1
    assert rewritten == (
        b"blob\nmark :1\ndata %d\n" % len(blob) + blob + b"\n"
        b"reset refs/heads/main\ncommit refs/heads/main\nmark :2\n"
        b"author a <a@x> 1 +0000\ncommitter a <a@x> 1 +0000\ndata 8\nbbb:old\n"
        b"M 100644 :1 a.md\n\n"
    )
