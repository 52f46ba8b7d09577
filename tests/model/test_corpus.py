from __future__ import annotations

import os

import pytest

from classeur.model import corpus
from classeur.model.corpus import load_corpus
from classeur.model.findings import Finding
from tests.conftest import doc


def test_parallel_parse_gives_the_same_corpus_as_serial(binder, monkeypatch):
    files = {f"procedures/f{n}/d{n}.md": doc(id=f"OPS-{n:03d}") for n in range(12)}
    files["procedures/bad.md"] = "no header\n"
    root = binder(files)
    serial = load_corpus(root, ["procedures"], workers=1)
    monkeypatch.setattr(corpus, "PARALLEL_THRESHOLD", 2)
    parallel = load_corpus(root, ["procedures"], workers=2)
    assert parallel == serial
    assert len(serial.documents) == 12
    assert [f.code for f in serial.findings] == ["missing-frontmatter"]


@pytest.mark.parametrize("name", [".hidden.md", ".git"])
def test_hidden_entries_are_not_documents(binder, name):
    root = binder({"procedures/a.md": doc(), f"procedures/{name}": "x"})
    assert corpus.load_corpus(root, ["procedures"]).files == frozenset({"procedures/a.md"})


def test_unreadable_file_is_a_finding(binder):
    root = binder({"procedures/a.md/b.txt": "a folder named like a document"})
    # A folder cannot be opened as a file: the same OSError path as a permission error.
    assert corpus.read_document(str(root), "procedures/a.md") == (
        None,
        [Finding("procedures/a.md", 0, "unreadable-file", "cannot read it: Is a directory.")],
    )


def test_special_files_are_refused_not_read(binder):
    root = binder({"procedures/a.md": doc()})
    os.mkfifo(root / "procedures" / "pipe.md")  # reading it would block forever
    assert [f.render() for f in load_corpus(root, ["procedures"]).findings] == [
        "procedures/pipe.md: not-a-regular-file: only regular files belong in the binder. "
        "Remove it."
    ]
