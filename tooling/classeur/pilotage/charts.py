"""One indicator's last periods as an SVG line chart (pygal), made at build time.

The chart is static and self-contained: pygal's tooltip script (fetched from a
CDN by default), its configuration script and its comments are removed, so it
runs nothing and fetches nothing, and the same series gives the same bytes.
It reads in black and white: the value is a solid line with dots (larger and
hollow when the target was missed), the target a dashed line, the warning
threshold a dotted one, each named in the legend.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pygal
from pygal.etree import etree as pygal_etree
from pygal.style import Style

from classeur.pilotage.french import (
    UNIT_TITLES,
    month_name,
    number,
    quantity,
    short_month,
    status_text,
    target_text,
    warning_text,
)
from classeur.pilotage.records import Compliance, Point, Series

WIDTH, HEIGHT = 640, 320
_SVG = "{http://www.w3.org/2000/svg}"
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="black",
    foreground_strong="black",
    foreground_subtle="#555555",
    font_family="'DejaVu Sans', 'Liberation Sans', Arial, sans-serif",  # never fetched
    label_font_size=13,  # the printed pack shows the chart at 60 % of its width
    major_label_font_size=13,
    legend_font_size=13,
    no_data_font_size=16,
    colors=("#000000", "#444444", "#777777"),  # value, target, warning: greys print as they show
    opacity="1",
    opacity_hover="1",
    stroke_opacity="1",
    stroke_opacity_hover="1",
    transition="0s",
)
_MARKS = {  # missed targets stand out without colour
    Compliance.WATCH: {"r": 5},
    Compliance.BREACHED: {"r": 6},
}
_HOLLOW = "fill: white; stroke: black; stroke-width: 2"
# CSS rules for pygal's script-driven tooltips and hover effects: the chart runs no script,
# and a printer lays out each rule against each node (half the PDF's time with them in).
_INTERACTIVE_RULE = re.compile(r":hover|tooltip|transition|user-select|\.active|\.reactive")
_CSS_RULE = re.compile(r"[^{}]+\{[^{}]*\}")

# pygal builds with lxml whenever it can import it (feedgen installs it): the same chart
# would then come out with other bytes. The standard library's tree, always.
pygal_etree.to_etree()


def chart_svg(series: Series) -> str:
    """The series as a fixed-size SVG document with a <title> and a <desc>, no script.

    Kept once drawn (by the series' full repr: an indicator holds lists, so it has no
    hash): every audience reading an indicator shows the same chart, and the live
    preview draws the Pilotage section again after every save.
    """
    key = repr(series)
    drawn = _DRAWN.get(key)
    if drawn is None:
        if len(_DRAWN) >= _DRAWN_KEPT:
            _DRAWN.clear()
        drawn = _DRAWN[key] = _draw(series)
    return drawn


_DRAWN: dict[str, str] = {}
_DRAWN_KEPT = 512  # a binder's indicators, several times over


def _draw(series: Series) -> str:
    indicator = series.indicator
    uuid = _UNSAFE_ID.sub("-", indicator.id)
    chart_id = f"chart-{uuid}"
    chart = pygal.Line(
        style=_STYLE,
        width=WIDTH,
        height=HEIGHT,
        explicit_size=True,
        js=[],  # pygal fetches its tooltip script from a CDN by default
        disable_xml_declaration=True,
        allow_interruptions=True,  # a period not submitted is a gap, not a zero
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_legend=-1,
        margin_right=28,  # room for the last month, written on a slant
        x_label_rotation=30,
        y_title=UNIT_TITLES[indicator.unit],
        value_formatter=number,
        show_x_guides=False,
        min_scale=4,
        max_scale=8,  # a few round y labels, not one every tenth
        dots_size=3,
        css=["file://style.css", "file://graph.css", f"inline:{_lines_css(chart_id)}"],
    )
    chart.uuid = uuid  # a stable id: same data, same bytes
    chart.x_labels = [short_month(p.period) for p in series.points]
    values = [_value(p) for p in series.points]
    # The target lines are data too, so pygal's no_data_text would never show: the legend says it.
    shown = any(v is not None for v in values)
    chart.add("Valeur" if shown else "Valeur (aucune transmise)", values)
    flat = len(series.points)
    # The legend shows colour squares: it names each line's dashes for a black-and-white print.
    chart.add("Cible (tirets)", [indicator.target] * flat, show_dots=False)
    if indicator.warning is not None:
        chart.add("Seuil d'alerte (pointillés)", [indicator.warning] * flat, show_dots=False)
    chart.add_xml_filter(_accessible(chart_id, indicator.label, describe(series)))
    return str(chart.render(is_unicode=True))


def describe(series: Series) -> str:
    """The chart in one French sentence, for its <desc> and for readers without images."""
    indicator, points = series.indicator, series.points
    target = f"cible {target_text(indicator)}"
    if indicator.warning is not None:
        target += f", à surveiller {warning_text(indicator)}"
    if not points:
        return f"{indicator.label} : aucune période ({target})."
    span = f"de {month_name(points[0].period)} à {month_name(points[-1].period)}"
    last = points[-1]
    if last.value is None:
        latest = f"{month_name(last.period)} non transmis"
    else:
        latest = (
            f"{month_name(last.period)} : {quantity(last.value, indicator.unit)} "
            f"({status_text(last.status)})"
        )
    return f"{indicator.label}, {span} ; {latest} ; {target}."


def _lines_css(chart_id: str) -> str:
    """Solid pale guides, so that the dashed target and dotted threshold stand apart."""
    scope = f"#{chart_id}"
    return (
        f"{scope} .axis .guide.line,{scope} .axis .major.guide.line"
        "{stroke:#cccccc;stroke-dasharray:none}"
        f"{scope} .serie-0 .line{{stroke-width:2.5px}}"
        f"{scope} .serie-1 .line{{stroke-width:1.5px;stroke-dasharray:8,4}}"
        f"{scope} .serie-2 .line{{stroke-width:1.5px;stroke-dasharray:2,3}}"
    )


def _static_rules(css: str) -> str:
    """pygal's style sheet without the rules of its interactive behaviour."""
    return "".join(rule for rule in _CSS_RULE.findall(css) if not _INTERACTIVE_RULE.search(rule))


