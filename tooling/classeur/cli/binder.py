"""The binder commands: `check`, `access`, `new`."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import click

from classeur.binder.check import check
from classeur.binder.output import FORMATS, render, summary_line
from classeur.binder.scaffold import refresh_codeowners, scaffold
from classeur.cli.options import ROOT, TODAY, Command, argument, examples, option
from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _, ngettext
from classeur.git.history import load_history
from classeur.model.findings import Severity
from classeur.model.records import DocType, Status
from classeur.model.report import Report

_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.NOTICE: "bold cyan",
}


@click.command(
    "check",
    cls=Command,
    help=lambda: (
        _(
            "Validate every document and policy file; flag stale documents.\n\n"
            "Reports every problem in one run as `path:line: code: message`. PATHS limit the "
            "report to those files or folders (the whole binder is still read, for ids and "
            "links). Exit code: 0 clean, 1 errors (or warnings with --strict), 2 the check "
            "could not run."
        )
        + examples(
            "classeur check",
            "classeur check procedures/paie --today 2026-11-16",
            "classeur check --strict --format github",
            "classeur check --format junit --output check-report.xml",
        )
    ),
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT
@TODAY
@option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help=lambda: _(
        "text for people, json for scripts, github for workflow annotations, junit for CI servers."
    ),
)
@option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=lambda: _("Write the report to this file (atomically) instead of standard output."),
)
@option("--strict", is_flag=True, help=lambda: _("Fail on warnings too (CI runs strict)."))
@option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help=lambda: _("Read Git history to flag documents changed since their last review."),
)
@option(
    "--stale",
    type=click.Choice(["error", "warn"]),
    default="error",
    show_default=True,
    help=lambda: _(
        "Whether an overdue active document past its grace period is an error or a warning."
    ),
)
def check_command(
    paths: tuple[Path, ...],
    root: Path,
    today: date | None,
    fmt: str,
    output: Path | None,
    strict: bool,
    history: bool,
    stale: str,
) -> None:
    """Validate every document and policy file; flag stale documents."""
    started = time.perf_counter()
    day = today or date.today()
    only = [_relative_to(root, path) for path in paths]
    log = load_history(root) if history else None
    report = check(
        root,
        today=day,
        overdue_is_error=stale == "error",
        only=only,
        history=log,
        values_in_history=history,
    )
    text = render(report, fmt, strict=strict, elapsed=time.perf_counter() - started)
    if output is not None:
        write_atomic(output, text.encode("utf-8"))
        click.echo(summary_line(report))
    elif fmt == "text":
        _print_text(text, report)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if report.has_failures(strict=strict) else 0)


@click.command(
    "access",
    cls=Command,
    help=lambda: _(
        "Who reads what: the matrix of documents × audiences.\n\n"
        "A document is published to an audience only when the audience reads one of its "
        "access tags; nothing is readable by default. Documents that fail `classeur check` "
        "are not listed (run it to see why)."
    ),
)
@ROOT
@TODAY
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=lambda: _("text for people, json for scripts."),
)
def access_command(root: Path, today: date | None, fmt: str) -> None:
    """Who reads what: the matrix of documents × audiences."""
    # The day matters for the errors counted below (a review overdue past its grace).
    report = check(root, today=today or date.today())
    audiences = list(report.policy.audiences.values())
    if fmt == "json":
        click.echo(_access_json(report))
    else:
        from rich.console import Console  # imported late: `check` starts faster without it
        from rich.table import Table

        table = Table("id", "title", *[a.id for a in audiences], title=_("Who reads what"))
        for summary in report.documents:
            marks = ["✓" if a.id in summary.audiences else "·" for a in audiences]
            table.add_row(summary.document.id, summary.document.title, *marks)
        console = Console(highlight=False)
        console.print(table)
        for audience in audiences:
            count = sum(1 for s in report.documents if audience.id in s.audiences)
            total = len(report.documents)
            console.print(
                ngettext(
                    "{audience} ({name}, {organisation}): {count} of {total} document",
                    "{audience} ({name}, {organisation}): {count} of {total} documents",
                    total,
                ).format(
                    audience=audience.id,
                    name=audience.name,
                    organisation=audience.organisation.value,
                    count=count,
                    total=total,
                )
            )
    unread = report.count(Severity.ERROR)
    if unread:
        message = ngettext(
            "{count} error in the binder: run `classeur check`.",
            "{count} errors in the binder: run `classeur check`.",
            unread,
        )
        click.echo(message.format(count=unread), err=True)


def _access_json(report: Report) -> str:
    import json

    payload = {
        "audiences": [
            {
                "id": a.id,
                "name": a.name,
                "organisation": a.organisation.value,
                "reads": list(a.reads),
                "documents": sum(1 for s in report.documents if a.id in s.audiences),
            }
            for a in report.policy.audiences.values()
        ],
        "documents": [
            {
                "path": str(s.document.path),
                "id": s.document.id,
                "title": s.document.title,
                "access": list(s.document.access),
                "audiences": list(s.audiences),
            }
            for s in report.documents
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


@click.command(
    "new",
    cls=Command,
    help=lambda: (
        _(
            "Write a new procedure, runbook or handover plan from a French template.\n\n"
            "The owner is the function's accountable owner, the id the next free one for the "
            "function's prefix, last_reviewed today and review_every the policy's default for "
            "the type. The file is never overwritten. A committed CODEOWNERS is rewritten to "
            "name the new document's owners."
        )
        + examples('classeur new procedure --function facturation --title "Émission des avoirs"')
    ),
)
@argument("doc_type", metavar=lambda: _("TYPE"), type=click.Choice([t.value for t in DocType]))
@option(
    "--function",
    "function_id",
    required=True,
    help=lambda: _("Business function id (access_policies/functions.yml)."),
)
@option("--title", required=True, help=lambda: _("The document's title, in French."))
@option(
    "--access",
    "access",
    multiple=True,
    metavar=lambda: _("TAG"),
    help=lambda: _("Access tag (repeatable). Default: the function's `access` in the policy."),
)
@option(
    "--status",
    type=click.Choice([s.value for s in Status]),
    default="draft",
    show_default=True,
    help=lambda: _("The document's status."),
)
@ROOT
@TODAY
def new_command(
    doc_type: str,
    function_id: str,
    title: str,
    access: tuple[str, ...],
    status: str,
    root: Path,
    today: date | None,
) -> None:
    """Write a new procedure, runbook or handover plan from a French template."""
    day = today or date.today()
    report = check(root, today=day)
    new = scaffold(
        report.policy,
        doc_type=DocType(doc_type),
        function_id=function_id,
        title=title,
        today=day,
        existing_ids=[s.document.id for s in report.documents],
        access=access,
        status=Status(status),
    )
    target = root / new.path
    try:
        write_atomic(target, new.text.encode("utf-8"), exclusive=True)
    except FileExistsError:
        raise PortalError(
            _("{path} already exists; choose another --title. Nothing was written.").format(
                path=new.path
            )
        ) from None
    click.echo(
        _("Created {path} ({id}). Fill in the sections, then run `classeur check`.").format(
            path=new.path, id=new.id
        )
    )
    for location in refresh_codeowners(root, report, new.path):
        click.echo(
            _("Updated {location}: commit it with the new document.").format(location=location)
        )


def _relative_to(root: Path, path: Path) -> str:
    absolute = path if path.is_absolute() else Path.cwd() / path
    if not absolute.exists():
        raise PortalError(
            _(
                "{path} does not exist. Name a file or folder of the binder, "
                "from the current directory."
            ).format(path=path)
        )
    try:
        return absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise PortalError(
            _("{path} is not inside the binder root {root}.").format(path=path, root=root)
        ) from None


def _print_text(text: str, report: Report) -> None:
    """Colour the section titles when printing to a terminal; plain text otherwise."""
    if not sys.stdout.isatty():
        click.echo(text, nl=False)
        return
    from rich.console import Console  # imported late: only a terminal needs it
    from rich.text import Text

    # the titles are in the user's language: known by their place, not their words
    # (one unindented line per severity found, worst first, then the summary)
    found = [s for s in sorted(_STYLES, reverse=True) if report.count(s)]
    styles = iter([_STYLES[s] for s in found])
    console = Console(highlight=False, soft_wrap=True)
    lines = text.rstrip("\n").split("\n")
    for number, line in enumerate(lines, 1):
        is_title = bool(line) and not line.startswith(" ") and number < len(lines)
        console.print(Text(line, style=next(styles, "") if is_title else ""))
