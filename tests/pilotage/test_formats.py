from __future__ import annotations

import json
import re

import pytest

from classeur.pilotage.digest import summary_line
from classeur.pilotage.formats import FORMATS, render_pack
from classeur.pilotage.html_pack import render_html
from classeur.pilotage.json_pack import render_json
from classeur.pilotage.markdown_pack import render_markdown
from classeur.pilotage.names import Names
from classeur.pilotage.records import DebtPoint, FunctionPack, Signal, SteeringPack
from classeur.pilotage.text_pack import render_text
from tests.pilotage.packs import (
    DEGRADATION,
    GENERATED,
    MONTH,
    NAMES,
    indicator,
    pack,
    series,
)

NBSP = "\u00a0"
PROVIDER = Names(NAMES.documents, NAMES.owners, "Prestataire (BO Conseil)")


def small_pack() -> SteeringPack:
    """One function, one indicator over two months, one signal, one month of debt."""
    corrections = series(indicator(), [4, 6])
    paie = FunctionPack("paie", "Paie", (corrections,), (DEGRADATION,), ("PAI-004",))
    debt = (DebtPoint(MONTH, 1, (("team:paie", 1),)),)
    return SteeringPack(MONTH, "provider", (paie,), debt, GENERATED)


def test_text_pack():
    assert render_text(small_pack(), PROVIDER) == (
        "Comité de pilotage — octobre 2026\n"
        "Vue : Prestataire (BO Conseil)\n"
        "Établi le 16 novembre 2026.\n"
        "En octobre 2026 : 1 indicateur — 0 respecté, 0 à surveiller, 1 non respecté, "
        "0 non transmis ; 1 signal faible.\n"
        "\n"
        "Paie\n"
        "----\n"
        "  PAI-CORRECTIONS — Bulletins corrigés après émission\n"
        f"    cible ≤{NBSP}3 (déclaré par le prestataire) · octobre 2026 : 6 · ✗ non respecté\n"
        f"    sept. 2026 → oct. 2026 : 4{NBSP}⚠ · 6{NBSP}✗\n"
        "  Non respectés ce mois : PAI-CORRECTIONS Bulletins corrigés après émission.\n"
        "  Signaux faibles :\n"
        "  - Dégradation continue (PAI-CORRECTIONS) : bulletins corrigés après émission en "
        "hausse trois mois de suite : 2, 4, 6.\n"
        "    À regarder : PAI-004 Clôture mensuelle de la paie.\n"
        "  Documents modifiés en octobre 2026 : PAI-004 Clôture mensuelle de la paie.\n"
        "\n"
        "Dette de revue\n"
        "--------------\n"
        "  Documents en retard de revue en fin de mois : oct. 2026 1.\n"
        "  Par responsable, fin octobre 2026 : Équipe paie 1.\n"
    )


def test_markdown_pack():
    assert render_markdown(small_pack(), PROVIDER) == (
        "# Comité de pilotage — octobre 2026\n"
        "\n"
        "Vue : **Prestataire (BO Conseil)**\n"
        "\n"
        "Établi le 16 novembre 2026. En octobre 2026 : 1 indicateur — 0 respecté, "
        "0 à surveiller, 1 non respecté, 0 non transmis ; 1 signal faible.\n"
        "\n"
        "## Paie\n"
        "\n"
        "| Indicateur | Cible | Octobre 2026 | Statut | sept. 2026 → oct. 2026 |\n"
        "|---|---|---:|---|---|\n"
        f"| PAI-CORRECTIONS Bulletins corrigés après émission | ≤{NBSP}3 | 6 | ✗ non respecté "
        f"| 4{NBSP}⚠ · 6{NBSP}✗ |\n"
        "\n"
        "**Non respectés ce mois :** PAI-CORRECTIONS Bulletins corrigés après émission.\n"
        "\n"
        "**Signaux faibles :**\n"
        "\n"
        "- **Dégradation continue** (PAI-CORRECTIONS) : bulletins corrigés après émission en "
        "hausse trois mois de suite : 2, 4, 6. À regarder : PAI-004 Clôture mensuelle de la "
        "paie.\n"
        "\n"
        "**Documents modifiés en octobre 2026 :** PAI-004 Clôture mensuelle de la paie.\n"
        "\n"
        "## Dette de revue\n"
        "\n"
        "| Fin de mois | Documents en retard de revue |\n"
        "|---|---:|\n"
        "| oct. 2026 | 1 |\n"
        "\n"
        "Par responsable, fin octobre 2026 :\n"
        "\n"
        "| Responsable | Documents en retard |\n"
        "|---|---:|\n"
        "| Équipe paie | 1 |\n"
    )


