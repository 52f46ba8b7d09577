from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.binder.review import rewrite_review
from classeur.cli.main import main
from classeur.common.errors import PortalError
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit, git

ORIGINAL = (
    "\ufeff---\r\n"
    "# Relances : relu chaque semestre\r\n"
    "id: OPS-001\r\n"
    "title: 'Relance : niveau 1'\r\n"
    'last_reviewed: "2025-01-10"   # revue annuelle\r\n'
    "type: procedure\r\n"
    "function: ops\r\n"
    "owners:\r\n"
    "  - ops\r\n"
    "status: active\r\n"
    "access: [staff]\r\n"
    "reviewed_by: boss\r\n"
    "---\r\n"
    "Corps : inchangé.\r\n"
    "last_reviewed: ceci est du texte, pas l'en-tête\r\n"
).encode()


def test_only_the_two_values_change_byte_for_byte():
    new = rewrite_review(ORIGINAL, reviewer="ops", day=date(2026, 3, 1))
    before, after = ORIGINAL.split(b"\r\n"), new.split(b"\r\n")
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [
        (
            b'last_reviewed: "2025-01-10"   # revue annuelle',
            b'last_reviewed: "2026-03-01"   # revue annuelle',
        ),
        (b"reviewed_by: boss", b"reviewed_by: ops"),
    ]
    assert new.startswith("\ufeff".encode())


def test_missing_fields_are_added_at_the_end_of_the_header():
    raw = doc(last_reviewed=None, reviewed_by=None, status="draft").encode()
    new = rewrite_review(raw, reviewer="ops", day=date(2026, 3, 1)).decode()
    assert new.endswith(
        "access: [staff, provider]\nlast_reviewed: 2026-03-01\nreviewed_by: ops\n---\nÉtape une.\n"
    )


def test_multi_line_value_is_refused_not_mangled():
    raw = doc(reviewed_by="\n  ops").encode()
    with pytest.raises(PortalError, match='"reviewed_by" is not a plain one-line value'):
        rewrite_review(raw, reviewer="ops", day=date(2026, 3, 1))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    commit(
        root, {**POLICY, "procedures/a.md": doc(maintainers="[vendor]")}, "init", day="2026-01-15"
    )
    return root


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_review_commits_as_the_reviewer(repo):
    result = invoke(
        "review", "OPS-001", "--by", "ops", "--date", "2026-03-01", "--commit", "--root", str(repo)
    )
    assert (result.exit_code, result.output) == (
        0,
        "OPS-001: reviewed by ops on 2026-03-01 (committed)\n",
    )
    log = git(repo, "log", "-1", "--format=%s|%an|%ae")
    assert log.strip() == "review(OPS-001): reviewed by ops|Olivia Ops|ops@example.fr"
    assert "last_reviewed: 2026-03-01\n" in (repo / "procedures/a.md").read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""


def test_reviewer_must_be_an_owner(repo):
    result = invoke("review", "procedures/a.md", "--by", "vendor", "--root", str(repo))
    assert (result.exit_code, result.output) == (
        2,
        "error: vendor may not review OPS-001: reviews are recorded by its owners (ops).\n",
    )


def test_maintainer_may_review_when_the_policy_says_so(repo):
    review = POLICY["access_policies/review.yml"] + "  maintainers_may_review: true\n"
    (repo / "access_policies/review.yml").write_text(review, encoding="utf-8")
    commit(repo, {}, "policy", day="2026-01-16")
    result = invoke(
        "review", "OPS-001", "--by", "vendor", "--date", "2026-03-01", "--root", str(repo)
    )
    assert result.exit_code == 0


def test_uncommitted_changes_are_protected_unless_forced(repo):
    path = repo / "procedures/a.md"
    path.write_text(path.read_text(encoding="utf-8") + "Brouillon en cours.\n", encoding="utf-8")
    result = invoke("review", "OPS-001", "--by", "ops", "--root", str(repo))
    assert (result.exit_code, result.output) == (
        2,
        "error: procedures/a.md has uncommitted changes; commit them first, or pass --force.\n",
    )
    assert invoke("review", "OPS-001", "--by", "ops", "--force", "--root", str(repo)).exit_code == 0
    assert "Brouillon en cours." in path.read_text(encoding="utf-8")


def test_unknown_document(repo):
    result = invoke("review", "OPS-404", "--by", "ops", "--root", str(repo))
    assert result.exit_code == 2
    assert 'no valid document "OPS-404"' in result.output
