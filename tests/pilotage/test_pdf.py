from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pytest
from pypdf import PdfReader

from classeur.common.errors import PortalError
from classeur.pilotage import pdf_fonts
from classeur.pilotage.formats import render_pack
from classeur.pilotage.pdf_chart import RADIUS, Chart, nice_ticks
from classeur.pilotage.records import Compliance, FunctionPack, Signal
from tests.pilotage.packs import CORRECTIONS, NAMES, PAI_DELAI, indicator, pack, series

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pack(pack(), NAMES, "pdf")


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


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


def test_the_document_is_titled_and_in_french(pdf):
    reader: Any = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Comité de pilotage — octobre 2026"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"


def test_every_value_of_the_last_periods_is_printed_with_its_status(pdf):
    text = " ".join(text_of(pdf).split())  # cells wrap: compare words, not lines
    for month, value, status in [
        ("sept. 2026", "4", "⚠ à surveiller"),
        ("oct. 2026", "6", "✗ non respecté"),
    ]:
        assert f"{month} {value} {status}" in text
    assert "oct. 2026 — ? non transmis" in text  # PAI-DELAI's October was never submitted


def test_french_figures_keep_their_signs_and_units(pdf):
    text = " ".join(text_of(pdf).replace("\u00a0", " ").split())
    assert "Cible ≤ 2 jours ouvrés, à surveiller jusqu'à 3 jours ouvrés" in text
    assert "IT-SATISF Satisfaction des utilisateurs ≥ 85 % 78 % ✗ non respecté" in text


def test_the_same_pack_gives_the_same_bytes(pdf):
    assert render_pack(pack(), NAMES, "pdf") == pdf


def test_markup_in_a_binder_text_is_printed_as_written_never_read(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    hostile = f'<img src="{secret}"/> <a href="https://example.org">lien</a> & <b>gras'
    signal = Signal("degradation-continue", hostile, "paie", hostile, None, ("PAI-004",))
    paie = FunctionPack(
        "paie", hostile, (series(indicator(label=hostile), [1, 2]),), (signal,), ("PAI-004",)
    )
    data = render_pack(replace(pack(), functions=(paie,)), NAMES, "pdf")
    text = " ".join(text_of(data).split())
    assert f'<img src="{secret}"/> <a href="https://example.org">lien</a> & <b>gras' in text
    pages: Any = PdfReader(io.BytesIO(data)).pages
    assert [("/Annots" in p, "/XObject" in p["/Resources"]) for p in pages] == [
        (False, False)
    ] * len(pages)  # no link, no picture: nothing was read from the markup


def test_without_dejavu_sans_the_error_names_the_package_to_install(monkeypatch):
    monkeypatch.setattr(pdf_fonts, "_FOLDERS", ())
    monkeypatch.setattr("shutil.which", lambda name: None)
    pdf_fonts.register_fonts.cache_clear()
    try:
        with pytest.raises(PortalError) as raised:
            render_pack(pack(), NAMES, "pdf")
    finally:
        monkeypatch.undo()
        pdf_fonts.register_fonts.cache_clear()
    assert "`apt-get install fonts-dejavu-core`" in str(raised.value)
    assert "or write --format html and print it from a browser" in str(raised.value)


class Recorder:
    """A canvas that notes the circles and paths drawn on it."""

    def __init__(self) -> None:
        self.circles: list[tuple[float, int]] = []  # radius, filled with white (1) or ink (0)
        self.paths: list[list[str]] = []
        self.fill: Any = None

    def setFillColor(self, colour: Any) -> None:
        self.fill = colour

    def circle(self, x: float, y: float, radius: float, stroke: int, fill: int) -> None:
        self.circles.append((radius, int(self.fill.hexval() == "0xffffff")))

    def beginPath(self) -> Any:
        steps: list[str] = []
        self.paths.append(steps)

        class Path:
            def moveTo(self, x: float, y: float) -> None:
                steps.append("move")

            def lineTo(self, x: float, y: float) -> None:
                steps.append("line")

        return Path()

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def drawn(chart_series) -> Recorder:
    chart = Chart(chart_series)
    chart.canv = canvas = Recorder()
    chart.draw()
    return canvas


def test_a_missed_target_is_a_larger_hollow_dot():
    canvas = drawn(CORRECTIONS)  # ..., 2 (met), 4 (à surveiller), 6 (non respecté)
    assert canvas.circles[-3:] == [
        (RADIUS[Compliance.MET], 0),
        (RADIUS[Compliance.WATCH], 1),
        (RADIUS[Compliance.BREACHED], 1),
    ]
    assert RADIUS[Compliance.MET] < RADIUS[Compliance.WATCH] < RADIUS[Compliance.BREACHED]


def test_a_period_not_submitted_breaks_the_line():
    gap = series(indicator(), [1, 2, None, 3, 4, 5])
    assert drawn(gap).paths == [["move", "line"], ["move", "line", "line"]]
    assert len(drawn(gap).circles) == 5  # no dot where nothing was submitted
    assert drawn(PAI_DELAI).paths == [["move"] + ["line"] * 10]


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (1, 6, [0, 2, 4, 6]),
        (76, 84, [76, 78, 80, 82, 84]),
        (1.5, 3, [1.5, 2, 2.5, 3]),
        (5, 5, [4, 4.5, 5, 5.5, 6]),  # a flat series still gets an axis
    ],
)
def test_the_axis_has_round_steps_around_every_value(low, high, ticks):
    assert nice_ticks(low, high) == ticks
