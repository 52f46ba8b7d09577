"""The handover dossier: `export`, and `export --verify`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from classeur.cli.options import ROOT, TODAY, Command, examples, option
from classeur.common.errors import PortalError
from classeur.common.i18n import _, ngettext
from classeur.publish.dossier import verify_dossier
from classeur.publish.export import ExportRequest, Step, export_dossier
from classeur.site.offline import make_offline
from classeur.site.render import MKDOCS


def _step_name(what: str) -> str:
    """The progress label of a step of the export, in the user's language."""
    names = {
        "site": _("Building the site"),
        "pdf": _("Making the PDFs"),
        "history": _("Writing the history bundle"),
        "audit": _("Auditing every file of the dossier"),
        "archive": _("Writing the archive"),
    }
    return names.get(what, what)


@click.command(
    "export",
    cls=Command,
    help=lambda: (
        _(
            "Write the handover dossier of an audience as one zip, or verify one.\n\n"
            "The dossier is what a company hands to a new provider, or takes back in-house: "
            "the audience's site working offline (open site/index.html, search included), one "
            "PDF per document and one with them all, an inventory (CSV and JSON: documents, "
            "owners, review states, and from the handover plans the systems and accesses to "
            "transfer, the data to export, the contacts), the attachments, the Git history of "
            "exactly the exported files as a bundle (`git clone historique.bundle`), and "
            "manifest.json with every file's SHA-256, the commit, the date and the options. It "
            "is built through the same staging and audit as the sites, and every file (the "
            "PDFs' text and the history included) is audited before the archive is written: on "
            "any finding nothing is written (exit code 1). The same commit and options give "
            "the same bytes.\n\n"
            "--verify recomputes every hash, checks that the manifest lists exactly the files "
            "present, and has Git check the history bundle (its header, every object, the "
            "pack's checksum): exit code 1 on any difference, 2 when the file is not a "
            "readable zip. --today is also the dossier's date."
        )
        + examples(
            "classeur export --audience provider --out dossier-prestataire.zip",
            "classeur export --audience management --function paie --out paie.zip "
            "--today 2026-11-16",
            "classeur export --verify dossier-prestataire.zip",
        )
    ),
)
@option(
    "--audience",
    metavar=lambda: _("NAME"),
    help=lambda: _("The audience the dossier is for."),
)
@option(
    "--function",
    "function_id",
    metavar="ID",
    default=None,
    show_default=lambda: _("every function the audience reads"),
    help=lambda: _("Only this business function (access_policies/functions.yml)."),
)
@option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar=lambda: _("FILE.zip"),
    help=lambda: _("Where to write the dossier (atomically)."),
)
@option(
    "--verify",
    "verified",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar=lambda: _("FILE.zip"),
    help=lambda: _("Check a dossier against its manifest instead of exporting one."),
)
@option(
    "--pdf/--no-pdf",
    default=True,
    show_default=True,
    help=lambda: _("Make one PDF per document and one of them all (needs the system's Pango)."),
)
@ROOT
@TODAY
def export_command(
    audience: str | None,
    function_id: str | None,
    out: Path | None,
    verified: Path | None,
    pdf: bool,
    root: Path,
    today: date | None,
) -> None:
    """Write the handover dossier of an audience as one zip, or verify one."""
    if verified is not None:
        if audience or out or function_id:
            raise PortalError(
                _("--verify checks a dossier; it takes no --audience, --out or --function.")
            )
        _verify(verified)
        return
    if not audience or out is None:
        raise PortalError(_("name the dossier to write: --audience NAME --out FILE.zip."))
    request = ExportRequest(audience, today or date.today(), function_id, pdf)
    with _progress() as step:
        outcome = export_dossier(
            root, request, out, renderer=MKDOCS, offline=make_offline, on_step=step
        )
    if outcome.exported is None:
        for finding in outcome.findings:
            click.echo(finding.render(), err=True)
        click.echo(_("Nothing was written: {out} is unchanged.").format(out=out), err=True)
        sys.exit(1)
    done = outcome.exported
    documents = ngettext("{count} document", "{count} documents", done.documents)
    files = ngettext("{count} file", "{count} files", done.files)
    click.echo(
        _("Dossier written: {out} ({documents}, {files}, commit {commit}).").format(
            out=out,
            documents=documents.format(count=done.documents),
            files=files.format(count=done.files),
            commit=done.commit[:7],
        )
    )


def _verify(archive: Path) -> None:
    if not archive.is_file():
        raise PortalError(_("{archive} not found.").format(archive=archive))
    findings = verify_dossier(archive)
    if findings:
        for finding in findings:
            click.echo(finding.render(), err=True)
        click.echo(_("{archive} does not match its manifest.").format(archive=archive), err=True)
        sys.exit(1)
    click.echo(
        _("{archive} is intact: every file matches its manifest and the history verifies.").format(
            archive=archive
        )
    )


@contextmanager
def _progress() -> Iterator[Step]:
    """A progress display on a terminal; silence elsewhere (logs, tests, pipes)."""
    if not sys.stderr.isatty():
        yield lambda what, done, total: None
        return
    from rich.progress import Progress, TaskID  # imported late: only a terminal needs it

    with Progress(transient=True) as progress:
        tasks: dict[str, TaskID] = {}

        def step(what: str, done: int, total: int) -> None:
            if what not in tasks:
                for task in tasks.values():  # the earlier steps are done
                    progress.update(task, total=1, completed=1)
                tasks[what] = progress.add_task(_step_name(what), total=total or None)
            progress.update(tasks[what], completed=done)

        yield step
