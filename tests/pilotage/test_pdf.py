from __future__ import annotations

import io
import sys

import pytest
from pypdf import PdfReader

from classeur.common.errors import PortalError
from classeur.pilotage.formats import render_pack
from classeur.pilotage.html_pack import render_html
from classeur.pilotage.pdf import render_pdf
from tests.pilotage.packs import NAMES, pack

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pack(pack(), NAMES, "pdf")


def test_the_pack_is_a_pdf(pdf):
    assert pdf.startswith(b"%PDF-")


def test_every_page_is_a4_portrait(pdf):
    pages = PdfReader(io.BytesIO(pdf)).pages
    sizes = {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pages}
    assert sizes == {A4_POINTS}


def test_the_first_page_names_the_month_in_french(pdf):
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Comité de pilotage — octobre 2026" in text


def test_pages_are_numbered_out_of_the_total(pdf):
    pages = PdfReader(io.BytesIO(pdf)).pages
    total = len(pages)
    assert total >= 2
    assert [f"page {n} / {total}" in p.extract_text() for n, p in enumerate(pages, 1)] == [
        True
    ] * total


def test_without_weasyprint_the_error_names_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError
    with pytest.raises(PortalError) as raised:
        render_pdf(render_html(pack(), NAMES))
    assert str(raised.value) == (
        "the PDF needs WeasyPrint and the system's Pango library, which could not be loaded "
        "(import of weasyprint halted; None in sys.modules). Install Pango (Debian, Ubuntu: "
        "`apt-get install libpango-1.0-0 libpangoft2-1.0-0`; Fedora: `dnf install pango`; "
        "macOS: `brew install pango`), or write --format html and print it from a browser."
    )


def test_the_pdf_fetches_nothing_an_html_text_might_name(tmp_path):
    picture = tmp_path / "pixel.svg"
    picture.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    html = f'<p>Avant</p><img src="{picture.as_uri()}" alt="image refusée"><p>Après</p>'
    text = PdfReader(io.BytesIO(render_pdf(html))).pages[0].extract_text()
    assert "image refusée" in text  # the alternative text stands where the picture was refused
