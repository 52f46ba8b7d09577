"""One indicator's last periods as a line chart drawn on the printed pack's page.

The site's chart (charts.py, pygal's SVG) would have to go through an SVG
renderer to reach a PDF; drawn with ReportLab's canvas it costs a few
milliseconds. It reads as the site's does, in black and white: the value a
solid line with dots (larger and hollow when the target was missed), the target
a dashed line, the warning threshold a dotted one, each named in the legend; a
period not submitted is a gap, not a zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import HexColor, white
from reportlab.platypus import Flowable

from classeur.pilotage.french import UNIT_TITLES, number, short_month
from classeur.pilotage.pdf_fonts import REGULAR
from classeur.pilotage.records import Compliance, Series

WIDTH, HEIGHT = 300.0, 170.0  # points; 60 % of the A4 text width
_LEFT, _RIGHT, _TOP, _BOTTOM = 44.0, 14.0, 8.0, 52.0  # room for labels and the legend
# Colours parsed once: ReportLab parses a colour given as text at every use.
INK, TARGET_GREY, WARNING_GREY, GUIDE = (
    HexColor(c) for c in ("#000000", "#444444", "#777777", "#cccccc")
)
TARGET_DASH, WARNING_DASH = (6, 3), (1.5, 2.5)
# Radius of a period's dot; a missed target is a hollow, larger one.
RADIUS = {Compliance.MET: 2.2, Compliance.WATCH: 3.4, Compliance.BREACHED: 4.0}


class Chart(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """The series' chart, WIDTH × HEIGHT points, drawn where the layout puts it."""

    def __init__(self, series: Series) -> None:
        super().__init__()
        self.series = series
        self.width, self.height = WIDTH, HEIGHT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return WIDTH, HEIGHT

    def draw(self) -> None:
        canvas, indicator = self.canv, self.series.indicator
        values = [p.value for p in self.series.points]
        levels = [v for v in values if v is not None] + [indicator.target]
        if indicator.warning is not None:
            levels.append(indicator.warning)
        ticks = nice_ticks(min(levels), max(levels))
        plot = _Plot(ticks[0], ticks[-1], len(values))
        canvas.saveState()
        canvas.setFont(REGULAR, 7)
        canvas.setLineWidth(0.5)
        canvas.setStrokeColor(GUIDE)
        canvas.setFillColor(INK)
        for tick in ticks:
            y = plot.y(tick)
            canvas.line(_LEFT, y, WIDTH - _RIGHT, y)
            canvas.drawRightString(_LEFT - 4, y - 2.5, number(tick))
        _rotated(canvas, 8, plot.bottom + plot.height / 2, 90, UNIT_TITLES[indicator.unit], 7)
        for index, point in enumerate(self.series.points):
            month = short_month(point.period)
            _rotated(canvas, plot.x(index) + 3, plot.bottom - 8, 30, month, 6.5, end=True)
        span = (plot.x(0), plot.x(max(len(values) - 1, 0)))
        _level(canvas, span, plot.y(indicator.target), TARGET_GREY, TARGET_DASH)
        if indicator.warning is not None:
            _level(canvas, span, plot.y(indicator.warning), WARNING_GREY, WARNING_DASH)
        canvas.setStrokeColor(INK)
        canvas.setDash()
        canvas.setLineWidth(1.8)
        for run in _runs(values):
            path = canvas.beginPath()
            path.moveTo(plot.x(run[0]), plot.y(values[run[0]] or 0.0))
            for index in run[1:]:
                path.lineTo(plot.x(index), plot.y(values[index] or 0.0))
            canvas.drawPath(path, stroke=1, fill=0)
        for index, point in enumerate(self.series.points):
            if point.value is not None:
                _dot(canvas, plot.x(index), plot.y(point.value), point.status)
        _legend(canvas, shown=any(v is not None for v in values), warning=indicator.warning)
        canvas.restoreState()


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values from at or below `low` to at or above `high`, about `count` steps apart."""
    if high <= low:
        low, high = low - 1, high + 1
    rough = (high - low) / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= rough)
    first = math.floor(low / step) * step
    steps = math.ceil(round((high - first) / step, 9))
    return [round(first + i * step, 10) for i in range(steps + 1)]


class _Plot:
    """Where a period and a value fall on the chart."""

    def __init__(self, low: float, high: float, periods: int) -> None:
        self.low, self.high, self.periods = low, high, periods
        self.bottom, self.height = _BOTTOM, HEIGHT - _BOTTOM - _TOP
        self.width = WIDTH - _LEFT - _RIGHT

    def x(self, index: int) -> float:
        if self.periods < 2:
            return _LEFT + self.width / 2
        return _LEFT + 6 + index * (self.width - 12) / (self.periods - 1)

    def y(self, value: float) -> float:
        return self.bottom + (value - self.low) / (self.high - self.low) * self.height


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indexes of consecutive submitted values, two at least: a gap breaks the line."""
    runs: list[list[int]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(index)
    return [run for run in runs if len(run) > 1]


def _level(canvas: Any, span: tuple[float, float], y: float, colour: Any, dash: Any) -> None:
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.2)
    canvas.setDash(*dash)
    canvas.line(span[0], y, span[1], y)


def _dot(canvas: Any, x: float, y: float, status: Compliance) -> None:
    missed = status is not Compliance.MET
    canvas.setLineWidth(1.5 if missed else 0.5)
    canvas.setFillColor(white if missed else INK)
    canvas.circle(x, y, RADIUS.get(status, RADIUS[Compliance.MET]), stroke=1, fill=1)
    canvas.setFillColor(INK)


def _legend(canvas: Any, *, shown: bool, warning: float | None) -> None:
    entries: list[tuple[str, tuple[float, float] | None, Any]] = [
        ("Valeur" if shown else "Valeur (aucune transmise)", None, INK),
        ("Cible (tirets)", TARGET_DASH, TARGET_GREY),
    ]
    if warning is not None:
        entries.append(("Seuil d'alerte (pointillés)", WARNING_DASH, WARNING_GREY))
    x, y = _LEFT - 30, 6.0
    for label, dash, colour in entries:
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(1.8 if dash is None else 1.2)
        canvas.setDash(*(dash or ()))
        canvas.line(x, y + 2.5, x + 18, y + 2.5)
        canvas.drawString(x + 22, y, label)
        x += 30 + 4.2 * len(label)


def _rotated(
    canvas: Any, x: float, y: float, angle: float, text: str, size: float, *, end: bool = False
) -> None:
    """`text` turned by `angle` degrees about (x, y): centred on it, or ending there."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.rotate(angle)
    canvas.setFont(REGULAR, size)
    (canvas.drawRightString if end else canvas.drawCentredString)(0, 0, text)
    canvas.restoreState()
