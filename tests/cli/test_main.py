from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from tests.conftest import doc

DAY = "--today=2026-03-01"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def clean(binder) -> Path:
    return binder(
        {"procedures/a.md": doc(), "procedures/b.md": doc(id="OPS-002", access="[staff]")}
    )


@pytest.fixture
def faulty(binder) -> Path:
    return binder(
        {
            "procedures/a.md": doc(access="[admins]"),
            "procedures/b.md": doc(id="OPS-002", last_reviewed="2025-03-20"),
        }
    )


def test_clean_binder_exits_0_with_a_summary(clean):
    result = invoke("check", "--no-history", "--root", str(clean), DAY)
    assert (result.exit_code, result.output) == (
        0,
        "Checked 2 documents (readable by staff 2, provider 1, management 2) on "
        "2026-03-01: 0 errors, 0 warnings, 0 notices.\n",
    )


def test_text_report_groups_findings_by_severity(faulty):
    result = invoke("check", "--no-history", "--root", str(faulty), DAY)
    assert result.exit_code == 1
    assert result.output == (
        "Errors (1):\n"
        '  procedures/a.md:8: unknown-access-tag: "admins" is not declared. Known tags: provider, '
        "secret, staff (access_policies/audiences.yml).\n"
        "\n"
        "Warnings (1):\n"
        "  procedures/b.md:9: due-soon: next review on 2026-03-20 (in 19 days). Plan it with its "
        "owners (ops), then run `classeur review`.\n"
        "\n"
        "Checked 2 documents (readable by staff 1, provider 1, management 1) on "
        "2026-03-01: 1 error, 1 warning, 0 notices.\n"
    )


def test_warnings_alone_pass_but_fail_with_strict(binder):
    root = binder({"procedures/b.md": doc(id="OPS-002", last_reviewed="2025-03-20")})
    assert invoke("check", "--no-history", "--root", str(root), DAY).exit_code == 0
    assert invoke("check", "--no-history", "--root", str(root), DAY, "--strict").exit_code == 1


def test_stale_warn_lets_overdue_documents_pass(binder):
    root = binder({"procedures/a.md": doc(last_reviewed="2024-01-10")})
    assert invoke("check", "--no-history", "--root", str(root), DAY).exit_code == 1
    assert (
        invoke("check", "--no-history", "--root", str(root), DAY, "--stale", "warn").exit_code == 0
    )


def test_json_report_is_the_documented_object(faulty):
    result = invoke("check", "--no-history", "--root", str(faulty), DAY, "--format", "json")
    payload = json.loads(result.output)
    assert result.exit_code == 1
    assert payload["schema_version"] == 1
    assert payload["summary"] == {
        "documents": 2,
        "parsed_documents": 2,
        "errors": 1,
        "warnings": 1,
        "notices": 0,
    }
    assert payload["diagnostics"][0] == {
        "path": "procedures/a.md",
        "line": 8,
        "column": 0,
        "severity": "error",
        "code": "unknown-access-tag",
        "message": '"admins" is not declared. Known tags: provider, secret, staff '
        "(access_policies/audiences.yml).",
    }
    assert payload["documents"][1] == {
        "path": "procedures/b.md",
        "id": "OPS-002",
        "title": "Une procédure",
        "type": "procedure",
        "function": "ops",
        "status": "active",
        "owners": ["ops"],
        "maintainers": [],
        "audiences": ["staff", "provider", "management"],
        "review_state": "due-soon",
        "last_reviewed": "2025-03-20",
        "next_review": "2026-03-20",
    }


def test_github_annotations(faulty):
    result = invoke("check", "--no-history", "--root", str(faulty), DAY, "--format", "github")
    assert result.output.splitlines()[:2] == [
        '::error file=procedures/a.md,line=8,title=unknown-access-tag::"admins" is not declared. '
        "Known tags: provider, secret, staff (access_policies/audiences.yml).",
        "::warning file=procedures/b.md,line=9,title=due-soon::next review on 2026-03-20 (in 19 "
        "days). Plan it with its owners (ops), then run `classeur review`.",
    ]


def test_junit_report_written_to_a_file(faulty, tmp_path):
    target = tmp_path / "out" / "check.xml"
    result = invoke(
        "check",
        "--no-history",
        "--root",
        str(faulty),
        DAY,
        "--format",
        "junit",
        "--output",
        str(target),
    )
    assert result.exit_code == 1
    suite = ElementTree.parse(target).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failed = suite.find("testcase[@classname='procedures/a.md']/failure")
    assert failed is not None and failed.get("type") == "unknown-access-tag"
    passed = suite.find("testcase[@classname='procedures/b.md']")
    assert passed is not None and passed.find("failure") is None


def test_paths_limit_the_report(faulty):
    result = invoke(
        "check", "--no-history", "--root", str(faulty), DAY, str(faulty / "procedures/b.md")
    )
    assert result.exit_code == 0
    assert "procedures/b.md:9: due-soon" in result.output
    assert "procedures/a.md" not in result.output


