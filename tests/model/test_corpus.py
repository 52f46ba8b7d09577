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
    serial = load_corpus(root, ["procedures"], parallel=False)
    monkeypatch.setattr(corpus, "PARALLEL_THRESHOLD", 2)
    parallel = load_corpus(root, ["procedures"], parallel=True)
    assert parallel == serial
    assert len(serial.documents) == 12
    assert [f.code for f in serial.findings] == ["missing-frontmatter"]


def test_then_runs_on_each_document_in_the_process_that_parsed_it(binder, monkeypatch):
    root = binder({f"procedures/d{n:02d}.md": doc(id=f"OPS-{n:03d}") for n in range(12)})
    monkeypatch.setattr(corpus, "PARALLEL_THRESHOLD", 2)
    loaded = load_corpus(root, ["procedures"], then=lambda d: (d.id, os.getpid()))
    made = {path: made for path, made in loaded.after.items() if isinstance(made, tuple)}
    assert {path: made[0] for path, made in made.items()} == {
        str(d.path): d.id for d in loaded.documents
    }
    # The first documents were parsed here, the last ones by a helper on the other core.
    assert made["procedures/d00.md"][1] == os.getpid() != made["procedures/d11.md"][1]


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


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "--output=x.md",
            'the name starts with "-", which commands read as an option. '
            'Rename it to "output=x.md".',
        ),
        (
            "<img src=x onerror=alert(1)>.md",
            "the name contains U+003C LESS-THAN SIGN (markup), U+003E GREATER-THAN SIGN "
            '(markup). Rename it to "img src=x onerror=alert(1).md".',
        ),
        (
            'l\'avoir "v2" `x` & co.md',
            "the name contains U+0027 APOSTROPHE (markup), U+0022 QUOTATION MARK (markup), "
            'U+0060 GRAVE ACCENT (markup), U+0026 AMPERSAND (markup). Rename it to "lavoir v2 x  '
            'co.md".',
        ),
        (
            "facture\u202efdp.md",
            "the name contains U+202E RIGHT-TO-LEFT OVERRIDE (bidirectional control). Rename it "
            'to "facturefdp.md".',
        ),
        (
            "paie\u2066.md",
            "the name contains U+2066 LEFT-TO-RIGHT ISOLATE (bidirectional control). Rename it "
            'to "paie.md".',
        ),
        (
            "pa\u200bie.md",
            'the name contains U+200B ZERO WIDTH SPACE (invisible character). Rename it to "paie.md".',
        ),
        (
            "pa\u00adie.md",
            'the name contains U+00AD SOFT HYPHEN (invisible character). Rename it to "paie.md".',
        ),
        (
            "paie\x1b[31m.md",
            'the name contains U+001B (control character). Rename it to "paie[31m.md".',
        ),
        (
            "-\u200d.md",
            'the name starts with "-", which commands read as an option, and contains U+200D '
            "ZERO WIDTH JOINER (invisible character). Rename it with letters, digits and hyphens.",
        ),
    ],
)
def test_unsafe_document_name_is_refused_and_not_read(binder, name, message):
    root = binder({f"procedures/{name}": doc()})
    loaded = load_corpus(root, ["procedures"])
    assert [f.render() for f in loaded.findings] == [
        f"procedures/{name}: unsafe-file-name: {message}"
    ]
    assert loaded.documents == ()


def test_unsafe_attachment_name_is_refused(binder):
    root = binder({"procedures/a.md": doc(), "procedures/grille\u200b.pdf": b"%PDF-1.4\n"})
    assert [f.render() for f in load_corpus(root, ["procedures"]).findings] == [
        "procedures/grille\u200b.pdf: unsafe-file-name: the name contains U+200B ZERO WIDTH "
        'SPACE (invisible character). Rename it to "grille.pdf".'
    ]


def test_unsafe_folder_name_is_reported_once_and_its_documents_are_not_read(binder):
    root = binder(
        {
            "procedures/-paie/a.md": doc(),
            "procedures/-paie/b.md": doc(id="OPS-002"),
            "procedures/-paie/grille.pdf": b"%PDF-1.4\n",
        }
    )
    loaded = load_corpus(root, ["procedures"])
    assert [f.render() for f in loaded.findings] == [
        'procedures/-paie: unsafe-file-name: the name starts with "-", which commands read as '
        'an option. Rename it to "paie".'
    ]
    assert loaded.documents == ()


def test_name_that_is_not_utf8_is_refused_with_its_byte(binder):
    root = binder({})
    name = b"caf\xe9.md".decode("utf-8", "surrogateescape")
    (root / "procedures").mkdir()
    (root / "procedures" / name).write_text(doc(), encoding="utf-8")
    assert [f.render() for f in load_corpus(root, ["procedures"]).findings] == [
        "procedures/caf\ufffd.md: unsafe-file-name: the name contains byte 0xE9 (not UTF-8). "
        'Rename it to "caf.md".'
    ]


def test_reading_one_document_again_refuses_an_unsafe_name(binder):
    root = binder({"procedures/-x.md": doc()})
    # watch re-reads a saved file through read_document alone.
    assert corpus.read_document(str(root), "procedures/-x.md") == (
        None,
        [
            Finding(
                "procedures/-x.md",
                0,
                "unsafe-file-name",
                'the name starts with "-", which commands read as an option. Rename it to "x.md".',
            )
        ],
    )