def test_markdown_makes_the_binders_text_inert():
    hostile = Signal(
        "degradation-continue", "Dégradation | <b>", "paie", "a *b* [c](d) `e`", "PAI-X"
    )
    function = FunctionPack("paie", "Paie", (), (hostile,), ())
    markdown = render_markdown(SteeringPack(MONTH, None, (function,), (), GENERATED), NAMES)
    assert "- **Dégradation \\| &lt;b&gt;** (PAI-X) : a \\*b\\* \\[c\\](d) \\`e\\`" in markdown


def test_json_pack_is_the_documented_object():
    assert json.loads(render_json(small_pack(), PROVIDER)) == {
        "schema": "classeur-report/1",
        "month": "2026-10",
        "audience": "provider",
        "audience_name": "Prestataire (BO Conseil)",
        "generated": "2026-11-16",
        "notices": [],
        "functions": [
            {
                "function": "paie",
                "label": "Paie",
                "indicators": [
                    {
                        "id": "PAI-CORRECTIONS",
                        "label": "Bulletins corrigés après émission",
                        "unit": "nombre",
                        "direction": "lower",
                        "kind": "erreurs",
                        "target": 3,
                        "warning": 5,
                        "reported_by": "provider",
                        "value": 6,
                        "status": "breached",
                        "points": [
                            {
                                "period": "2026-09",
                                "value": 4,
                                "status": "watch",
                                "sample_size": None,
                                "comment": None,
                                "submitted": None,
                                "corrected": [],
                            },
                            {
                                "period": "2026-10",
                                "value": 6,
                                "status": "breached",
                                "sample_size": None,
                                "comment": None,
                                "submitted": None,
                                "corrected": [],
                            },
                        ],
                    }
                ],
                "breaches": ["PAI-CORRECTIONS"],
                "signals": [
                    {
                        "rule": "degradation-continue",
                        "title": "Dégradation continue",
                        "indicator": "PAI-CORRECTIONS",
                        "evidence": "bulletins corrigés après émission en hausse trois mois de "
                        "suite : 2, 4, 6.",
                        "documents": [{"id": "PAI-004", "title": "Clôture mensuelle de la paie"}],
                    }
                ],
                "changed_documents": [{"id": "PAI-004", "title": "Clôture mensuelle de la paie"}],
            }
        ],
        "debt": [
            {
                "period": "2026-10",
                "overdue": 1,
                "by_owner": [{"owner": "team:paie", "name": "Équipe paie", "overdue": 1}],
            }
        ],
    }


def test_json_status_codes_are_stable_english_codes():
    payload = json.loads(render_json(pack(), NAMES))
    codes = {
        p["status"] for f in payload["functions"] for i in f["indicators"] for p in i["points"]
    }
    assert codes == {"met", "watch", "breached", "missing"}


def test_json_of_everything_has_no_audience():
    payload = json.loads(render_json(pack(), NAMES))
    assert (payload["audience"], payload["audience_name"]) == (None, None)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_holds_the_same_facts(fmt):
    rendered = render_pack(pack(), NAMES, fmt).decode("utf-8")
    facts = [
        "Comité de pilotage — octobre 2026",
        "Établi le 16 novembre 2026",
        "Bulletins corrigés après émission",
        f"≤{NBSP}3",
        "✗ non respecté",
        "? non transmis",
        "bulletins corrigés après émission en hausse trois mois de suite : 2, 4, 6.",
        "PAI-004 Clôture mensuelle de la paie",
        "Marie Dupont",
        "Dette de revue",
    ]
    assert [fact for fact in facts if fact not in rendered] == []


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_audience_is_named_when_the_pack_is_filtered(fmt):
    rendered = render_pack(pack(audience="provider"), PROVIDER, fmt).decode("utf-8")
    assert re.search(r"Vue : (<strong>|\*\*)?Prestataire \(BO Conseil\)", rendered)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_shows_what_git_could_not_tell(fmt):
    notice = "L'historique Git est vide : la dette de revue n'est pas reconstituée."
    noticed = SteeringPack(MONTH, None, (), (), GENERATED, (notice,))
    rendered = render_pack(noticed, NAMES, fmt).decode("utf-8")
    shown = notice.replace("'", "&#x27;") if fmt == "html" else notice
    assert shown in rendered


def test_a_function_without_readable_indicator_says_so():
    bare = FunctionPack("paie", "Paie", (), (), ("PAI-004",))
    text = render_text(SteeringPack(MONTH, None, (bare,), (), GENERATED), NAMES)
    assert "Paie\n----\n  Aucun indicateur lisible pour cette fonction.\n" in text


