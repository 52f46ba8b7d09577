"""The handover dossier: `export`, and `export --verify`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from classeur.cli.options import ROOT, TODAY
from classeur.common.errors import PortalError
from classeur.publish.dossier import verify_dossier
from classeur.publish.export import ExportRequest, Step, export_dossier
from classeur.site.offline import make_offline
from classeur.site.render import MKDOCS

_STEPS = {
    "site": "Building the site",
    "pdf": "Making the PDFs",
    "history": "Writing the history bundle",
    "audit": "Auditing every file of the dossier",
    "archive": "Writing the archive",
}


@click.command("export")
@click.option("--audience", metavar="NAME", help="The audience the dossier is for.")
@click.option(
    "--function",
    "function_id",
    metavar="ID",
    default=None,
    show_default="every function the audience reads",
    help="Only this business function (access_policies/functions.yml).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE.zip",
    help="Where to write the dossier (atomically).",
)
@click.option(
    "--verify",
    "verified",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE.zip",
    help="Check a dossier against its manifest instead of exporting one.",
)
@click.option(
    "--pdf/--no-pdf",
    default=True,
    show_default=True,
    help="Make one PDF per document and one of them all (needs the system's Pango).",
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
    """Write the handover dossier of an audience as one zip, or verify one.

    The dossier is what a company hands to a new provider, or takes back
    in-house: the audience's site working offline (open site/index.html, search
    included), one PDF per document and one with them all, an inventory (CSV
    and JSON: documents, owners, review states, and from the handover plans
    the systems and accesses to transfer, the data to export, the contacts),
    the attachments, the Git history of exactly the exported files as a bundle
    (`git clone historique.bundle`), and manifest.json with every file's
    SHA-256, the commit, the date and the options. It is built through the same
    staging and audit as the sites, and every file (the PDFs' text and the
    history included) is audited before the archive is written: on any finding
    nothing is written (exit code 1). The same commit and options give the
    same bytes.

    --verify recomputes every hash, checks that the manifest lists exactly the
    files present, and has Git check the history bundle (its header, every
    object, the pack's checksum): exit code 1 on any difference, 2 when the
    file is not a readable zip. --today is also the dossier's date.

    \b
    Examples:
      classeur export --audience provider --out dossier-prestataire.zip
      classeur export --audience management --function paie --out paie.zip --today 2026-11-16
      classeur export --verify dossier-prestataire.zip
    """
    if verified is not None:
        if audience or out or function_id:
            raise PortalError(
                "--verify checks a dossier; it takes no --audience, --out or --function."
            )
        _verify(verified)
        return
    if not audience or out is None:
        raise PortalError("name the dossier to write: --audience NAME --out FILE.zip.")
    request = ExportRequest(audience, today or date.today(), function_id, pdf)
    with _progress() as step:
        outcome = export_dossier(
            root, request, out, renderer=MKDOCS, offline=make_offline, on_step=step
        )
    if outcome.exported is None:
        for finding in outcome.findings:
            click.echo(finding.render(), err=True)
        click.echo(f"Nothing was written: {out} is unchanged.", err=True)
        sys.exit(1)
    done = outcome.exported
    click.echo(
        f"Dossier written: {out} ({done.documents} documents, {done.files} files, "
        f"commit {done.commit[:7]})."
    )


def _verify(archive: Path) -> None:
    if not archive.is_file():
        raise PortalError(f"{archive} not found.")
    findings = verify_dossier(archive)
    if findings:
        for finding in findings:
            click.echo(finding.render(), err=True)
        click.echo(f"{archive} does not match its manifest.", err=True)
        sys.exit(1)
    click.echo(f"{archive} is intact: every file matches its manifest and the history verifies.")


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
                tasks[what] = progress.add_task(_STEPS.get(what, what), total=total or None)
            progress.update(tasks[what], completed=done)

        yield step
