from __future__ import annotations

import re
from xml.etree import ElementTree

from classeur.pilotage.charts import chart_svg, describe
from tests.pilotage.packs import CORRECTIONS, PAI_DELAI, SATISFACTION, indicator, series

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\u00a0"


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_the_chart_holds_no_script_and_no_event_handler():
    svg = chart_svg(CORRECTIONS)
    root = parsed(svg)
    assert [e.tag for e in root.iter() if e.tag.endswith("script")] == []
    assert [
        (e.tag, name) for e in root.iter() for name in e.attrib if name.lower().startswith("on")
    ] == []
    assert re.search(r"<script|\son[a-z]+\s*=", svg, re.IGNORECASE) is None


def test_the_chart_fetches_nothing():
    svg = chart_svg(CORRECTIONS)
    without_namespace = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert re.findall(r"https?:|//[a-z]|href|url\(|@import", without_namespace) == []


def test_the_chart_keeps_no_comment_and_is_the_same_every_time():
    # pygal's comments carry the day of the build; its ids are random: both would churn the site.
    svg = chart_svg(CORRECTIONS)
    assert "<!--" not in svg
    assert chart_svg(CORRECTIONS) == svg


def test_the_chart_has_a_title_and_a_description_for_assistive_technology():
    root = parsed(chart_svg(CORRECTIONS))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert (title.text, desc.text) == ("Bulletins corrigés après émission", describe(CORRECTIONS))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == ("chart-PAI-CORRECTIONS-title chart-PAI-CORRECTIONS-desc")
    assert (title.get("id"), desc.get("id")) == (
        "chart-PAI-CORRECTIONS-title",
        "chart-PAI-CORRECTIONS-desc",
    )


def test_the_chart_has_a_fixed_size():
    root = parsed(chart_svg(CORRECTIONS))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "640",
        "320",
        "0 0 640 320",
    )


def test_the_axis_names_the_months_in_french():
    texts = [e.text for e in parsed(chart_svg(CORRECTIONS)).iter(f"{SVG}text")]
    assert texts.count("nov. 2025") == 1
    assert texts.count("oct. 2026") == 1


def test_the_legend_names_value_target_and_warning_lines():
    texts = [e.text for e in parsed(chart_svg(CORRECTIONS)).iter(f"{SVG}text")]
    assert [
        t for t in texts if t in ("Valeur", "Cible (tirets)", "Seuil d'alerte (pointillés)")
    ] == [
        "Valeur",
        "Cible (tirets)",
        "Seuil d'alerte (pointillés)",
    ]


def test_without_a_warning_band_there_is_no_warning_line():
    bare = series(indicator(warning=None), [1, 2, 3])
    texts = [e.text for e in parsed(chart_svg(bare)).iter(f"{SVG}text")]
    assert "Seuil d'alerte (pointillés)" not in texts
    assert "Cible (tirets)" in texts


def test_missed_targets_are_marked_without_colour():
    root = parsed(chart_svg(CORRECTIONS))
    hollow = [g for g in root.iter(f"{SVG}g") if "fill: white" in (g.get("style") or "")]
    radii = [c.get("r") for g in hollow for c in g.iter(f"{SVG}circle")]
    assert radii == ["5", "6"]  # septembre à surveiller, octobre non respecté


def test_a_series_with_no_value_says_so():
    empty = series(indicator(), [None, None, None])
    texts = [e.text for e in parsed(chart_svg(empty)).iter(f"{SVG}text")]
    assert "Valeur (aucune transmise)" in texts


def test_the_description_sums_up_span_latest_value_and_target():
    assert describe(SATISFACTION) == (
        "Satisfaction des utilisateurs, de novembre 2025 à octobre 2026 ; "
        f"octobre 2026 : 78{NBSP}% (✗ non respecté) ; cible ≥{NBSP}85{NBSP}%, "
        f"à surveiller jusqu'à 80{NBSP}%."
    )


def test_the_description_says_when_the_last_period_is_missing():
    assert describe(PAI_DELAI) == (
        "Délai de transmission des variables validées, de novembre 2025 à octobre 2026 ; "
        f"octobre 2026 non transmis ; cible ≤{NBSP}2{NBSP}jours ouvrés, "
        f"à surveiller jusqu'à 3{NBSP}jours ouvrés."
    )
