"""The shipped CI definitions: valid for their CI, and their own check lines pass a clean binder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
import xmlschema
import yaml

from classeur.model.indicators import Period
from tests.conftest import doc, make_binder
from tests.gitrepo import commit, git

REPOSITORY = Path(__file__).parents[1]
GITHUB = REPOSITORY / ".github" / "workflows" / "classeur.yml"
GITLAB = REPOSITORY / ".gitlab-ci.yml"
JUNIT_SCHEMAS = REPOSITORY / "tests" / "data" / "junit"
CLASSEUR = Path(sys.executable).parent / "classeur"  # the entry point of this venv


@pytest.mark.parametrize(
    ("path", "schema"),
    [(GITHUB, "vendor.github-workflows"), (GITLAB, "vendor.gitlab-ci")],
    ids=["github", "gitlab"],
)
def test_ci_definition_is_valid_for_its_ci(path, schema):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "ok -- validation done\n")


def github_check_lines() -> list[str]:
    """The `classeur check` lines of the GitHub workflow's steps, in order."""
    steps = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    return [line for step in steps for line in step.get("run", "").splitlines() if _checks(line)]


def gitlab_check_lines() -> list[str]:
    """The `classeur check` lines of the GitLab check job's script."""
    script = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["classeur-check"]["script"]
    return [line for line in script if _checks(line)]


def _checks(line: str) -> bool:
    return 'classeur" check ' in line or "classeur check " in line


def run_like_ci(line: str, cwd: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """One script line under bash as both CIs run it: -e and pipefail."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", line],
        cwd=cwd,
        env={**os.environ, **variables},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def ci_checkout(tmp_path) -> Path:
    """A clean binder as CI checks it out: cloned at depth 1, HEAD detached."""
    today = date.today().isoformat()  # the workflows check at the real date
    origin = make_binder(tmp_path / "origin", {"procedures/a.md": doc(last_reviewed=today)})
    commit(origin, {}, "Création", day=today)
    commit(
        origin, {"procedures/a.md": doc("Étape deux.\n", last_reviewed=today)}, "Deux", day=today
    )
    clone = tmp_path / "workspace" / "binder"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    git(clone, "checkout", "-q", "--detach")
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert git(clone, "rev-parse", "--abbrev-ref", "HEAD").strip() == "HEAD"  # detached
    return clone


@pytest.fixture
def runner_temp(tmp_path) -> Path:
    """GitHub's $RUNNER_TEMP, with the workflow's venv holding this venv's classeur."""
    bin_folder = tmp_path / "runner" / "venv" / "bin"
    bin_folder.mkdir(parents=True)
    (bin_folder / "classeur").symlink_to(CLASSEUR)
    return tmp_path / "runner"


def assert_clean_junit(path: Path) -> None:
    """Valid for both published schemas; the two Git notices and the document pass."""
    text = path.read_text(encoding="utf-8")
    for schema in ("junit-10.xsd", "ant-junit.xsd"):
        xmlschema.XMLSchema(JUNIT_SCHEMAS / schema).validate(text)
    suite = ElementTree.fromstring(text)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "0", "0")


def test_github_check_lines_pass_a_clean_detached_shallow_clone(ci_checkout, runner_temp):
    lines = github_check_lines()
    assert len(lines) == 2 and all("--strict" in line for line in lines)
    workspace = ci_checkout.parent
    for line in lines:
        result = run_like_ci(line, workspace, RUNNER_TEMP=str(runner_temp))
        assert result.returncode == 0, line + "\n" + result.stdout + result.stderr
    assert_clean_junit(workspace / "check.xml")


def test_gitlab_check_lines_pass_a_clean_detached_shallow_clone(ci_checkout):
    lines = gitlab_check_lines()
    assert len(lines) == 1 and "--strict" in lines[0]
    for line in lines:
        local = line.replace("/tmp/venv/bin/classeur", str(CLASSEUR))
        result = run_like_ci(local, ci_checkout)
        assert result.returncode == 0, local + "\n" + result.stdout + result.stderr
    assert_clean_junit(ci_checkout / "check.xml")


