"""`classeur readiness` output: text for people, JSON for scripts, Markdown for the
steering pack. French, as the comité de pilotage reads it.

The JSON object is stable:

    {"today": "2026-11-16", "thresholds": {"ready": 80, "fragile": 50},
     "company_review_within": "12 months", "drill_within": "12 months",
     "functions": [{"function": "paie", "label": "Paie", "score": 100,
                    "state": "ready", "state_label": "prête", "plan": "PAI-003",
                    "last_drill": {"date": "2026-09-15", "scenario": "reprise-interne",
                                   "result": "partiel", "path": "pilotage/exercices/…"} | null,
                    "criteria": [{"criterion": "handover-plan", "title": "…", "weight": 20,
                                  "status": "met" | "unmet" | "not-applicable",
                                  "explanation": "…" (French, "" when met),
                                  "documents": ["PAI-003"]}]}]}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from classeur.common.french_dates import day_in_words
from classeur.continuity.readiness import FunctionReadiness, Outcome, Readiness
from classeur.continuity.words import (
    RESULTS,
    SCENARIOS,
    STATE_WORDS,
    french_duration,
    state_words,
)
from classeur.model.drills import Drill

FORMATS = ("text", "json", "markdown")


def render(readiness: Readiness, fmt: str) -> str:
    """The readiness in one of FORMATS."""
    renderers: dict[str, Callable[[Readiness], str]] = {
        "text": render_text,
        "json": render_json,
        "markdown": render_markdown,
    }
    return renderers[fmt](readiness)


def render_text(readiness: Readiness) -> str:
    """One block per function: score, state, last drill, then each criterion not met."""
    lines = [_heading(readiness), ""]
    for function in readiness.functions:
        drill = _drill_words(function.last_drill)
        lines.append(
            f"{function.label} ({function.function}) : {function.score}/100, "
            f"{state_words(function.state)} ; dernier exercice : {drill}"
        )
        lines += [f"  ✗ {_outcome_words(o)}" for o in function.missing]
        lines.append("")
    return "\n".join(lines)


def render_markdown(readiness: Readiness) -> str:
    """A summary table, then what is missing, function by function."""
    lines = [
        "# Réversibilité",
        "",
        _heading(readiness),
        "",
        "| Fonction | Score | État | Dernier exercice |",
        "|---|---:|---|---|",
    ]
    lines += [
        f"| {_cell(f.label)} | {f.score}/100 | {state_words(f.state)} | "
        f"{_cell(_drill_words(f.last_drill))} |"
        for f in readiness.functions
    ]
    for function in readiness.functions:
        if function.missing:
            lines += ["", f"## {function.label}", ""]
            lines += [f"- {_outcome_words(o)}" for o in function.missing]
    return "\n".join(lines) + "\n"


def render_json(readiness: Readiness) -> str:
    """The documented JSON object (see the module's docstring)."""
    settings = readiness.settings
    payload = {
        "today": readiness.today.isoformat(),
        "thresholds": {"ready": settings.ready, "fragile": settings.fragile},
        "company_review_within": settings.company_review_within.text,
        "drill_within": settings.drill_within.text,
        "functions": [_function_json(f) for f in readiness.functions],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _function_json(function: FunctionReadiness) -> dict[str, Any]:
    drill = function.last_drill
    return {
        "function": function.function,
        "label": function.label,
        "score": function.score,
        "state": function.state.value,
        "state_label": STATE_WORDS[function.state],
        "plan": function.plan,
        "last_drill": None
        if drill is None
        else {
            "date": drill.day.isoformat(),
            "scenario": drill.scenario.value,
            "result": drill.result.value,
            "path": drill.path,
        },
        "criteria": [
            {
                "criterion": o.criterion.value,
                "title": o.title,
                "weight": o.weight,
                "status": {True: "met", False: "unmet", None: "not-applicable"}[o.met],
                "explanation": "" if o.met else o.verdict.explained(),
                "documents": list(o.verdict.documents),
            }
            for o in function.outcomes
        ],
    }


def _heading(readiness: Readiness) -> str:
    settings = readiness.settings
    return (
        f"Réversibilité au {day_in_words(readiness.today)}. Seuils : prête dès {settings.ready}, "
        f"fragile dès {settings.fragile} ; revue par l'entreprise attendue dans les "
        f"{french_duration(settings.company_review_within)}, exercice dans les "
        f"{french_duration(settings.drill_within)}."
    )


def _outcome_words(outcome: Outcome) -> str:
    return f"{outcome.title} ({outcome.weight} points) : {outcome.verdict.explained()}"


def _drill_words(drill: Drill | None) -> str:
    if drill is None:
        return "aucun"
    return f"{day_in_words(drill.day)} ({SCENARIOS[drill.scenario]}, {RESULTS[drill.result]})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
