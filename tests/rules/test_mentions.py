"""`restricted-mention`: text naming what some of its readers may not read, as the audit would."""

from __future__ import annotations

import io
import zipfile

import pytest

from classeur.binder.check import check
from tests.conftest import TODAY, doc

# OPS-050 and its attachment are read by management only; a default document by everyone.
SECRET = {
    "procedures/rh/secret.md": doc(
        id="OPS-050", title="Plan social", access="[secret]", body="[Bulletin](paie-2026.pdf)\n"
    ),
    "procedures/rh/paie-2026.pdf": b"%PDF-1.4",
}
FIX = "the site would show it. Remove the mention, or give both the same readers."


def mentions(binder, files):
    report = check(binder({**SECRET, **files}), today=TODAY)
    return [f.render() for f in report.findings if f.code == "restricted-mention"]


def test_an_id_said_in_a_wider_document_is_reported_at_its_line_and_column(binder):
    found = mentions(binder, {"procedures/ops/a.md": doc(body="Étape une.\nVoir OPS-050.\n")})
    assert found == [
        'procedures/ops/a.md:13:6: restricted-mention: names OPS-050 by its id "OPS-050", which '
        f"staff, provider may not read although they read this document: {FIX}"
    ]


def test_a_restricted_attachments_file_name_is_reported(binder):
    found = mentions(binder, {"procedures/ops/a.md": doc(body="Joindre paie-2026.pdf.\n")})
    assert found == [
        "procedures/ops/a.md:12:9: restricted-mention: names the attachment "
        'procedures/rh/paie-2026.pdf by its file name "paie-2026.pdf", which staff, provider '
        f"may not read although they read this document: {FIX}"
    ]


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ("Le modèle secret.md est prêt.\n", 'file name "secret.md"'),
        ("Dossier ../secret/ du site.\n", 'stem "secret"'),
        ('Lien "https://intranet/rh/secret#haut".\n', 'stem "secret"'),
        ("Chemin procedures/rh/secret.md\n", 'path "procedures/rh/secret.md"'),
    ],
)
def test_a_name_on_path_boundaries_is_reported(binder, body, what):
    found = mentions(binder, {"procedures/ops/a.md": doc(body=body)})
    assert [f.split(" by its ")[1].split(", which")[0] for f in found] == [what]


@pytest.mark.parametrize(
    "body",
    [
        "Un secret bien gardé.\n",  # a stem in prose
        "Le fichier topsecret.md et secret.mdx.\n",  # inside a longer name
        "Le dossier rh/secret/modeles/ du partage.\n",  # a folder named like the page
        "OPS-0500 et XOPS-050.\n",  # inside a longer id
    ],
)
def test_a_name_inside_other_words_or_paths_is_not_reported(binder, body):
    assert mentions(binder, {"procedures/ops/a.md": doc(body=body)}) == []


def test_a_name_a_readable_document_also_has_is_not_reported(binder):
    files = {
        "procedures/ops/secret.md": doc(id="OPS-002"),
        "procedures/ops/a.md": doc(body="Voir secret.md et ../secret/.\n"),
    }
    assert mentions(binder, files) == []


def test_a_link_to_the_document_is_left_to_restricted_link(binder):
    root = binder({**SECRET, "procedures/ops/a.md": doc(body="[OPS-050](../rh/secret.md)\n")})
    assert [f.code for f in check(root, today=TODAY).findings] == ["restricted-link"]


def test_a_name_written_with_markup_is_reported_as_the_page_shows_it(binder):
    found = mentions(binder, {"procedures/ops/a.md": doc(body="Voir _secret\\.md_.\n")})
    assert found == [
        'procedures/ops/a.md:12: restricted-mention: names OPS-050 by its file name "secret.md", '
        f"which staff, provider may not read although they read this document: {FIX}"
    ]


def test_a_title_naming_a_restricted_document_is_reported_at_the_title(binder):
    found = mentions(binder, {"procedures/ops/a.md": doc(title="Suite de OPS-050")})
    assert found == [
        'procedures/ops/a.md:3: restricted-mention: its title names OPS-050 by its id "OPS-050", '
        f"which staff, provider may not read although they read this document: {FIX}"
    ]


def test_a_text_attachment_naming_a_restricted_document_is_reported(binder):
    files = {
        "procedures/ops/a.md": doc(body="[Annexe](annexe.txt)\n"),
        "procedures/ops/annexe.txt": "Annexe.\nReprendre OPS-050.\n",
    }
    assert mentions(binder, files) == [
        'procedures/ops/annexe.txt:2:11: restricted-mention: names OPS-050 by its id "OPS-050", '
        "which staff, provider may not read although they read this attachment: the site would "
        "show it. Remove the mention, or give both the same readers."
    ]


def test_lines_are_counted_in_the_file_whatever_its_line_endings(binder):
    text = "\ufeff" + doc(body="Étape une.\n\nVoir OPS-050.\n").replace("\n", "\r\n")
    found = mentions(binder, {"procedures/ops/a.md": text.encode("utf-8")})
    assert [f.split(": restricted")[0] for f in found] == ["procedures/ops/a.md:14:6"]


def test_a_reader_who_reads_both_documents_is_not_warned(binder):
    files = {"procedures/rh/b.md": doc(id="OPS-051", access="[secret]", body="Voir OPS-050.\n")}
    assert mentions(binder, files) == []


def test_a_name_inside_a_compressed_office_attachment_is_found(binder):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Voir OPS-003.</w:t></w:r></w:p></w:body></w:document>",
        )
    root = binder(
        {
            "procedures/rh-paie.md": doc(id="OPS-003", title="Paie RH", access="[secret]"),
            "procedures/a.md": doc(body="Le [modèle](modele.docx).\n"),
            "procedures/modele.docx": data.getvalue(),
        }
    )
    codes = [(f.path, f.code) for f in check(root, today=TODAY).findings]
    assert ("procedures/modele.docx", "restricted-mention") in codes
