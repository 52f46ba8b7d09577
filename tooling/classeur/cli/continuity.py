"""The continuity commands: `readiness`, and `new`, whose `drill` type records a
reversibility drill beside the document types of cli/binder.py."""

from __future__ import annotations

import functools
import inspect
from datetime import date
from pathlib import Path
from typing import Any

import click

from classeur.binder.check import check
from classeur.cli.binder import new_command as new_document_command
from classeur.cli.options import ROOT, TODAY, IsoDay
from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.continuity.formats import FORMATS, render
from classeur.continuity.new_drill import new_drill
from classeur.continuity.readiness import readiness_of
from classeur.git.history import load_history
from classeur.model.drills import Scenario
from classeur.model.findings import Severity
from classeur.model.records import DocType


@click.command("readiness")
@click.option(
    "--function",
    "function_id",
    default=None,
    help="One outsourced function (access_policies/functions.yml). Default: every one.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for scripts, markdown for the steering pack.",
)
@ROOT
@TODAY
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Read Git history: a procedure changed since its review is not current.",
)
def readiness_command(
    function_id: str | None, fmt: str, root: Path, today: date | None, history: bool
) -> None:
    """Reversibility readiness of each outsourced function: score, state, what is missing.

    Each criterion (handover plan active and filled, procedures current, incident
    runbook, company review, indicator reports, recent drill) has a weight in
    access_policies/readiness.yml (defaults when absent); the score is the share
    of the applicable weights met, and the state is prête, fragile or non prête.
    Output in French. Exit code: 0, or 2 when it could not run.

    \b
    Examples:
      classeur readiness --today 2026-11-16
      classeur readiness --function paie --format json
      classeur readiness --format markdown > reversibilite.md
    """
    day = today or date.today()
    report = check(root, today=day, history=load_history(root) if history else None)
    readiness = readiness_of(root, report, function=function_id)
    click.echo(render(readiness, fmt), nl=False)
    errors = report.count(Severity.ERROR)
    if errors:
        click.echo(
            f"{errors} errors in the binder: documents that fail `classeur check` are not "
            "counted. Run it.",
            err=True,
        )


@click.command("drill")
@click.option(
    "--function",
    "function_id",
    required=True,
    help="The business function rehearsed (access_policies/functions.yml).",
)
@click.option("--date", "day", type=IsoDay(), default=None, help="The drill's day. Default: today.")
@click.option(
    "--scenario",
    type=click.Choice([s.value for s in Scenario]),
    default=Scenario.PROVIDER_CHANGE.value,
    show_default=True,
    help="What the drill rehearsed.",
)
@ROOT
@TODAY
def new_drill_command(
    function_id: str, day: date | None, scenario: str, root: Path, today: date | None
) -> None:
    """Record a reversibility drill in pilotage/exercices/ from a French template.

    The participants start with the function's owner; fill in the others, the
    result, the gaps found and the documents to correct, then run `classeur check`.
    The file is never overwritten.

    \b
    Example:
      classeur new drill --function paie --date 2026-09-15 --scenario reprise-interne
    """
    now = today or date.today()
    report = check(root, today=now)
    new = new_drill(
        report.policy,
        function_id=function_id,
        day=day or now,
        scenario=Scenario(scenario),
        today=now,
    )
    try:
        write_atomic(root / new.path, new.text.encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise PortalError(
            f"{new.path} already exists; a drill of another day needs another --date. "
            "Nothing was written."
        ) from None
    click.echo(
        f"Created {new.path}. Fill in the participants, the result and the gaps, then run "
        "`classeur check`."
    )


class NewGroup(click.Group):
    """`new TYPE`: a document type (cli/binder.py's command) or `drill`."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            known = ", ".join(self.commands)
            raise click.UsageError(f'"{args[0]}" is not something `new` writes. Choose {known}.')
        return super().resolve_command(ctx, args)


def _document_command(doc_type: DocType, summary: str) -> click.Command:
    """`new procedure|runbook|handover`: cli/binder.py's `new`, its TYPE given by the name."""
    callback: Any = new_document_command.callback
    return click.Command(
        doc_type.value,
        params=[p for p in new_document_command.params if p.name != "doc_type"],
        callback=functools.partial(callback, doc_type=doc_type.value),
        help=inspect.cleandoc(new_document_command.help or summary),
        short_help=summary,
    )


@click.group("new", cls=NewGroup)
def new_command() -> None:
    """Write a new document or drill record from a French template.

    A procedure, runbook or handover plan goes under procedures/<function>/ with
    the next free id; a reversibility drill goes under pilotage/exercices/.
    Nothing is ever overwritten.

    \b
    Examples:
      classeur new procedure --function facturation --title "Émission des avoirs"
      classeur new drill --function paie --scenario reprise-interne
    """


new_command.add_command(_document_command(DocType.PROCEDURE, "A procedure."))
new_command.add_command(_document_command(DocType.RUNBOOK, "A runbook (incident, recovery)."))
new_command.add_command(_document_command(DocType.HANDOVER, "A handover (reversibility) plan."))
new_command.add_command(new_drill_command)
