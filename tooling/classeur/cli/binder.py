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
from classeur.cli.options import ROOT, TODAY
from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.git.history import load_history
from classeur.model.findings import Severity
from classeur.model.records import DocType, Status
from classeur.model.report import Report

_STYLES = {"Errors": "bold red", "Warnings": "bold yellow", "Notices": "bold cyan"}


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT
@TODAY
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for workflow annotations, "
    "junit for CI servers.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (atomically) instead of standard output.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (CI runs strict).")
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Read Git history to flag documents changed since their last review.",
)
@click.option(
    "--stale",
    type=click.Choice(["error", "warn"]),
    default="error",
    show_default=True,
    help="Whether an overdue active document past its grace period is an error or a warning.",
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
    """Validate every document and policy file; flag stale documents.

    Reports every problem in one run as `path:line: code: message`. PATHS limit
    the report to those files or folders (the whole binder is still read, for
    ids and links). Exit code: 0 clean, 1 errors (or warnings with --strict),
    2 the check could not run.

    \b
    Examples:
      classeur check
      classeur check procedures/paie --today 2026-11-16
      classeur check --strict --format github
      classeur check --format junit --output check-report.xml
    """
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
        _print_text(text)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if report.has_failures(strict=strict) else 0)


@click.command("access")
@ROOT
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def access_command(root: Path, fmt: str) -> None:
    """Who reads what: the matrix of documents × audiences.

    A document is published to an audience only when the audience reads one of
    its access tags; nothing is readable by default. Documents that fail
    `classeur check` are not listed (run it to see why).
    """
    report = check(root, today=date.today())
    audiences = list(report.policy.audiences.values())
    if fmt == "json":
        click.echo(_access_json(report))
    else:
        from rich.console import Console  # imported late: `check` starts faster without it
        from rich.table import Table

        table = Table("id", "title", *[a.id for a in audiences], title="Who reads what")
        for summary in report.documents:
            marks = ["✓" if a.id in summary.audiences else "·" for a in audiences]
            table.add_row(summary.document.id, summary.document.title, *marks)
        console = Console(highlight=False)
        console.print(table)
        for audience in audiences:
            count = sum(1 for s in report.documents if audience.id in s.audiences)
            console.print(
                f"{audience.id} ({audience.name}, {audience.organisation.value}): "
                f"{count} of {len(report.documents)} documents"
            )
    unread = report.count(Severity.ERROR)
    if unread:
        click.echo(f"{unread} errors in the binder: run `classeur check`.", err=True)


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


@click.command("new")
@click.argument("doc_type", metavar="TYPE", type=click.Choice([t.value for t in DocType]))
@click.option(
    "--function",
    "function_id",
    required=True,
    help="Business function id (access_policies/functions.yml).",
)
@click.option("--title", required=True, help="The document's title, in French.")
@click.option(
    "--access",
    "access",
    multiple=True,
    metavar="TAG",
    help="Access tag (repeatable). Default: the function's `access` in the policy.",
)
@click.option(
    "--status", type=click.Choice([s.value for s in Status]), default="draft", show_default=True
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
    """Write a new procedure, runbook or handover plan from a French template.

    The owner is the function's accountable owner, the id the next free one for
    the function's prefix, last_reviewed today and review_every the policy's
    default for the type. The file is never overwritten. A committed CODEOWNERS
    is rewritten to name the new document's owners.

    \b
    Example:
      classeur new procedure --function facturation --title "Émission des avoirs"
    """
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
            f"{new.path} already exists; choose another --title. Nothing was written."
        ) from None
    click.echo(f"Created {new.path} ({new.id}). Fill in the sections, then run `classeur check`.")
    for location in refresh_codeowners(root, report, new.path):
        click.echo(f"Updated {location}: commit it with the new document.")


def _relative_to(root: Path, path: Path) -> str:
    absolute = path if path.is_absolute() else Path.cwd() / path
    if not absolute.exists():
        raise PortalError(
            f"{path} does not exist. Name a file or folder of the binder, "
            "from the current directory."
        )
    try:
        return absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise PortalError(f"{path} is not inside the binder root {root}.") from None


def _print_text(text: str) -> None:
    """Colour the section titles when printing to a terminal; plain text otherwise."""
    if not sys.stdout.isatty():
        click.echo(text, nl=False)
        return
    from rich.console import Console  # imported late: only a terminal needs it
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for line in text.rstrip("\n").split("\n"):
        heading = line.split(" (", 1)[0]
        console.print(Text(line, style=_STYLES.get(heading, "")))
