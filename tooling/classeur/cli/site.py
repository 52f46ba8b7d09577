"""The site commands: `build`, `audit`, `serve`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from classeur.binder.check import check
from classeur.cli.options import ROOT, TODAY, Command, argument, examples, option
from classeur.common.errors import PortalError
from classeur.common.i18n import _, ngettext
from classeur.model.findings import Finding
from classeur.model.policy import load_policy
from classeur.publish.audit import audit_site
from classeur.publish.build import Built, build_sites
from classeur.site.render import MKDOCS

OUT = option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default=lambda: _("public/ in the binder's root"),
    help=lambda: _("Folder that receives one site per audience (<out>/<audience>/)."),
)
DRAFTS = option(
    "--include-drafts", is_flag=True, help=lambda: _("Publish drafts too (with a banner).")
)
HISTORY = option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help=lambda: _("Show each page's Git history and the recent changes."),
)


@click.command(
    "build",
    cls=Command,
    help=lambda: (
        _(
            "Build one static site per audience into OUT/<audience>/.\n\n"
            "Each site is built from a staging tree that holds only what the audience may "
            "read, then audited byte by byte (see `classeur audit`). Invalid documents stop the "
            "build (same diagnostics as `check`); stale ones are published with a banner. Sites "
            "are swapped in only when every requested audience built and passed its audit: a "
            "failed build leaves the previous sites untouched."
        )
        + examples(
            "classeur build --all",
            "classeur build --audience provider --out /srv/classeur --today 2026-11-16",
        )
    ),
)
@option(
    "--audience",
    "audiences",
    multiple=True,
    metavar=lambda: _("NAME"),
    help=lambda: _("Audience to build (repeatable)."),
)
@option(
    "--all",
    "every",
    is_flag=True,
    help=lambda: _("Build every audience of access_policies/audiences.yml."),
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
    """Build one static site per audience into OUT/<audience>/."""
    if every == bool(audiences):
        raise PortalError(_("name the sites to build: --audience NAME (repeatable) or --all."))
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
        click.echo(_("Nothing was published; the previous sites are unchanged."), err=True)
        sys.exit(1)
    count = len(outcome.built)
    published = ngettext(
        "Published {count} site in {out}/.", "Published {count} sites in {out}/.", count
    )
    click.echo(published.format(count=count, out=out))


@click.command(
    "audit",
    cls=Command,
    help=lambda: _(
        "Prove that a built SITE holds nothing its audience may not read.\n\n"
        "Independent of the renderer: every file must be a page or attachment of a "
        "document the audience reads, a page of the site's own, or a theme asset; and no "
        "byte of any file (sitemaps decompressed) may hold the id, title, path or canary "
        "of a document the audience may not read. `build` runs it after every build; CI "
        "can run it on a deployed folder. Exit code 1 on any finding."
    ),
)
@argument(
    "site",
    metavar=lambda: _("SITE"),
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@option(
    "--audience",
    required=True,
    metavar=lambda: _("NAME"),
    help=lambda: _("The audience the site was built for."),
)
@ROOT
@DRAFTS
def audit_command(site: Path, audience: str, root: Path, include_drafts: bool) -> None:
    """Prove that a built SITE holds nothing its audience may not read."""
    report = check(root, today=date.today(), keep_bodies=True)
    if audience not in report.policy.audiences:
        known = ", ".join(report.policy.audiences)
        raise PortalError(
            _('unknown audience "{audience}". Known audiences: {known}.').format(
                audience=audience, known=known
            )
        )
    findings = audit_site(site, root, report, audience, include_drafts=include_drafts, helper=True)
    if findings:
        _print_findings(findings)
        sys.exit(1)
    files = sum(1 for p in site.rglob("*") if p.is_file())
    clean = ngettext(
        "Audit clean: {site} holds only what {audience} may read ({count} file read).",
        "Audit clean: {site} holds only what {audience} may read ({count} files read).",
        files,
    )
    click.echo(clean.format(site=site, audience=audience, count=files))


@click.command(
    "serve",
    cls=Command,
    help=lambda: (
        _(
            "Serve the built sites of OUT at http://127.0.0.1:PORT/ (Ctrl-C stops).\n\n"
            "Only this machine can reach it. Build first with `classeur build --all`. "
            "With --watch (the default), the sites already in OUT are built once for the "
            "preview, then every save under procedures/, access_policies/ or site_src/ "
            "rebuilds what it changed, and the open pages it rewrote reload themselves."
        )
        + examples("classeur serve", "classeur serve --today 2026-11-16 --include-drafts")
    ),
)
@OUT
@option(
    "--port",
    type=int,
    default=8000,
    show_default=True,
    help=lambda: _("Port on 127.0.0.1 to serve at."),
)
@option(
    "--watch/--no-watch",
    "watching",
    default=True,
    show_default=True,
    help=lambda: _("Rebuild the sites when a procedure, the policy or site_src/ changes."),
)
@option(
    "--include-drafts",
    is_flag=True,
    help=lambda: _(
        "Show drafts in the preview too, with their banner (build never publishes them)."
    ),
)
@ROOT
@TODAY
def serve_command(
    out: Path | None,
    port: int,
    watching: bool,
    include_drafts: bool,
    root: Path,
    today: date | None,
) -> None:
    """Serve the built sites, rebuilt and reloaded after every save."""
    from classeur.live.serve import serve  # the live preview's modules: not a build's cost

    serve(
        root,
        _out_folder(out, root),
        port=port,
        watching=watching,
        today=today,
        include_drafts=include_drafts,
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
        found = len(built.findings)
        verdict = (
            ngettext("{count} audit finding", "{count} audit findings", found).format(count=found)
            if found
            else _("audit clean")
        )
        pages = ngettext(
            "[{done}/{total}] {audience}: {count} page in {seconds} s, {verdict}",
            "[{done}/{total}] {audience}: {count} pages in {seconds} s, {verdict}",
            built.pages,
        )
        line = pages.format(
            done=self.count,
            total=self.total,
            audience=built.audience,
            count=built.pages,
            seconds=f"{built.seconds:.1f}",
            verdict=verdict,
        )
        click.echo(line, err=True)


def _print_findings(findings: tuple[Finding, ...] | list[Finding]) -> None:
    for finding in findings:
        click.echo(finding.render(), err=True)
