"""The pre-commit hook a binder repository uses (.pre-commit-hooks.yaml), run by pre-commit
itself: it installs Classeur from this repository into its own environment, passes a clean
binder and fails, with the finding, on a broken one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import doc, make_binder
from tests.gitrepo import commit, git

REPOSITORY = Path(__file__).parents[1]
# What `pip install` of the repository needs, taken from the working tree so that the
# hook under test is the one being changed (committed or not).
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A Git repository holding this repository's package and hooks: (path, commit)."""
    root = tmp_path_factory.mktemp("hooks")
    for name in PACKAGE_FILES:
        shutil.copy2(REPOSITORY / name, root / name)
    shutil.copytree(
        REPOSITORY / "tooling", root / "tooling", ignore=shutil.ignore_patterns("__pycache__")
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hooks")
    return root, git(root, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module: pre-commit installs it on first use."""
    return tmp_path_factory.mktemp("pre-commit-home")


def make_binder_repository(
    tmp_path: Path, hook_repository: tuple[Path, str], hook: str = "classeur-check"
) -> Path:
    """A binder repository whose .pre-commit-config.yaml uses `hook` from the hook repository."""
    hooks, sha = hook_repository
    config = (
        "repos:\n"
        f"  - repo: {hooks.as_posix()}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        f"      - id: {hook}\n"
        '        args: [--today, "2026-03-01"]\n'
    )
    root = make_binder(tmp_path / "binder", {"procedures/ops/a.md": doc()})
    commit(root, {".pre-commit-config.yaml": config}, "binder", day="2026-02-01")
    return root


@pytest.fixture
def binder_repository(tmp_path: Path, hook_repository: tuple[Path, str]) -> Path:
    return make_binder_repository(tmp_path, hook_repository)


def run_pre_commit(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def hook_line(output: str) -> str:
    """pre-commit's status line for the hook, without its row of dots."""
    found = re.search(r"^classeur check(?: --strict)?\.*(\S.*)$", output, re.MULTILINE)
    return found.group(1) if found else output


def test_the_hook_passes_a_clean_binder(binder_repository: Path, pre_commit_home: Path):
    result = run_pre_commit(binder_repository, pre_commit_home, "--all-files")
    assert (result.returncode, hook_line(result.stdout)) == (0, "Passed"), result.stdout


def test_the_hook_fails_with_the_finding_when_a_document_has_an_error(
    binder_repository: Path, pre_commit_home: Path
):
    broken = doc(access="[admins]")
    (binder_repository / "procedures" / "ops" / "b.md").write_text(
        broken.replace("OPS-001", "OPS-002"), encoding="utf-8"
    )
    git(binder_repository, "add", "-A")
    result = run_pre_commit(binder_repository, pre_commit_home)
    assert (result.returncode, hook_line(result.stdout)) == (1, "Failed"), result.stdout
    assert (
        'procedures/ops/b.md:8: unknown-access-tag: "admins" is not declared. '
        "Known tags: provider, secret, staff (access_policies/audiences.yml)."
    ) in [line.strip() for line in result.stdout.splitlines()], result.stdout


def test_the_hook_does_not_run_when_no_binder_file_is_committed(
    binder_repository: Path, pre_commit_home: Path
):
    (binder_repository / "notes.txt").write_text("Rien à voir.\n", encoding="utf-8")
    git(binder_repository, "add", "notes.txt")
    result = run_pre_commit(binder_repository, pre_commit_home)
    assert (result.returncode, hook_line(result.stdout)) == (0, "(no files to check)Skipped")


@pytest.mark.parametrize(
    ("hook", "code", "status"),
    [
        ("classeur-check", 0, "Passed"),
        ("classeur-check-strict", 1, "Failed"),
    ],
)
def test_only_the_strict_hook_fails_on_a_warning(
    tmp_path: Path,
    hook_repository: tuple[Path, str],
    pre_commit_home: Path,
    hook: str,
    code: int,
    status: str,
):
    root = make_binder_repository(tmp_path, hook_repository, hook)
    (root / "access_policies" / "notes.yml").write_text("notes: []\n", encoding="utf-8")
    git(root, "add", "-A")
    result = run_pre_commit(root, pre_commit_home)
    assert (result.returncode, hook_line(result.stdout)) == (code, status), result.stdout


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("procedures/paie/cloture.md", True),
        ("procedures/paie/cloture.pdf", True),
        ("access_policies/people.yml", True),
        ("pilotage/mesures/2026-01.csv", True),
        ("CODEOWNERS", True),
        (".github/CODEOWNERS", True),
        ("site_src/index.md", False),
        ("README.md", False),
        ("archives/procedures/a.md", False),
    ],
)
def test_both_hooks_run_for_the_binders_files_only(path: str, runs: bool):
    manifest = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [bool(re.search(hook["files"], path)) for hook in manifest] == [runs, runs]
