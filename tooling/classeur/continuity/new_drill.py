"""`new drill`: a drill record from the French template, already valid for `check`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import PurePosixPath

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.continuity.words import SCENARIOS
from classeur.model.drills import DRILLS_DIR, DrillResult, Scenario
from classeur.model.policy import Policy


@dataclass(frozen=True)
class NewDrill:
    """What `classeur new drill` will write, and where."""

    path: PurePosixPath  # root-relative
    text: str


def new_drill(
    policy: Policy, *, function_id: str, day: date, scenario: Scenario, today: date
) -> NewDrill:
    """Fill the drill template for `function_id`; raise PortalError on bad input."""
    function = policy.functions.get(function_id)
    if function is None:
        known = ", ".join(sorted(policy.functions)) or _("none")
        raise PortalError(
            _('unknown function "{function}". Known functions: {known}.').format(
                function=function_id, known=known
            )
        )
    if day > today:
        raise PortalError(
            _(
                "--date {day} is after today ({today}): a drill is recorded once it has taken "
                "place. Pass the day it took place."
            ).format(day=day, today=today)
        )
    results = " | ".join(r.value for r in DrillResult)
    header = [
        "---",
        f"date: {day.isoformat()}",
        f"function: {function.id}",
        f"scenario: {scenario.value}  # {' | '.join(s.value for s in Scenario)}",
        f"participants: [{function.owner}]  # people ids, both sides",
        f"result: {DrillResult.PARTIAL.value}  # {results}",
        "gaps: []  # what was missing, one sentence each",
        "follow_up: []  # ids of the documents to correct",
        "---",
        "",
        "",
    ]
    template = files("classeur").joinpath("templates", "drill.md").read_text("utf-8")
    body = (
        template.replace("{label}", function.label)
        .replace("{scenario_words}", SCENARIOS[scenario])
        .replace("{owner}", function.owner)
    )
    path = PurePosixPath(DRILLS_DIR, f"{day.isoformat()}-{function.id}.md")
    return NewDrill(path, "\n".join(header) + body)
