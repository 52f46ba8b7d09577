"""The commands for editors: `search` and `watch`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from classeur.cli.options import ROOT, TODAY

if TYPE_CHECKING:
    from classeur.model.report import Report


@click.command("search")
@click.argument("words", nargs=-1, required=True, metavar="QUERY...")
@click.option(
    "--audience",
    metavar="NAME",
    help="Search what this audience may read (required when the policy has several).",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@ROOT
@TODAY
def search_command(
    words: tuple[str, ...],
    audience: str | None,
    limit: int,
    fmt: str,
    root: Path,
    today: date | None,
) -> None:
    """Full-text search, in French, of what one audience may read.

    Plurals, accents and case do not matter (`factures` finds « Facturé »);
    a query with a typo falls back to approximate matching, and says so.
    Filters combine with words: type:runbook function:paie owner:marie.dupont
    status:active review:overdue|due-soon|ok site:lyon. Attachments (PDF, DOCX,
    text) linked from readable documents are searched too. The index in
    .classeur/index/<audience>/ is brought up to date first, re-reading only
    the files that changed.

    \b
    Examples:
      classeur search relances impayées --audience staff
      classeur search "type:runbook review:overdue" --audience provider --format json
    """
    from classeur.search.service import search

    text = " ".join(words)
    outcome = search(root, text, audience=audience, today=today or date.today(), limit=limit)
    name, results, done = outcome.audience, outcome.results, outcome.refreshed
    if done is not None:
        verb = "Built" if done.rebuilt else "Updated"
        click.echo(
            f"{verb} the {name} index ({done.updated} entries) in {done.seconds:.1f} s.", err=True
        )
    if fmt == "json":
        payload = {"query": text, "audience": name, "fuzzy": results.fuzzy, "total": results.total,
                   "results": [asdict(hit) for hit in results.hits]}  # fmt: skip
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if results.fuzzy and results.hits:
        click.echo(f'No exact match for "{text}"; approximate matches (typos tolerated):')
    click.echo(
        f'{results.total} result(s) for "{text}" in {name}:'
        if results.hits
        else f'No result for "{text}" in {name}.'
    )
    for rank, hit in enumerate(results.hits, 1):
        what = (
            "attachment, linked from " + ", ".join(hit.linked_from)
            if hit.kind == "attachment"
            else hit.review_state
        )
        due = f", next review {hit.next_review}" if hit.next_review else ""
        click.echo(f"{rank}. {hit.id}  {hit.title}  [{what}{due}]")
        click.echo(f"   {hit.path}")
        click.echo(f"   {hit.snippet}")
    sys.exit(0)


@click.command("watch")
@click.option("--no-index", is_flag=True, help="Do not update the search indexes.")
@ROOT
@TODAY
def watch_command(no_index: bool, root: Path, today: date | None) -> None:
    """Check again on every save; print only what changed (Ctrl-C stops).

    Watches procedures/, access_policies/ and site_src/. However an editor saves
    (temporary file then rename, several events), each save is judged once:
    the changed documents are read again and every rule runs over the binder in
    memory, so documents that link to or relate to them are judged again too.
    New problems are printed with `+`, fixed ones with `-`; then each
    audience's search index is updated.
    """
    import threading

    from classeur.binder.live import LiveCheck
    from classeur.binder.output import summary_line
    from classeur.live.watch import watch

    day = today or date.today()
    live = LiveCheck(root, today=day)
    for finding in live.report.findings:
        click.echo(f"  {finding.severity.label}: {finding.render()}")
    click.echo(summary_line(live.report))
    click.echo(f"Watching {root.resolve()} (Ctrl-C stops).")

    def on_change(paths: set[str]) -> None:
        delta = live.apply(paths)
        for finding in delta.new:
            click.echo(f"+ {finding.severity.label}: {finding.render()}")
        for finding in delta.fixed:
            click.echo(f"- fixed: {finding.render()}")
        if not delta.new and not delta.fixed:
            click.echo(f"{', '.join(sorted(paths))}: no change in the diagnostics.")
        click.echo(summary_line(delta.report))
        if not no_index:
            _update_indexes(root, live.report, day)

    stop = threading.Event()
    try:
        watch(root, on_change, stop)
    except KeyboardInterrupt:
        stop.set()
        click.echo("Stopped.")


def _update_indexes(root: Path, report: Report, day: date) -> None:
    from classeur.common.errors import PortalError
    from classeur.search.indexing import refresh_index

    for audience in report.policy.audiences:
        try:
            refresh_index(root, audience, today=day)
        except PortalError as error:
            click.echo(f"index {audience}: {error}", err=True)
