"""The steering command: `report`, the monthly pack of the comité de pilotage."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from classeur.cli.options import ROOT, TODAY, Command, examples, option
from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.indicator_policy import INDICATORS_PATH, month_of
from classeur.model.indicators import MEASUREMENTS_DIR, Period
from classeur.pilotage.formats import BINARY, FORMATS, render_pack
from classeur.pilotage.names import names_of


class Month(click.ParamType[Period, Any]):
    """A month written YYYY-MM."""

    name = "YYYY-MM"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return _("YYYY-MM")

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Period:
        if isinstance(value, Period):
            return value
        try:
            return Period.parse(str(value))
        except ValueError:
            self.fail(
                _('"{value}" is not a month; write it as YYYY-MM, e.g. 2026-10.').format(
                    value=value
                ),
                param,
                ctx,
            )


@click.command(
    "report",
    cls=Command,
    help=lambda: (
        _(
            "The monthly steering pack (comité de pilotage), in French.\n\n"
            "For each business function: every contractual indicator with its target, its "
            "value and status for the month (respecté, à surveiller, non respecté, non "
            "transmis) and its last 12 months; the breaches; the weak signals with their "
            "evidence and the procedures to look at; the documents changed in the month. Then "
            "the review debt, month end by month end and per owner. Indicators are declared in "
            "access_policies/indicators.yml, measurements in pilotage/mesures/*.csv. Exit "
            "code: 0 written, 1 the measurements or the indicators have errors (the pack would "
            "be wrong), 2 it could not run."
        )
        + examples(
            "classeur report",
            "classeur report --month 2026-10 --format pdf --output comite-2026-10.pdf",
            "classeur report --month 2026-10 --audience provider --format markdown",
            "classeur report --function paie --format json --today 2026-11-16",
        )
    ),
)
@option(
    "--month",
    type=Month(),
    default=None,
    show_default=lambda: _("the last complete month before today"),
    help=lambda: _("The month the pack covers."),
)
@option(
    "--function",
    "function_id",
    metavar="ID",
    default=None,
    help=lambda: _("Only this business function (access_policies/functions.yml)."),
)
@option(
    "--audience",
    metavar=lambda: _("NAME"),
    default=None,
    show_default=lambda: _("everything, as management reads it"),
    help=lambda: _("Only what this audience may read (access_policies/audiences.yml)."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help=lambda: _(
        "text for a terminal, json for scripts, markdown for a pull request or a wiki, "
        "html to read or print, pdf (A4) for the meeting."
    ),
)
@option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=lambda: _(
        "Write the pack to this file (atomically) instead of standard output; required for pdf."
    ),
)
@ROOT
@TODAY
def report_command(
    month: Period | None,
    function_id: str | None,
    audience: str | None,
    fmt: str,
    output: Path | None,
    root: Path,
    today: date | None,
) -> None:
    """The monthly steering pack (comité de pilotage), in French."""
    day = today or date.today()
    month = month or month_of(day).previous()
    if month >= month_of(day):
        raise PortalError(
            _(
                "{month} is not over on {day}: a steering pack covers a complete month. "
                "Name an earlier one, e.g. --month {earlier}."
            ).format(month=month, day=day, earlier=month_of(day).previous())
        )
    if fmt in BINARY and output is None:
        raise PortalError(
            _(
                "--format {format} writes a file: add --output FILE, "
                "e.g. --output comite-{month}.{format}."
            ).format(format=fmt, month=month)
        )
    from classeur.pilotage.ahead import check_for_pack  # pilotage's Git reads: only here

    checked = check_for_pack(root, month=month, today=day)
    try:
        report = checked.report
        blocking = [f for f in report.findings if _is_pilotage_error(f)]
        if blocking:
            for finding in blocking:
                click.echo(finding.render(), err=True)
            click.echo(
                _(
                    "No steering pack was written: its figures would be wrong. Fix these "
                    "errors, then run again (`classeur check` lists them all)."
                ),
                err=True,
            )
            sys.exit(1)
        if not report.policy.indicators:
            raise PortalError(
                _(
                    "no indicator is declared: {path} is missing or empty. Declare the "
                    "contract's indicators there (README: Pilotage), then run again."
                ).format(path=INDICATORS_PATH)
            )
        pack = checked.pack(audience=audience, function=function_id)
    finally:
        checked.close()
    data = render_pack(pack, names_of(report, pack), fmt)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_atomic(output, data)
    click.echo(
        _("Wrote the steering pack of {month} ({format}) to {output}.").format(
            month=month, format=fmt, output=output
        )
    )


def _is_pilotage_error(finding: Finding) -> bool:
    """An error in the indicators or the measurements: the pack's figures depend on them."""
    in_pilotage = finding.path == INDICATORS_PATH or finding.path.startswith(f"{MEASUREMENTS_DIR}/")
    return in_pilotage and finding.severity is Severity.ERROR
