"""Word and OpenDocument files, made here by python-docx and odfpy (producers other than
the reader, pandoc): a French heading, a numbered list, a table and an image survive."""

from __future__ import annotations

import os
import struct
import zlib
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from odf import draw, table, text
from odf.opendocument import OpenDocumentText

from classeur.binder.check import check
from classeur.model.findings import Severity
from tests.conftest import make_binder
from tests.importing.conftest import FILE_DAY, run_import

BODY = (
    "Le bulletin part le 28 : vérifiez les absences d'abord.\n\n"
    "## Étapes\n\n"
    "1.  Exportez les variables du mois.\n\n"
    "2.  Contrôlez les absences « maladie ».\n\n"
    "3.  Envoyez le fichier au cabinet.\n\n"
)


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x10\x20\x30"))
        + chunk(b"IEND", b"")
    )


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Clôture de la paie", 1)
    document.add_paragraph("Le bulletin part le 28 : vérifiez les absences d'abord.")
    document.add_heading("Étapes", 2)
    for step in ("Exportez les variables du mois.", "Contrôlez les absences « maladie ».",
                 "Envoyez le fichier au cabinet."):  # fmt: skip
        document.add_paragraph(step, style="List Number")
    grid = document.add_table(rows=2, cols=2)
    for column, (head, value) in enumerate((("Rôle", "Propriétaire"), ("Qui", "Julien"))):
        grid.cell(0, column).text = head
        grid.cell(1, column).text = value
    image = path.parent / "schema.png"
    image.write_bytes(png())
    document.add_picture(str(image), width=Inches(1))
    document.save(str(path))
    return path


def make_odt(path: Path) -> Path:
    document = OpenDocumentText()
    document.text.addElement(text.H(outlinelevel=1, text="Clôture de la paie"))
    document.text.addElement(text.P(text="Le bulletin part le 28 : vérifiez les absences."))
    steps = text.List()
    for step in ("Exportez les variables du mois.", "Envoyez le fichier au cabinet."):
        item = text.ListItem()
        item.addElement(text.P(text=step))
        steps.addElement(item)
    document.text.addElement(steps)
    grid = table.Table()
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    heading_rows = table.TableHeaderRows()
    grid.addElement(heading_rows)
    for row_values, parent in ((("Rôle", "Qui"), heading_rows), (("Propriétaire", "Julien"), grid)):
        row = table.TableRow()
        for value in row_values:
            cell = table.TableCell()
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        parent.addElement(row)
    document.text.addElement(grid)
    picture = document.addPicture("Pictures/schema.png", "image/png", png())
    frame = draw.Frame(width="2cm", height="2cm", anchortype="as-char")
    frame.addElement(draw.Image(href=picture))
    paragraph = text.P()
    paragraph.addElement(frame)
    document.text.addElement(paragraph)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("word")
    (base / "in").mkdir()
    docx_file = make_docx(base / "in" / "Clôture paie.docx")
    odt_file = make_odt(base / "in" / "cloture.odt")
    for source in (docx_file, odt_file):
        os.utime(source, (FILE_DAY, FILE_DAY))
    root = make_binder(base / "binder", {})
    docs = root / "procedures/ops"
    result = run_import(root, str(docx_file), "--function", "ops", "--access", "staff")
    first = (docs / "cloture-de-la-paie.md").read_text("utf-8")
    images = sorted(p.name for p in docs.glob("*.png"))
    again = run_import(root, str(odt_file), "--function", "ops")
    other = make_binder(base / "other", {})
    odt = run_import(other, str(odt_file), "--function", "ops")
    odt_text = (other / "procedures/ops/cloture-de-la-paie.md").read_text("utf-8")
    return {
        "root": root, "docx": result, "first": first, "images": images, "again": again,
        "odt": odt, "odt_text": odt_text, "odt_images": sorted(
            p.name for p in (other / "procedures/ops").glob("*.png")
        ),
    }  # fmt: skip


def test_a_docx_gives_title_numbered_list_table_and_image(word):
    assert word["docx"].exit_code == 0
    assert word["first"] == (
        '---\nid: OPS-001\ntitle: "Clôture de la paie"\ntype: procedure\nfunction: ops\n'
        "owners: [ops]\nmaintainers: []\nstatus: draft\naccess: [staff]\n"
        "last_reviewed: 2026-02-03\nreview_every: 12 months\n---\n\n"
        + BODY
        + "| Rôle         | Qui    |\n|--------------|--------|\n| Propriétaire | Julien |\n\n"
        "![](cloture-de-la-paie-image1.png)\n"
    )
    assert word["images"] == ["cloture-de-la-paie-image1.png"]


def test_the_report_of_a_docx_asks_for_the_images_alternative_text(word):
    assert word["docx"].stdout.split("\n")[0].split("Clôture paie.docx")[1] == (
        ": image-without-text: an image has no alternative text: readers who cannot see it "
        "learn nothing. Describe it between the brackets, e.g. `![Écran de validation](…)`."
    )


def test_an_odt_gives_title_list_table_and_image(word):
    assert word["odt"].exit_code == 0
    body = word["odt_text"].split("---\n", 2)[2]
    assert body == (
        "\nLe bulletin part le 28 : vérifiez les absences.\n\n"
        "1.  Exportez les variables du mois.\n"
        "2.  Envoyez le fichier au cabinet.\n\n"
        "| Rôle         | Qui    |\n|--------------|--------|\n| Propriétaire | Julien |\n\n"
        "![](cloture-de-la-paie-schema.png)\n"
    )
    assert word["odt_images"] == ["cloture-de-la-paie-schema.png"]


def test_a_second_file_with_the_same_title_is_refused_rather_than_overwriting(word):
    again = word["again"]
    assert again.exit_code == 1
    assert again.stdout.splitlines()[0].endswith(
        "cloture.odt: target-exists: procedures/ops/cloture-de-la-paie.md already exists: this "
        "page was not imported, and nothing was written for it. Move or rename that file, or "
        "import into another function."
    )
    page = word["root"] / "procedures/ops/cloture-de-la-paie.md"
    assert page.read_text("utf-8") == word["first"]


def test_check_finds_nothing_wrong_in_the_imported_word_documents(word):
    report = check(word["root"], today=date(2026, 3, 1), history=None, values_in_history=False)
    assert [f.render() for f in report.findings if f.severity >= Severity.WARNING] == []
    assert [s.document.id for s in report.documents] == ["OPS-001"]
