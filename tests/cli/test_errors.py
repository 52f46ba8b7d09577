"""One error contract: every failure that is not a finding is `error: ...`, exit code 2,
and every command finds the binder's root from any folder inside it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from tests.conftest import doc

DAY = "--today=2026-03-01"
NO_POLICY = (
    "error: access_policies/ not found in {here}. Run classeur from the binder's root or pass "
    "--root; the README shows the policy files to create.\n"
)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def inside(binder, monkeypatch) -> Path:
    """A binder with one document, the current directory being procedures/ops/."""
    root = binder({"procedures/ops/a.md": doc(body="Relancer les impayés.\n")})
    monkeypatch.chdir(root / "procedures/ops")
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["access"],
        ["new", "procedure", "--function", "ops", "--title", "X"],
        ["build", "--all"],
        ["audit", ".", "--audience", "staff"],
        ["search", "facture"],
        ["search", "facture", "--audience", "staff"],
        ["watch", "--no-index"],
        ["review", "OPS-001", "--by", "ops"],
        ["codeowners"],
    ],
    ids=lambda args: " ".join(args),
)
def test_every_command_outside_a_binder_says_access_policies_not_found(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert (result.exit_code, result.output) == (2, NO_POLICY.format(here=tmp_path))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["serve", "--no-watch"],
            "error: {here}/public/ does not exist. Build the sites first: "
            "classeur build --all --out {here}/public\n",
        ),
        (
            ["pr-check", "main"],
            "error: {here} is not a Git repository; pr-check compares two commits.\n",
        ),
    ],
    ids=["serve", "pr-check"],
)
def test_commands_that_need_no_policy_first_still_stop_with_an_error(
    tmp_path, monkeypatch, args, expected
):
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert (result.exit_code, result.output) == (2, expected.format(here=tmp_path))


def test_watch_outside_a_binder_prints_no_traceback(tmp_path):
    entry = "from classeur.cli.main import main; main(prog_name='classeur')"
    done = subprocess.run(
        [sys.executable, "-c", entry, "watch", "--no-index"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", NO_POLICY.format(here=tmp_path))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["check", "--format", "xml"],
            "error: invalid value for '--format': 'xml' is not one of 'text', 'json', 'github', "
            "'junit'. Run `classeur check --help`.",
        ),
        (["check", "--bogus"], "error: no such option '--bogus'. Run `classeur check --help`."),
        (
            ["check", "--stric"],
            "error: no such option '--stric'. Did you mean --strict or --history? "
            "Run `classeur check --help`.",
        ),
        (
            ["build", "--audience"],
            "error: option '--audience' requires an argument. Run `classeur build --help`.",
        ),
        (["search"], "error: missing argument 'QUERY...'. Run `classeur search --help`."),
        (
            ["chek"],
            "error: no such command 'chek'. Did you mean check or pr-check or schema? Run `classeur --help`.",
        ),
        (["--bogus"], "error: no such option '--bogus'. Run `classeur --help`."),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "message",
)
def test_usage_errors_are_one_error_line_naming_the_help(args, expected):
    result = invoke(*args)
    assert (result.exit_code, result.output) == (2, expected + "\n")


@pytest.fixture
def clean_root(binder) -> Path:
    return binder({"procedures/a.md": doc()})


def test_classeur_alone_prints_the_help():
    result = invoke()
    assert result.exit_code == 2
    assert result.output.startswith("Usage: classeur [OPTIONS] COMMAND [ARGS]...\n")


def test_a_missing_path_to_check_exits_2(inside):
    result = invoke("check", "--no-history", DAY, "nope")
    assert (result.exit_code, result.output) == (
        2,
        "error: nope does not exist. Name a file or folder of the binder, from the current "
        "directory.\n",
    )


def test_a_file_the_command_cannot_write_is_named(clean_root, monkeypatch):
    monkeypatch.chdir(clean_root)
    (clean_root / "out").write_text("a file, not a folder\n", encoding="utf-8")
    result = invoke("check", "--no-history", DAY, "--format", "junit", "--output", "out/c.xml")
    assert (result.exit_code, result.output) == (
        2,
        "error: cannot use out: file exists. Check the path and its permissions, then run again.\n",
    )


def test_a_binder_file_that_is_not_utf8_is_named(clean_root, monkeypatch):
    monkeypatch.chdir(clean_root)
    (clean_root / "mkdocs.yml").write_bytes(b"site_name: \xff\n")
    result = invoke("build", "--audience", "staff", "--no-history", DAY)
    assert (result.exit_code, result.output) == (
        2,
        "error: mkdocs.yml is not UTF-8 text (byte 0xff at offset 11). Save it as UTF-8.\n",
    )


def test_check_from_a_subfolder_finds_the_root(inside):
    result = invoke("check", "--no-history", DAY)
    assert (result.exit_code, result.output) == (
        0,
        "Checked 1 document (readable by staff 1, provider 1, management 1) on 2026-03-01: "
        "0 errors, 0 warnings, 0 notices.\n",
    )


def test_check_paths_from_a_subfolder_are_relative_to_it(inside):
    (inside / "procedures/ops/b.md").write_text(doc(id="OPS-002", owners="[]"), encoding="utf-8")
    result = invoke("check", "--no-history", DAY, "b.md")
    assert (result.exit_code, result.output.splitlines()[:2]) == (
        1,
        [
            "Errors (1):",
            '  procedures/ops/b.md:6: missing-owners: "owners" is empty. Name at least one. '
            "For example `owners: [marie.dupont]`.",
        ],
    )


def test_access_from_a_subfolder_finds_the_root(inside):
    result = invoke("access", "--format", "json")
    assert result.exit_code == 0
    assert [d["path"] for d in json.loads(result.output)["documents"]] == ["procedures/ops/a.md"]


def test_search_from_a_subfolder_finds_the_root(inside):
    result = invoke("search", "impayés", "--audience", "staff", DAY)
    assert result.exit_code == 0
    assert (inside / ".classeur/index/staff").is_dir()
    assert "   procedures/ops/a.md\n" in result.output


def test_serve_from_a_subfolder_looks_for_the_sites_in_the_root(inside):
    result = invoke("serve", "--no-watch")
    assert result.exit_code == 2
    assert result.output.startswith("error: ../../public/ does not exist.")


def test_the_program_gives_its_whole_output_and_exit_code_when_it_skips_teardown(binder):
    # `python -m classeur` ends with os._exit: nothing written may be lost on the way.
    files = {
        f"procedures/d{n:03d}.md": doc(id=f"OPS-{n:03d}", body="[x](nope.md)\n") for n in range(300)
    }
    root = binder(files)
    done = subprocess.run(
        [sys.executable, "-m", "classeur", "check", "--root", str(root), "--today", "2026-03-01"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.count("broken-link") == 300
    assert done.stdout.rstrip().endswith("0 notices.")
