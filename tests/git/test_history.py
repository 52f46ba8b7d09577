from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from classeur.binder.check import check
from classeur.cli.main import main
from classeur.git.history import CACHE_DIR, load_history
from classeur.model.findings import Severity
from classeur.model.records import ReviewState
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit, git

REVIEWED = doc(last_reviewed="2026-02-01")


def repo_with_document(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    commit(root, {**POLICY, "procedures/a.md": REVIEWED}, "Création", day="2026-01-15")
    return root


def test_renames_are_followed(tmp_path):
    root = repo_with_document(tmp_path)
    git(root, "mv", "procedures/a.md", "procedures/b.md")
    git(root, "commit", "-q", "-m", "Renommage", day="2026-02-10")
    commit(root, {"procedures/b.md": REVIEWED + "Une étape de plus.\n"}, "Ajout", day="2026-03-01")
    history = load_history(root).of("procedures/b.md")
    assert (history.created, history.last_changed, history.version) == (
        "2026-01-15",
        "2026-03-01",
        3,
    )
    assert [c.subject for c in history.changes] == ["Ajout", "Renommage", "Création"]


def test_history_is_cached_by_head(tmp_path):
    root = repo_with_document(tmp_path)
    history = load_history(root)
    cache = root / CACHE_DIR / f"{history.head}.json"
    assert cache.is_file()
    cache.write_text('{"procedures/a.md": []}', encoding="utf-8")  # proves the next read uses it
    assert load_history(root).of("procedures/a.md").version == 0


def test_body_change_after_review_is_flagged(tmp_path):
    root = repo_with_document(tmp_path)
    commit(
        root,
        {"procedures/a.md": REVIEWED + "Nouvelle étape.\n"},
        "Étape ajoutée",
        day="2026-02-20",
        email="vendor@example.fr",
    )
    report = check(root, today=date(2026, 3, 1), history=load_history(root))
    [finding] = report.findings
    sha = git(root, "rev-parse", "--short=7", "HEAD").strip()
    assert finding.render() == (
        f"procedures/a.md:9: changed-since-review: its text changed on 2026-02-20 (commit {sha} by "
        'Victor Vendor: "Étape ajoutée"), after its last review on 2026-02-01. Review the change, then run '
        "`classeur review`."
    )
    assert finding.severity.label == "warning"
    assert report.documents[0].review.state is ReviewState.CHANGED


def test_frontmatter_only_change_is_not_a_change(tmp_path):
    root = repo_with_document(tmp_path)
    commit(
        root,
        {"procedures/a.md": REVIEWED.replace("title: Une procédure", "title: Un titre")},
        "Titre",
        day="2026-02-20",
    )
    assert check(root, today=date(2026, 3, 1), history=load_history(root)).findings == ()


def test_change_after_today_does_not_count(tmp_path):
    root = repo_with_document(tmp_path)
    commit(root, {"procedures/a.md": REVIEWED + "Plus tard.\n"}, "Plus tard", day="2026-04-01")
    assert check(root, today=date(2026, 3, 1), history=load_history(root)).findings == ()


def test_not_a_repository_is_one_warning(tmp_path):
    root = make_binder(tmp_path, {"procedures/a.md": REVIEWED})
    [finding] = check(root, today=date(2026, 3, 1), history=load_history(root)).findings
    assert (finding.code, finding.severity.label) == ("not-a-repository", "warning")
    assert "Dates come from the frontmatter" in finding.message


def shallow_clone(tmp_path: Path, *, detached: bool = False) -> Path:
    """A clone at depth 1 of a two-commit binder; `detached`, what CI checks out."""
    origin = repo_with_document(tmp_path / "origin")
    commit(origin, {"procedures/a.md": REVIEWED + "x\n"}, "Deux", day="2026-01-20")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    if detached:
        git(clone, "checkout", "-q", "--detach")
    return clone


def test_shallow_clone_is_a_notice_that_says_how_to_fix_it(tmp_path):
    history = load_history(shallow_clone(tmp_path))
    assert [(f.render(), f.severity) for f in history.findings] == [
        (
            ".git: shallow-clone: this is a shallow clone: history stops at the clone depth, so "
            "creation dates and authors are incomplete. Fetch the full history "
            "(`git fetch --unshallow`; in CI, `fetch-depth: 0` on GitHub, `GIT_DEPTH: 0` on GitLab).",
            Severity.NOTICE,
        )
    ]
    assert history.of("procedures/a.md").version == 1


def test_detached_head_is_a_notice(tmp_path):
    root = repo_with_document(tmp_path)
    git(root, "checkout", "-q", "--detach", "HEAD")
    history = load_history(root)
    assert [(f.render(), f.severity) for f in history.findings] == [
        (
            ".git: detached-head: HEAD is detached (as in CI, which checks out a commit): the "
            "history is read from the checked-out commit. To commit changes, switch to a branch "
            "first (`git switch BRANCH`).",
            Severity.NOTICE,
        )
    ]
    assert history.of("procedures/a.md").version == 1


def test_strict_check_passes_a_clean_binder_in_a_detached_shallow_clone(tmp_path):
    clone = shallow_clone(tmp_path, detached=True)
    result = CliRunner().invoke(
        main, ["check", "--strict", "--root", str(clone), "--today", "2026-03-01"]
    )
    assert (result.exit_code, result.output) == (
        0,
        "Notices (2):\n"
        "  .git: detached-head: HEAD is detached (as in CI, which checks out a commit): the "
        "history is read from the checked-out commit. To commit changes, switch to a branch "
        "first (`git switch BRANCH`).\n"
        "  .git: shallow-clone: this is a shallow clone: history stops at the clone depth, so "
        "creation dates and authors are incomplete. Fetch the full history "
        "(`git fetch --unshallow`; in CI, `fetch-depth: 0` on GitHub, `GIT_DEPTH: 0` on GitLab).\n"
        "\n"
        "Checked 1 document (readable by staff 1, provider 1, management 1) on 2026-03-01: "
        "0 errors, 0 warnings, 2 notices.\n",
    )
