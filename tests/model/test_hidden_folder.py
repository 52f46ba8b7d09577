"""A hidden folder under the sources is named in a notice, not skipped without a word."""

from __future__ import annotations

from click.testing import CliRunner

from classeur.cli.main import main
from classeur.model.corpus import load_corpus
from classeur.model.findings import Severity
from tests.conftest import doc

NOTICE = (
    'procedures/.adrs: hidden-folder: the folder ".adrs" starts with ".", so its files are not '
    "part of the binder: they are neither checked nor published. Rename it without the dot to "
    "include them, or move it out of the sources."
)


def test_a_hidden_folder_is_one_notice_and_its_files_are_not_read(binder):
    root = binder({"procedures/a.md": doc(), "procedures/.adrs/0001.md": "pas d'en-tête\n"})
    corpus = load_corpus(root, ["procedures"])
    assert [f.render() for f in corpus.findings] == [NOTICE]
    assert [f.severity for f in corpus.findings] == [Severity.NOTICE]
    assert corpus.files == frozenset({"procedures/a.md"})


def test_a_nested_hidden_folder_is_named_by_its_path(binder):
    root = binder({"procedures/ops/.brouillons/b.md": doc()})
    corpus = load_corpus(root, ["procedures"])
    assert [(f.path, f.code) for f in corpus.findings] == [
        ("procedures/ops/.brouillons", "hidden-folder")
    ]


def test_a_git_folder_and_hidden_files_get_no_notice(binder):
    root = binder(
        {"procedures/a.md": doc(), "procedures/.git/HEAD": "ref\n", "procedures/.a.md.swp": "x"}
    )
    assert load_corpus(root, ["procedures"]).findings == ()


def test_the_notice_does_not_fail_a_strict_check(binder):
    root = binder({"procedures/a.md": doc(), "procedures/.adrs/0001.md": "x\n"})
    result = CliRunner().invoke(
        main, ["check", "--strict", "--no-history", "--today", "2026-03-01", "--root", str(root)]
    )
    assert result.exit_code == 0
    assert f"  {NOTICE}\n" in result.output