def test_github_junit_step_writes_the_report_when_check_fails(ci_checkout, runner_temp):
    (ci_checkout / "procedures" / "a.md").write_text(doc(access="[admins]"), encoding="utf-8")
    junit_line, strict_line = github_check_lines()
    workspace = ci_checkout.parent
    step = run_like_ci(junit_line, workspace, RUNNER_TEMP=str(runner_temp))
    assert step.returncode == 0  # findings are left to the strict step to fail
    assert run_like_ci(strict_line, workspace, RUNNER_TEMP=str(runner_temp)).returncode == 1
    failure = ElementTree.parse(workspace / "check.xml").find("testcase/failure")
    assert failure is not None and failure.get("type") == "unknown-access-tag"


def test_gitlab_check_line_writes_the_report_and_fails_on_findings(ci_checkout):
    (ci_checkout / "procedures" / "a.md").write_text(doc(access="[admins]"), encoding="utf-8")
    [line] = gitlab_check_lines()
    result = run_like_ci(line.replace("/tmp/venv/bin/classeur", str(CLASSEUR)), ci_checkout)
    assert result.returncode == 1
    assert "procedures/a.md:8: unknown-access-tag: " in result.stdout  # listed in the job log
    failure = ElementTree.parse(ci_checkout / "check.xml").find("testcase/failure")
    assert failure is not None and failure.get("type") == "unknown-access-tag"


def test_github_junit_step_fails_when_check_cannot_run(ci_checkout, runner_temp):
    shutil.rmtree(ci_checkout / "access_policies")
    junit_line, _ = github_check_lines()
    result = run_like_ci(junit_line, ci_checkout.parent, RUNNER_TEMP=str(runner_temp))
    assert result.returncode == 1  # `[ 2 -eq 1 ]` fails the step
    assert result.stderr.startswith("error: access_policies/ not found in binder.")


def test_github_publishes_the_junit_file_whatever_the_outcome():
    steps = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["check"]["steps"]
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["if"].startswith("${{ !cancelled() && ")
    assert upload["with"]["path"] == "check.xml"
    assert "--output check.xml" in github_check_lines()[0]


def test_gitlab_reports_the_junit_file_whatever_the_outcome():
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["classeur-check"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"]["junit"] == "check.xml"
    assert "--output check.xml" in gitlab_check_lines()[0]


INDICATOR = """\
indicators:
  - id: OPS-DELAI
    function: ops
    label: Délai de traitement
    unit: jours ouvrés
    direction: lower
    kind: delai
    target: 2
    reported_by: provider
    access: [staff, provider]
"""


@pytest.fixture
def late_checkout(ci_checkout) -> Path:
    """The clean checkout, with an indicator last reported three months ago."""
    today = date.today()
    reported = Period(today.year, today.month).previous().previous().previous()
    files = {
        "access_policies/indicators.yml": INDICATOR,
        f"pilotage/mesures/{reported}.csv": f"periode;indicateur;valeur\n{reported};OPS-DELAI;2\n",
    }
    for relative, content in files.items():
        (ci_checkout / relative).parent.mkdir(parents=True, exist_ok=True)
        (ci_checkout / relative).write_text(content, encoding="utf-8")
    return ci_checkout


def test_github_weekly_run_flags_a_report_not_transmitted_on_time(late_checkout, runner_temp):
    # The scheduled run goes through the same strict steps at the real date: the month
    # after the one reported is past its due day, whatever day the test runs.
    junit_line, strict_line = github_check_lines()
    workspace = late_checkout.parent
    assert run_like_ci(junit_line, workspace, RUNNER_TEMP=str(runner_temp)).returncode == 0
    result = run_like_ci(strict_line, workspace, RUNNER_TEMP=str(runner_temp))
    assert result.returncode == 1
    assert (
        "::warning file=access_policies/indicators.yml,line=2,title=measurement-late::"
        "no value of OPS-DELAI for "
    ) in result.stdout
    failure = ElementTree.parse(workspace / "check.xml").find("testcase/failure")
    assert failure is not None and failure.get("type") == "measurement-late"


def test_gitlab_weekly_run_flags_a_report_not_transmitted_on_time(late_checkout):
    [line] = gitlab_check_lines()
    result = run_like_ci(line.replace("/tmp/venv/bin/classeur", str(CLASSEUR)), late_checkout)
    assert result.returncode == 1
    assert (
        "access_policies/indicators.yml:2: measurement-late: no value of OPS-DELAI" in result.stdout
    )
