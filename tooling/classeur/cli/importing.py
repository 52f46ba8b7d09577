"""`import`: Word, OpenDocument, GitBook and MkDocs sources into draft documents."""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

import click

from classeur.cli.options import ROOT, TODAY, Command, argument, examples, option
from classeur.common.i18n import _, ngettext
from classeur.importing.codeowners import refresh_codeowners
from classeur.importing.plan import Plan, plan_import
from classeur.importing.writer import write_plan


@click.command(
    "import",
    cls=Command,
    help=lambda: (
        _(
            "Bring Word (.docx), OpenDocument (.odt) files and GitBook or MkDocs folders in as "
            "draft documents.\n\n"
            "Each page becomes a draft procedure under procedures/<function>/ (a folder keeps "
            "its tree in a folder of its name): the title from its first heading or its file "
            "name, the function's owner, the function's access unless --access is given, "
            "last_reviewed from the file's date. Images and linked files are copied beside "
            "the document, links between pages rewritten, GitBook blocks converted; what "
            "cannot be converted is reported at file:line and kept visible. Nothing is ever "
            "overwritten. Exit code: 0 imported, 1 some pages refused, 2 bad input."
        )
        + examples(
            'classeur import "Procédure avoirs.docx" --function facturation',
            "classeur import manuel-gitbook/ --function paie --access provider --dry-run",
        )
    ),
)
@argument(
    "sources",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    metavar=lambda: _("SOURCE..."),
)
@option(
    "--function",
    "function_id",
    required=True,
    help=lambda: _("Business function of the imported documents (access_policies/functions.yml)."),
)
@option(
    "--access",
    "access",
    multiple=True,
    metavar="TAG",
    help=lambda: _(
        "Access tag of the imported documents (repeatable). Default: the function's `access` "
        "in the policy."
    ),
)
@option(
    "--dry-run",
    is_flag=True,
    help=lambda: _("Print what would be written and the report; write nothing."),
)
@ROOT
@TODAY
def import_command(
    sources: tuple[Path, ...],
    function_id: str,
    access: tuple[str, ...],
    dry_run: bool,
    root: Path,
    today: date | None,
) -> None:
    """Bring Word, OpenDocument, GitBook and MkDocs sources in as draft documents."""
    with tempfile.TemporaryDirectory(prefix="classeur-import-") as workdir:
        plan = plan_import(
            root,
            sources,
            function_id=function_id,
            access=access,
            today=today or date.today(),
            workdir=Path(workdir),
            progress=_progress,
        )
        if dry_run:
            _print_plan(plan)
            sys.exit(1 if plan.refused else 0)
        written = write_plan(root, plan)
    for finding in [*plan.findings, *written.findings]:
        click.echo(finding.render())
    for document in written.documents:
        click.echo(
            _("Created {target} ({id}) from {source}.").format(
                target=document.target, id=document.id, source=document.source
            )
        )
    if written.documents:
        for location in refresh_codeowners(root):
            click.echo(
                _("Updated {location}: commit it with the imported documents.").format(
                    location=location
                )
            )
    click.echo(_summary(len(written.documents), len(written.attachments)))
    refused = plan.refused + len(written.findings)
    if refused:
        click.echo(_refused(refused))
    sys.exit(1 if refused else 0)


def _print_plan(plan: Plan) -> None:
    for finding in plan.findings:
        click.echo(finding.render())
    for document in plan.documents:
        click.echo(
            _("Would create {target} ({id}) from {source}.").format(
                target=document.target, id=document.id, source=document.source
            )
        )
    for target in plan.attachments:
        click.echo(_("Would copy {target}.").format(target=target))
    if plan.refused:
        click.echo(_refused(plan.refused))
    click.echo(_("Nothing was written (--dry-run)."))


def _summary(documents: int, attachments: int) -> str:
    return _(
        "Imported {documents} and {attachments}. Review them, then run `classeur check`."
    ).format(
        documents=ngettext("{count} draft document", "{count} draft documents", documents).format(
            count=documents
        ),
        attachments=ngettext(
            "{count} attachment file", "{count} attachment files", attachments
        ).format(count=attachments),
    )


def _refused(count: int) -> str:
    return ngettext(
        "{count} page or file was not imported: see the errors above.",
        "{count} pages or files were not imported: see the errors above.",
        count,
    ).format(count=count)


def _progress(source: str) -> None:
    """One line per source on stderr: pandoc takes a moment on a long Word file."""
    click.echo(_("Reading {source}…").format(source=source), err=True)
