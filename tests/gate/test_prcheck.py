from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.gate.prcheck import pr_check
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit, git

PROVIDER = "vendor@example.fr"
OWNER = "ops@example.fr"
A = doc(access="[staff]", maintainers="[vendor]")
B = doc(id="OPS-002", title="Liée", related="[OPS-001]", body="Voir [A](a.md).\n", access="[staff]")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    commit(
        root,
        {**POLICY, "procedures/a.md": A, "procedures/b.md": B, "mkdocs.yml": "site_name: x\n"},
        "base",
        day="2026-01-10",
    )
    git(root, "checkout", "-q", "-b", "pr")
    return root


def codes(root: Path) -> list[tuple[str, str, str]]:
    return [(f.path, f.code, f.severity.label) for f in pr_check(root, "main").findings]


def test_access_widened_by_the_provider_is_an_error(repo):
    commit(
        repo,
        {"procedures/a.md": A.replace("access: [staff]", "access: [staff, provider]")},
        "ouvre",
        day="2026-01-11",
        email=PROVIDER,
    )
    assert codes(repo) == [("procedures/a.md", "access-widened", "error")]
    [finding] = pr_check(repo, "main").findings
    assert finding.message == (
        "OPS-001 becomes readable by provider. An internal owner of the document must make or "
        "approve this change."
    )


def test_access_widened_by_an_internal_owner_is_a_notice(repo):
    commit(
        repo,
        {"procedures/a.md": A.replace("access: [staff]", "access: [staff, provider]")},
        "ouvre",
        day="2026-01-11",
        email=OWNER,
    )
    assert codes(repo) == [("procedures/a.md", "access-widened", "notice")]


def test_owners_maintainers_and_status_changes_need_an_owner(repo):
    changed = A.replace("owners: [ops]", "owners: [boss]").replace(
        "status: active", "status: deprecated"
    )
    commit(repo, {"procedures/a.md": changed}, "change", day="2026-01-11", email=PROVIDER)
    assert codes(repo) == [
        ("procedures/a.md", "owners-changed", "error"),
        ("procedures/a.md", "status-changed", "error"),
    ]


def test_deleting_an_active_document(repo):
    commit(repo, {"procedures/a.md": None}, "supprime", day="2026-01-11", email=PROVIDER)
    assert codes(repo) == [("procedures/a.md", "active-document-deleted", "error")]


def test_archiving_an_active_document(repo):
    commit(
        repo,
        {"procedures/a.md": A.replace("status: active", "status: archived")},
        "archive",
        day="2026-01-11",
        email=OWNER,
    )
    assert codes(repo) == [
        ("procedures/a.md", "active-document-archived", "notice"),
        ("procedures/a.md", "status-changed", "notice"),
    ]


def test_new_document_owned_by_the_provider(repo):
    commit(
        repo,
        {"procedures/c.md": doc(id="OPS-003", owners="[vendor]", maintainers="[vendor]")},
        "nouveau",
        day="2026-01-11",
        email=PROVIDER,
    )
    assert codes(repo) == [
        ("procedures/c.md", "owner-not-company", "error"),
        ("procedures/c.md", "review-not-allowed", "error"),  # ops is not among its owners
    ]


def test_review_recorded_by_someone_not_allowed(repo):
    commit(
        repo,
        {"procedures/a.md": A.replace("reviewed_by: ops", "reviewed_by: vendor")},
        "revue",
        day="2026-01-11",
        email=PROVIDER,
    )
    assert codes(repo) == [("procedures/a.md", "review-not-allowed", "error")]


def test_provider_may_edit_what_it_maintains_but_nothing_else(repo):
    commit(
        repo,
        {"procedures/a.md": A + "Étape deux.\n", "procedures/b.md": B + "Étape deux.\n"},
        "texte",
        day="2026-01-11",
        email=PROVIDER,
    )
    assert codes(repo) == [("procedures/b.md", "provider-edits-unmaintained", "error")]


@pytest.mark.parametrize(
    "path",
    [
        "mkdocs.yml",
        "access_policies/audiences.yml",
        "tooling/x.py",
        ".github/workflows/ci.yml",
        ".gitmodules",
        "site_src/overrides/main.html",
    ],
)
def test_provider_never_changes_what_the_builds_run(repo, path):
    commit(
        repo, {path: "changed: true\n"}, "config", day="2026-01-11", email="stranger@example.org"
    )
    assert codes(repo) == [(path, "protected-path-changed", "error")]


def test_policy_comes_from_the_base_branch(repo):
    # The pull request declares its unknown author as a company owner: that must not help.
    people = POLICY["access_policies/people.yml"].replace(
        "emails: [ops@example.fr]", "emails: [ops@example.fr, x@evil.example]"
    )
    commit(
        repo,
        {
            "access_policies/people.yml": people,
            "procedures/a.md": A.replace("access: [staff]", "access: [staff, provider]"),
        },
        "ruse",
        day="2026-01-11",
        email="x@evil.example",
    )
    assert codes(repo) == [
        ("access_policies/people.yml", "protected-path-changed", "error"),
        ("procedures/a.md", "provider-edits-unmaintained", "error"),
        ("procedures/a.md", "access-widened", "error"),
    ]


def test_linked_documents_are_listed_to_check_too(repo):
    commit(repo, {"procedures/a.md": A + "x\n"}, "texte", day="2026-01-11", email=PROVIDER)
    result = CliRunner().invoke(main, ["pr-check", "main", "--root", str(repo), "--format", "json"])
    payload = json.loads(result.output)
    assert result.exit_code == 0
    assert payload["documents"] == [
        {
            "path": "procedures/a.md",
            "change": "changed",
            "from": None,
            "fields": {},
            "also_check": ["OPS-002"],
        }
    ]


def test_markdown_comment_and_exit_code(repo):
    commit(repo, {"procedures/a.md": None}, "supprime", day="2026-01-11", email=PROVIDER)
    result = CliRunner().invoke(
        main, ["pr-check", "main", "--root", str(repo), "--format", "markdown"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[:8] == [
        "## Classeur: what this pull request changes",
        "",
        "1 document, 0 attachments and 0 other files changed by vendor (provider): "
        "1 error, 0 other findings.",
        "",
        "| Document | Change | Fields | À vérifier aussi |",
        "|---|---|---|---|",
        "| `procedures/a.md` | deleted | `access`: ['staff'] → None<br>`owners`: ['ops'] → None<br>`maintainers`: "
        "['vendor'] → None<br>`status`: active → None<br>`last_reviewed`: 2026-01-10 → None<br>`reviewed_by`: ops → "
        "None<br>`title`: Une procédure → None<br>`function`: ops → None | OPS-002 |",
        "",
    ]


def test_unknown_base_is_a_usage_error(repo):
    result = CliRunner().invoke(main, ["pr-check", "nope", "--root", str(repo)])
    assert result.exit_code == 2
    assert result.output.startswith("error: cannot compare nope and HEAD")
