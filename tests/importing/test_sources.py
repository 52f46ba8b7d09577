"""What a SOURCE is, and what a folder source holds without leaving it."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from classeur.common.errors import PortalError
from classeur.importing.sources import Kind, identify, read_folder
from tests.conftest import make_binder
from tests.importing.conftest import run_import


@pytest.mark.parametrize(
    ("files", "kind", "pages"),
    [
        ({"SUMMARY.md": "", "README.md": ""}, Kind.GITBOOK, "."),
        ({".gitbook.yaml": "root: ./docs/\n", "docs/README.md": ""}, Kind.GITBOOK, "docs"),
        ({"mkdocs.yml": "site_name: X\n", "docs/index.md": ""}, Kind.MKDOCS, "docs"),
        ({"mkdocs.yml": "docs_dir: pages\n", "pages/index.md": ""}, Kind.MKDOCS, "pages"),
        ({"p.docx": ""}, Kind.WORD, "p.docx"),
        ({"p.ODT": ""}, Kind.OPENDOCUMENT, "p.ODT"),
    ],
)
def test_the_kind_of_a_source_and_where_its_pages_are(tmp_path, files, kind, pages):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    given = tmp_path / next(iter(files)) if kind in (Kind.WORD, Kind.OPENDOCUMENT) else tmp_path
    source = identify(given)
    assert (source.kind, source.pages_root) == (
        kind,
        (tmp_path / pages) if pages != "." else tmp_path,
    )
    if kind in (Kind.WORD, Kind.OPENDOCUMENT):
        assert source.pages_root == given


def test_a_configuration_pointing_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book/.gitbook.yaml").write_text("root: ../\n")
    with pytest.raises(PortalError) as raised:
        identify(tmp_path / "book")
    assert str(raised.value) == (
        f"{(tmp_path / 'book').as_posix()}: the pages folder ../ is missing or outside the "
        "source folder. Fix the configuration file."
    )


def test_hidden_entries_are_listed_apart_but_gitbook_assets_are_read(tmp_path):
    for name in ("README.md", "SUMMARY.md", ".gitbook.yaml", ".gitbook/assets/a.png", ".gitbook/includes/x.md",
                 ".adrs/1.md", "guide/.brouillon.md", "guide/page.md"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    content = read_folder(tmp_path)
    assert content.pages == (PurePosixPath("README.md"), PurePosixPath("guide/page.md"))
    assert PurePosixPath(".gitbook/assets/a.png") in content.files
    assert content.hidden == (
        PurePosixPath(".adrs"),
        PurePosixPath(".gitbook/includes"),
        PurePosixPath("guide/.brouillon.md"),
    )


def test_an_mkdocs_folder_keeps_its_title_admonitions_and_links(tmp_path: Path):
    site = tmp_path / "ancien-site"
    (site / "docs/guide").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: Ancien site\nnav: !!python/name:os.system\n")
    (site / "docs/index.md").write_text("# Accueil\n\nVoir [le guide](guide/saisie.md#etapes).\n")
    (site / "docs/guide/saisie.md").write_text(
        "---\ntitle: Saisie des commandes\n---\n\n"
        '!!! warning "Attention"\n    Vérifiez le client.\n\n[Accueil](../index.md)\n'
    )
    root = make_binder(tmp_path / "binder", {})
    result = run_import(root, str(site), "--function", "ops")
    assert result.exit_code == 0
    page = (root / "procedures/ops/ancien-site/guide/saisie.md").read_text("utf-8")
    assert page.split("---\n", 2)[2] == (
        '\n!!! warning "Attention"\n    Vérifiez le client.\n\n[Accueil](../index.md)\n'
    )
    assert 'title: "Saisie des commandes"' in page
    index = (root / "procedures/ops/ancien-site/index.md").read_text("utf-8")
    assert index.endswith("\nVoir [le guide](guide/saisie.md#etapes).\n")


def test_pages_without_a_heading_take_their_title_from_their_names(tmp_path: Path):
    book = tmp_path / "Guide achats"
    (book / "fournisseurs").mkdir(parents=True)
    (book / "SUMMARY.md").write_text("")
    (book / "README.md").write_text("Texte.\n")
    (book / "fournisseurs/README.md").write_text("Texte.\n")
    (book / "fournisseurs/création-fiche.md").write_text("Texte.\n")
    root = make_binder(tmp_path / "binder", {})
    run_import(root, str(book), "--function", "ops")
    folder = root / "procedures/ops/guide-achats"
    titles = [
        (folder / name).read_text("utf-8").split("\n")[2]
        for name in ("index.md", "fournisseurs/index.md", "fournisseurs/creation-fiche.md")
    ]
    assert titles == ['title: "Guide achats"', 'title: "Fournisseurs"', 'title: "Création fiche"']
