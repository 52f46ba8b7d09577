"""The continuity commands: `readiness`, and `new`, whose `drill` type records a
reversibility drill beside the document types of cli/binder.py."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from classeur.binder.check import check
from classeur.cli.binder import new_command as new_document_command
from classeur.cli.options import ROOT, TODAY, Command, Group, IsoDay, examples, option
from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _, ngettext
from classeur.continuity.formats import FORMATS, render
from classeur.continuity.new_drill import new_drill
from classeur.continuity.readiness import readiness_of
from classeur.git.history import load_history
from classeur.model.drills import Scenario
from classeur.model.findings import Severity
from classeur.model.records import DocType


@click.command(
    "readiness",
    cls=Command,
    help=lambda: (
        _(
            "Reversibility readiness of each outsourced function: score, state, what is "
            "missing.\n\n"
            "Each criterion (handover plan active and filled, procedures current, incident "
            "runbook, company review, indicator reports, recent drill) has a weight in "
            "access_policies/readiness.yml (defaults when absent); the score is the share of "
            "the applicable weights met, and the state is prête, fragile or non prête. Output "
            "in French. Exit code: 0, or 2 when it could not run."
        )
        + examples(
            "classeur readiness --today 2026-11-16",
            "classeur readiness --function paie --format json",
            "classeur readiness --format markdown > reversibilite.md",
        )
    ),
)
@option(
    "--function",
    "function_id",
    default=None,
    help=lambda: _("One outsourced function (access_policies/functions.yml). Default: every one."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help=lambda: _("text for people, json for scripts, markdown for the steering pack."),
)
@ROOT
@TODAY
@option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help=lambda: _("Read Git history: a procedure changed since its review is not current."),
)
def readiness_command(
    function_id: str | None, fmt: str, root: Path, today: date | None, history: bool
) -> None:
    """Reversibility readiness of each outsourced function: score, state, what is missing."""
    day = today or date.today()
    report = check(root, today=day, history=load_history(root) if history else None)
    readiness = readiness_of(root, report, function=function_id)
    click.echo(render(readiness, fmt), nl=False)
    errors = report.count(Severity.ERROR)
    if errors:
        message = ngettext(
            "{count} error in the binder: documents that fail `classeur check` are not "
            "counted. Run it.",
            "{count} errors in the binder: documents that fail `classeur check` are not "
            "counted. Run it.",
            errors,
        )
        click.echo(message.format(count=errors), err=True)


@click.command(
    "drill",
    cls=Command,
    help=lambda: (
        _(
            "Record a reversibility drill in pilotage/exercices/ from a French template.\n\n"
            "The participants start with the function's owner; fill in the others, the "
            "result, the gaps found and the documents to correct, then run `classeur check`. "
            "The file is never overwritten."
        )
        + examples(
            "classeur new drill --function paie --date 2026-09-15 --scenario reprise-interne"
        )
    ),
)
@option(
    "--function",
    "function_id",
    required=True,
    help=lambda: _("The business function rehearsed (access_policies/functions.yml)."),
)
@option(
    "--date",
    "day",
    type=IsoDay(),
    default=None,
    help=lambda: _("The drill's day. Default: today."),
)
@option(
    "--scenario",
    type=click.Choice([s.value for s in Scenario]),
    default=Scenario.PROVIDER_CHANGE.value,
    show_default=True,
    help=lambda: _("What the drill rehearsed."),
)
@ROOT
@TODAY
def new_drill_command(
    function_id: str, day: date | None, scenario: str, root: Path, today: date | None
) -> None:
    """Record a reversibility drill in pilotage/exercices/ from a French template."""
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
            _(
                "{path} already exists; a drill of another day needs another --date. "
                "Nothing was written."
            ).format(path=new.path)
        ) from None
    click.echo(
        _(
            "Created {path}. Fill in the participants, the result and the gaps, then run "
            "`classeur check`."
        ).format(path=new.path)
    )


class NewGroup(Group):  # options.Group: its help is translated when shown
    """`new TYPE`: a document type (cli/binder.py's command) or `drill`."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            known = ", ".join(self.commands)
            raise click.UsageError(
                _('"{name}" is not something `new` writes. Choose {known}.').format(
                    name=args[0], known=known
                )
            )
        return super().resolve_command(ctx, args)


def _document_command(doc_type: DocType, summary: Callable[[], str]) -> click.Command:
    """`new procedure|runbook|handover`: cli/binder.py's `new`, its TYPE given by the name."""
    callback: Any = new_document_command.callback
    return Command(
        doc_type.value,
        params=[p for p in new_document_command.params if p.name != "doc_type"],
        callback=functools.partial(callback, doc_type=doc_type.value),
        # read when shown: binder.py's help is in the language of that moment
        help=lambda: inspect.cleandoc(new_document_command.help or summary()),
        short_help=summary,
    )


@click.group(
    "new",
    cls=NewGroup,
    help=lambda: (
        _(
            "Write a new document or drill record from a French template.\n\n"
            "A procedure, runbook or handover plan goes under procedures/<function>/ with "
            "the next free id, as a draft; the function, each --access tag and the title "
            "are checked first, and nothing is written when one is wrong. A reversibility "
            "drill goes under pilotage/exercices/. Nothing is ever overwritten."
        )
        + examples(
            'classeur new procedure --function facturation --title "Émission des avoirs"',
            "classeur new drill --function paie --scenario reprise-interne",
        )
    ),
)
def new_command() -> None:
    """Write a new document or drill record from a French template."""


new_command.add_command(_document_command(DocType.PROCEDURE, lambda: _("A procedure.")))
new_command.add_command(
    _document_command(DocType.RUNBOOK, lambda: _("A runbook (incident, recovery)."))
)
new_command.add_command(
    _document_command(DocType.HANDOVER, lambda: _("A handover (reversibility) plan."))
)
new_command.add_command(new_drill_command)