def test_missing_policy_folder_exits_2_without_traceback(tmp_path):
    result = invoke("check", "--no-history", "--root", str(tmp_path), DAY)
    assert result.exit_code == 2
    assert result.output == (
        f"error: access_policies/ not found in {tmp_path}. Run classeur from the binder's root "
        "or pass --root; the README shows the policy files to create.\n"
    )


def test_bad_today_is_a_usage_error(clean):
    result = invoke("check", "--no-history", "--root", str(clean), "--today", "01/03/2026")
    assert (result.exit_code, result.output) == (
        2,
        "error: invalid value for '--today': \"01/03/2026\" is not a day; write it as "
        "YYYY-MM-DD, e.g. 2026-11-16. Run `classeur check --help`.\n",
    )


def test_access_matrix_counts_per_audience(clean):
    result = invoke("access", "--root", str(clean), "--format", "json")
    payload = json.loads(result.output)
    assert [(a["id"], a["documents"]) for a in payload["audiences"]] == [
        ("staff", 2),
        ("provider", 1),
        ("management", 2),
    ]
    assert [(d["id"], d["audiences"]) for d in payload["documents"]] == [
        ("OPS-001", ["staff", "provider", "management"]),
        ("OPS-002", ["staff", "management"]),
    ]


def test_access_text_shows_the_matrix(clean):
    result = invoke("access", "--root", str(clean))
    assert result.exit_code == 0
    assert "provider (Prestataire, provider): 1 of 2 documents" in result.output
    assert "OPS-002" in result.output


def test_access_counts_errors_as_on_the_day_given(binder):
    # Reviewed 2024-01-10 every 12 months: overdue past its grace by 2026, not in 2024.
    root = binder({"procedures/a.md": doc(last_reviewed="2024-01-10")})
    late = invoke("access", "--root", str(root), "--today", "2026-03-01")
    on_time = invoke("access", "--root", str(root), "--today", "2024-06-01")
    assert "1 error in the binder: run `classeur check`." in late.output
    assert "error" not in on_time.output
    assert "OPS-001" in on_time.output


@pytest.mark.parametrize("doc_type", ["procedure", "runbook", "handover"])
def test_new_document_passes_check(clean, doc_type):
    result = invoke(
        "new",
        doc_type,
        "--function",
        "ops",
        "--title",
        "Émission des avoirs",
        "--root",
        str(clean),
        DAY,
    )
    assert (result.exit_code, result.output) == (
        0,
        "Created procedures/ops/emission-des-avoirs.md (OPS-003). Fill in the sections, then run "
        "`classeur check`.\n",
    )
    text = (clean / "procedures/ops/emission-des-avoirs.md").read_text(encoding="utf-8")
    every = {"procedure": "12 months", "runbook": "6 months", "handover": "12 months"}[doc_type]
    assert text.startswith(
        '---\nid: OPS-003\ntitle: "Émission des avoirs"\n'
        f"type: {doc_type}\nfunction: ops\nowners: [ops]\nmaintainers: []\nstatus: draft\n"
        "access: [staff, provider]\nlast_reviewed: 2026-03-01\nreviewed_by: ops\n"
        f"review_every: {every}\n---\n"
    )
    assert invoke("check", "--no-history", "--root", str(clean), DAY, "--strict").exit_code == 0


def test_new_handover_plan_has_the_handover_sections(clean):
    invoke("new", "handover", "--function", "ops", "--title", "Reprise", "--root", str(clean), DAY)
    text = (clean / "procedures/ops/reprise.md").read_text(encoding="utf-8")
    for section in (
        "## Systèmes et accès à transférer",
        "## Données à exporter",
        "## Contacts",
        "| J-30 |",
        "| J-15 |",
        "| J0 |",
        "## Risques",
    ):
        assert section in text


def test_new_never_overwrites(clean):
    args = (
        "new",
        "procedure",
        "--function",
        "ops",
        "--title",
        "Même titre",
        "--root",
        str(clean),
        DAY,
    )
    invoke(*args)
    before = (clean / "procedures/ops/meme-titre.md").read_bytes()
    result = invoke(*args)
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert (clean / "procedures/ops/meme-titre.md").read_bytes() == before


def test_new_with_unknown_function(clean):
    result = invoke(
        "new", "procedure", "--function", "compta", "--title", "X", "--root", str(clean)
    )
    assert (result.exit_code, result.output) == (
        2,
        'error: unknown function "compta". Known functions: ops.\n',
    )


def test_new_uses_today_by_default(clean):
    invoke("new", "runbook", "--function", "ops", "--title", "Du jour", "--root", str(clean))
    text = (clean / "procedures/ops/du-jour.md").read_text(encoding="utf-8")
    assert f"last_reviewed: {date.today().isoformat()}\n" in text
