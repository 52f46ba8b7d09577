"""pr-check's gate: no fixed list of protected paths, renames under both names, one Git pass."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git as gitpython
import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.gate.prcheck import pr_check
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit, git

PROVIDER = "vendor@example.fr"
OWNER = "ops@example.fr"
A = doc(access="[staff]", maintainers="[vendor]")
HANDBOOK = POLICY["access_policies/sources.yml"].replace("path: procedures", "path: handbook")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    files = {"procedures/a.md": A, "mkdocs.yml": "site_name: x\n", ".github/x.yml": "on: push\n"}
    commit(root, {**POLICY, **files}, "base", day="2026-01-10")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def codes(root: Path, base: str = "main") -> list[tuple[str, str, str]]:
    return [(f.path, f.code, f.severity.label) for f in pr_check(root, base).findings]


@pytest.mark.parametrize(
    "path",
    [
        "hooks.py",  # a Python module at the repository root
        "overrides/main.html",  # a theme overrides folder
        "procedures/outil.py",  # under the sources, but no attachment type
        "procedures/.cache/a.md",  # hidden: `check` does not read it as a document
        "notes/a.md",  # a Markdown file outside the sources
    ],
)
def test_provider_changes_anything_but_documents_and_attachments(repo, path):
    commit(repo, {path: "x = 1\n"}, "ajout", day="2026-01-11", email=PROVIDER)
    assert codes(repo) == [(path, "protected-path-changed", "error")]


def test_protected_path_message_says_what_a_provider_may_change(repo):
    commit(repo, {"hooks.py": "x = 1\n"}, "ajout", day="2026-01-11", email=PROVIDER)
    assert [f.render() for f in pr_check(repo, "main").findings] == [
        "hooks.py: protected-path-changed: added by vendor (provider side): a provider may "
        "only change documents (.md) and attachments (csv, docx, jpeg, jpg, ods, odt, pdf, "
        "png, svg, txt, xlsx) under procedures/; the company's builds run or trust every "
        "other file. Ask an internal owner to make this change."
    ]


def test_company_author_changes_other_files_without_finding(repo):
    commit(repo, {"hooks.py": "x = 1\n"}, "ajout", day="2026-01-11", email=OWNER)
    result = CliRunner().invoke(main, ["pr-check", "main", "--root", str(repo)])
    assert (result.exit_code, result.output) == (
        0,
        "hooks.py (other file)\n0 documents, 0 attachments and 1 other file changed by "
        "ops (company): 0 errors, 0 other findings.\n",
    )


def test_rename_out_of_a_protected_path_is_judged_under_the_old_name(repo):
    git(repo, "mv", ".github/x.yml", "procedures/x.md")
    commit(repo, {}, "déplace", day="2026-01-11", email=PROVIDER)
    finding, added = pr_check(repo, "main").findings
    assert (finding.path, finding.code) == (".github/x.yml", "protected-path-changed")
    assert finding.message.startswith("renamed to procedures/x.md by vendor (provider side): ")
    # and what it became is no document: no maintainer can be read from it
    assert (added.path, added.code) == ("procedures/x.md", "provider-edits-unmaintained")


def test_document_renamed_out_of_the_sources_is_a_deletion(repo):
    (repo / "archives").mkdir()
    git(repo, "mv", "procedures/a.md", "archives/a.md")
    commit(repo, {}, "archive", day="2026-01-11", email=OWNER)
    report = pr_check(repo, "main")
    assert [(c.path, c.status) for c in report.changes] == [("procedures/a.md", "D")]
    assert codes(repo) == [("procedures/a.md", "active-document-deleted", "notice")]


def test_renamed_document_shows_its_old_name(repo):
    git(repo, "mv", "procedures/a.md", "procedures/b.md")
    commit(repo, {}, "renomme", day="2026-01-11", email=OWNER)
    result = CliRunner().invoke(main, ["pr-check", "main", "--root", str(repo)])
    assert result.output.splitlines()[0] == "procedures/b.md (renamed from procedures/a.md)"


def test_sources_yml_decides_where_documents_live(tmp_path):
    root = make_binder(tmp_path, {})
    policy = {**POLICY, "access_policies/sources.yml": HANDBOOK}
    commit(root, {**policy, "handbook/a.md": A}, "base", day="2026-01-10")
    git(root, "checkout", "-q", "-b", "pr")
    changes = {"handbook/a.md": A + "Deux.\n", "procedures/b.md": doc(id="OPS-002")}
    commit(root, changes, "texte", day="2026-01-11", email=PROVIDER)
    assert codes(root) == [("procedures/b.md", "protected-path-changed", "error")]


def test_sources_come_from_the_base_branch(repo):
    sources = POLICY["access_policies/sources.yml"] + (
        "  - id: extra\n    path: extra\n    kind: repository\n    readers: [company]\n"
    )
    changes = {"access_policies/sources.yml": sources, "extra/x.pdf": "%PDF\n"}
    commit(repo, changes, "source", day="2026-01-11", email=PROVIDER)
    assert codes(repo) == [
        ("access_policies/sources.yml", "protected-path-changed", "error"),
        ("extra/x.pdf", "protected-path-changed", "error"),
    ]


def test_file_names_are_read_verbatim(repo):
    commit(repo, {"procedures/clôture.md": doc(id="OPS-002")}, "base", day="2026-01-11")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--ff-only", "pr")
    git(repo, "checkout", "-q", "pr")
    changed = doc(id="OPS-002", body="Autre.\n")
    commit(repo, {"procedures/clôture.md": changed}, "texte", day="2026-01-12", email=PROVIDER)
    assert codes(repo) == [("procedures/clôture.md", "provider-edits-unmaintained", "error")]


def test_a_merge_is_charged_with_what_it_resolves(repo):
    commit(repo, {"mkdocs.yml": "site_name: pr\n"}, "pr", day="2026-01-11", email=OWNER)
    git(repo, "checkout", "-q", "main")
    commit(repo, {"mkdocs.yml": "site_name: main\n"}, "main", day="2026-01-11", email=OWNER)
    git(repo, "checkout", "-q", "pr")
    with pytest.raises(subprocess.CalledProcessError):  # the conflict the provider resolves
        git(repo, "merge", "-q", "main")
    commit(repo, {"mkdocs.yml": "site_name: presta\n"}, "merge", day="2026-01-12", email=PROVIDER)
    assert codes(repo) == [("mkdocs.yml", "protected-path-changed", "error")]


def test_the_whole_history_is_read_in_one_git_log(repo, monkeypatch):
    files = {f"procedures/{n}.md": A.replace("OPS-001", f"OPS-00{n}") for n in range(2, 6)}
    commit(repo, files, "quatre", day="2026-01-11", email=PROVIDER)
    commands: list[str] = []
    execute = gitpython.cmd.Git.execute

    def record(self, command, *args, **kwargs):
        commands.append(command[1] if isinstance(command, list) else "")
        return execute(self, command, *args, **kwargs)

    monkeypatch.setattr(gitpython.cmd.Git, "execute", record)
    pr_check(repo, "main")
    assert commands.count("log") == 1


def test_a_symbolic_link_is_never_an_attachment(repo):
    (repo / "procedures" / "lien.pdf").symlink_to("/etc/passwd")
    commit(repo, {}, "lien", day="2026-01-11", email=PROVIDER)
    assert codes(repo) == [("procedures/lien.pdf", "protected-path-changed", "error")]


def test_a_provider_cannot_take_over_a_document_whose_base_header_is_broken(repo):
    broken = doc(id="OPS-003", title="RH", access="[secret]", status="actif")
    commit(repo, {"procedures/h.md": broken}, "base cassée", day="2026-01-10", email=OWNER)
    git(repo, "branch", "-f", "main")
    taken = doc(id="OPS-003", title="RH", access="[secret, provider]", maintainers="[vendor]")
    commit(repo, {"procedures/h.md": taken}, "reprise", day="2026-01-11", email=PROVIDER)
    assert [f.render() for f in pr_check(repo, "main").findings if f.path == "procedures/h.md"] == [
        "procedures/h.md: provider-edits-unmaintained: vendor changes procedures/h.md, whose "
        "header does not parse at the base: no maintainer can be read from it. Have an internal "
        "owner fix its header first, or make this change."
    ]
