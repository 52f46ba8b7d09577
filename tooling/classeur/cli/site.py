"""The site commands: `build`, `audit`, `serve`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from classeur.binder.check import check
from classeur.cli.options import ROOT, TODAY
from classeur.common.errors import PortalError
from classeur.live.serve import serve
from classeur.model.findings import Finding
from classeur.model.policy import load_policy
from classeur.publish.audit import audit_site
from classeur.publish.build import Built, build_sites
from classeur.site.render import MKDOCS

OUT = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default="public/ in the binder's root",
    help="Folder that receives one site per audience (<out>/<audience>/).",
)
DRAFTS = click.option("--include-drafts", is_flag=True, help="Publish drafts too (with a banner).")
HISTORY = click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Show each page's Git history and the recent changes.",
)


@click.command("build")
@click.option(
    "--audience", "audiences", multiple=True, metavar="NAME", help="Audience to build (repeatable)."
)
@click.option(
    "--all", "every", is_flag=True, help="Build every audience of access_policies/audiences.yml."
)
@OUT
@ROOT
@TODAY
@DRAFTS
@HISTORY
def build_command(
    audiences: tuple[str, ...],
    every: bool,
    out: Path | None,
    root: Path,
    today: date | None,
    include_drafts: bool,
    history: bool,
) -> None:
    """Build one static site per audience into OUT/<audience>/.

    Each site is built from a staging tree that holds only what the audience
    may read, then audited byte by byte (see `classeur audit`). Invalid
    documents stop the build (same diagnostics as `check`); stale ones are
    published with a banner. Sites are swapped in only when every requested
    audience built and passed its audit: a failed build leaves the previous
    sites untouched.

    \b
    Examples:
      classeur build --all
      classeur build --audience provider --out /srv/classeur --today 2026-11-16
    """
    if every == bool(audiences):
        raise PortalError("name the sites to build: --audience NAME (repeatable) or --all.")
    if every:
        audiences = tuple(load_policy(root)[0].audiences)  # the build itself checks the binder
    out = _out_folder(out, root)
    progress = _Progress(len(audiences))
    outcome = build_sites(
        root,
        audiences,
        out,
        today=today or date.today(),
        include_drafts=include_drafts,
        on_done=progress.done,
        with_history=history,
        renderer=MKDOCS,
    )
    if outcome.findings:
        _print_findings(outcome.findings)
        click.echo("Nothing was published; the previous sites are unchanged.", err=True)
        sys.exit(1)
    click.echo(f"Published {len(outcome.built)} site(s) in {out}/.")


@click.command("audit")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--audience", required=True, metavar="NAME", help="The audience the site was built for."
)
@ROOT
@DRAFTS
def audit_command(site: Path, audience: str, root: Path, include_drafts: bool) -> None:
    """Prove that a built SITE holds nothing its audience may not read.

    Independent of the renderer: every file must be a page or attachment of a
    document the audience reads, a page of the site's own, or a theme asset;
    and no byte of any file (sitemaps decompressed) may hold the id, title,
    path or canary of a document the audience may not read. `build` runs it
    after every build; CI can run it on a deployed folder. Exit code 1 on any
    finding.
    """
    report = check(root, today=date.today(), keep_bodies=True)
    if audience not in report.policy.audiences:
        known = ", ".join(report.policy.audiences)
        raise PortalError(f'unknown audience "{audience}". Known audiences: {known}.')
    findings = audit_site(site, root, report, audience, include_drafts=include_drafts, helper=True)
    if findings:
        _print_findings(findings)
        sys.exit(1)
    files = sum(1 for p in site.rglob("*") if p.is_file())
    click.echo(f"Audit clean: {site} holds only what {audience} may read ({files} files read).")


@click.command("serve")
@OUT
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--watch/--no-watch",
    "watching",
    default=True,
    show_default=True,
    help="Rebuild the sites when a procedure, the policy or site_src/ changes.",
)
@ROOT
@TODAY
def serve_command(
    out: Path | None, port: int, watching: bool, root: Path, today: date | None
) -> None:
    """Serve the built sites of OUT at http://127.0.0.1:PORT/ (Ctrl-C stops).

    Only this machine can reach it. Build first with `classeur build --all`.
    With --watch (the default), every save under procedures/, access_policies/
    or site_src/ rebuilds the sites already in OUT; reload the page to see it.
    """
    serve(
        root,
        _out_folder(out, root),
        port=port,
        watching=watching,
        today=today,
        renderer=MKDOCS,
        say=lambda line: click.echo(line, err=True),
    )


def _out_folder(out: Path | None, root: Path) -> Path:
    """--out as given (from the current directory), else public/ in the binder's root."""
    return out if out is not None else root / "public"


class _Progress:
    """One line per finished audience (builds run in parallel, so no bar)."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0

    def done(self, built: Built) -> None:
        self.count += 1
        verdict = "audit clean" if not built.findings else f"{len(built.findings)} audit finding(s)"
        click.echo(
            f"[{self.count}/{self.total}] {built.audience}: {built.pages} pages in "
            f"{built.seconds:.1f} s, {verdict}",
            err=True,
        )


def _print_findings(findings: tuple[Finding, ...] | list[Finding]) -> None:
    for finding in findings:
        click.echo(finding.render(), err=True)