def test_a_pack_without_git_history_says_the_debt_is_unknown():
    empty = SteeringPack(MONTH, None, (), (), GENERATED)
    assert render_text(empty, NAMES).endswith(
        "Aucun indicateur lisible pour cette vue.\n\n"
        "Dette de revue\n"
        "--------------\n"
        "  Dette de revue non reconstituée depuis l'historique Git.\n"
    )


def test_html_pack_is_standalone():
    html = render_html(pack(), NAMES)
    outside_svg = re.sub(r"<svg.*?</svg>", "", html, flags=re.DOTALL)
    assert re.findall(r"https?:|<link|<script|src=|@import|url\(", outside_svg) == []
    assert html.startswith('<!doctype html>\n<html lang="fr">')


def test_html_pack_puts_each_chart_beside_its_data_table():
    html = render_html(pack(), NAMES)
    block = html[html.index('<article class="indicator" id="IT-SATISF">') :]
    block = block[: block.index("</article>")]
    assert '<div class="chart"><svg' in block
    assert (
        '<tr><td>oct. 2026</td><td class="number">78\u00a0%</td>'
        '<td><span class="status status-breached">✗ non respecté</span></td></tr>'
    ) in block


def test_html_pack_escapes_the_binders_text():
    hostile = Signal("r", "<script>alert(1)</script>", "paie", "<img src=x onerror=y>", None)
    function = FunctionPack("paie", "Paie & <Cie>", (), (hostile,), ())
    html = render_html(SteeringPack(MONTH, None, (function,), (), GENERATED), NAMES)
    assert "<script>" not in html and "<img" not in html
    assert "<h2>Paie &amp; &lt;Cie&gt;</h2>" in html
    assert "&lt;img src=x onerror=y&gt;" in html


def test_html_pack_prints_on_numbered_a4_pages():
    html = render_html(pack(), NAMES)
    assert "@page { size: A4 portrait;" in html
    assert 'content: "page " counter(page) " / " counter(pages);' in html


def test_every_format_is_listed():
    assert FORMATS == ("text", "json", "markdown", "html", "pdf")


def test_the_summary_line_counts_indicators_by_status_and_signals():
    twice = FunctionPack("paie", "Paie", pack().functions[0].series, (DEGRADATION,) * 2, ())
    assert summary_line(SteeringPack(MONTH, None, (twice,), (), GENERATED)) == (
        "En octobre 2026 : 2 indicateurs — 0 respecté, 0 à surveiller, 1 non respecté, "
        "1 non transmis ; 2 signaux faibles."
    )


def test_evidence_gets_its_full_stop_before_what_to_look_at():
    bare = Signal("r", "Titre", "paie", "trois mois de suite : 2, 4, 6", None, ("PAI-004",))
    function = FunctionPack("paie", "Paie", (), (bare,), ())
    text = render_text(SteeringPack(MONTH, None, (function,), (), GENERATED), NAMES)
    assert (
        "  - Titre : trois mois de suite : 2, 4, 6.\n"
        "    À regarder : PAI-004 Clôture mensuelle de la paie.\n"
    ) in text


def test_the_summary_line_says_when_there_is_no_weak_signal():
    quiet = FunctionPack("paie", "Paie", pack().functions[0].series, (), ())
    assert summary_line(SteeringPack(MONTH, None, (quiet,), (), GENERATED)).endswith(
        " ; aucun signal faible."
    )


def signal_naming(count: int) -> SteeringPack:
    ids = tuple(f"PAI-{n:03d}" for n in range(1, count + 1))
    many = Signal("r", "Titre", "paie", "en hausse", None, ids)
    return SteeringPack(
        MONTH, None, (FunctionPack("paie", "Paie", (), (many,), ()),), (), GENERATED
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "pdf"])
def test_a_pack_names_five_procedures_of_a_signal_then_how_many_more(fmt):
    rendered = render_pack(signal_naming(12), Names({}, {}), fmt)
    text = pdf_text(rendered) if fmt == "pdf" else rendered.decode("utf-8")
    assert "PAI-001, PAI-002, PAI-003, PAI-004, PAI-005 et 7 autres." in " ".join(text.split())
    assert "PAI-006" not in text


def test_six_procedures_are_all_named_rather_than_one_more():
    text = render_text(signal_naming(6), Names({}, {}))
    assert "À regarder : PAI-001, PAI-002, PAI-003, PAI-004, PAI-005, PAI-006.\n" in text


def test_json_names_every_procedure_of_a_signal():
    data = json.loads(render_json(signal_naming(12), Names({}, {})))
    [signal] = data["functions"][0]["signals"]
    assert [d["id"] for d in signal["documents"]] == [f"PAI-{n:03d}" for n in range(1, 13)]


def pdf_text(data: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
