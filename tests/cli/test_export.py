"""`classeur export` and `classeur export --verify` through the command line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from tests.gitrepo import git
from tests.publish.test_export import make_repository

DAY = "--today=2026-03-01"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    root = make_repository(tmp_path_factory.mktemp("binder"))
    out = tmp_path_factory.mktemp("out") / "dossier.zip"
    result = invoke(
        "export", "--root", str(root), "--audience", "provider", "--out", str(out), "--no-pdf", DAY
    )
    assert result.exit_code == 0, result.output
    return root, out


def test_export_says_what_it_wrote(exported):
    root, out = exported
    result = invoke(
        "export", "--root", str(root), "--audience", "provider", "--out", str(out), "--no-pdf", DAY
    )
    with zipfile.ZipFile(out) as opened:
        files = len(opened.namelist())
    sha = git(root, "rev-parse", "--short=7", "HEAD").strip()
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"Dossier written: {out} (3 documents, {files} files, commit {sha}).\n",
        "",
    )


def test_verify_accepts_an_intact_dossier(exported):
    _, out = exported
    result = invoke("export", "--verify", str(out))
    assert (result.exit_code, result.output) == (
        0,
        f"{out} is intact: every file matches its manifest and the history verifies.\n",
    )


def test_verify_exits_1_naming_the_changed_file(exported, tmp_path):
    _, out = exported
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(tampered, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            copy.writestr(info, data + b" " if info.filename == "LISEZMOI.txt" else data)
    result = invoke("export", "--verify", str(tampered))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{tampered.as_posix()}/LISEZMOI.txt: changed-file: its SHA-256 is ")
    assert lines[1:] == [f"{tampered} does not match its manifest."]


def test_verify_exits_2_when_the_file_is_no_zip(tmp_path):
    bogus = tmp_path / "dossier.zip"
    bogus.write_text("not a zip\n", encoding="utf-8")
    result = invoke("export", "--verify", str(bogus))
    assert (result.exit_code, result.output) == (
        2,
        f"error: cannot read {bogus.as_posix()} as a zip archive: File is not a zip file.\n",
    )


def test_verify_takes_no_export_options(tmp_path):
    result = invoke("export", "--verify", str(tmp_path / "d.zip"), "--audience", "provider")
    assert (result.exit_code, result.output) == (
        2,
        "error: --verify checks a dossier; it takes no --audience, --out or --function.\n",
    )


def test_export_needs_an_audience_and_a_file(exported):
    root, _ = exported
    result = invoke("export", "--root", str(root), "--audience", "provider")
    assert (result.exit_code, result.output) == (
        2,
        "error: name the dossier to write: --audience NAME --out FILE.zip.\n",
    )


def test_an_unknown_audience_exits_2(exported, tmp_path):
    root, _ = exported
    result = invoke(
        "export", "--root", str(root), "--audience", "board", "--out", str(tmp_path / "d.zip"), DAY
    )
    assert (result.exit_code, result.output) == (
        2,
        'error: unknown audience "board". Known audiences: staff, provider, management.\n',
    )
    assert not (tmp_path / "d.zip").exists()