def _value(point: Point) -> float | dict[str, Any] | None:
    if point.value is None or point.status not in _MARKS:
        return point.value
    return {"value": point.value, "node": _MARKS[point.status], "style": _HOLLOW}


def _accessible(chart_id: str, title: str, desc: str) -> Callable[[Any], Any]:
    """An XML filter: title and desc for assistive technology; no script, comment or link,
    nor the tooltips' data and styles that only pygal's script would use."""

    def apply(root: Any) -> Any:
        for parent in list(root.iter()):
            for child in list(parent):
                if not isinstance(child.tag, str) or child.tag.endswith("script"):
                    parent.remove(child)  # comments (pygal's banner and date) and scripts
                elif child.tag.endswith("desc") and child.get("class") is not None:
                    parent.remove(child)  # a point's tooltip text: the table beside says it
                elif child.tag.endswith("style") and child.text:
                    child.text = _static_rules(child.text)
            for name in list(parent.attrib):
                if name.lower().startswith("on") or name.endswith("href"):
                    del parent.attrib[name]
        title_node = next(n for n in root if isinstance(n.tag, str) and n.tag.endswith("title"))
        title_node.text = title
        title_node.set("id", f"{chart_id}-title")
        desc_node = ElementTree.Element(f"{_SVG}desc" if root.tag.startswith(_SVG) else "desc")
        desc_node.text = desc
        desc_node.set("id", f"{chart_id}-desc")
        root.insert(list(root).index(title_node) + 1, desc_node)
        root.set("role", "img")
        root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
        return root

    return apply
