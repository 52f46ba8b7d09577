"""The commands for editors: `search` and `watch`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from classeur.cli.options import ROOT, TODAY, Command, argument, examples, option
from classeur.common.i18n import _, ngettext
from classeur.model.findings import Finding, Severity

if TYPE_CHECKING:
    from classeur.model.report import Report


@click.command(
    "search",
    cls=Command,
    help=lambda: (
        _(
            "Full-text search, in French, of what one audience may read.\n\n"
            "Plurals, accents and case do not matter (`factures` finds « Facturé »); a query "
            "with a typo falls back to approximate matching, and says so. Filters combine with "
            "words: type:runbook function:paie owner:marie.dupont status:active "
            "review:overdue|due-soon|ok site:lyon. Attachments (PDF, DOCX, text) linked from "
            "readable documents are searched too. The index in .classeur/index/<audience>/ is "
            "brought up to date first, re-reading only the files that changed."
        )
        + examples(
            "classeur search relances impayées --audience staff",
            'classeur search "type:runbook review:overdue" --audience provider --format json',
        )
    ),
)
@argument("words", nargs=-1, required=True, metavar=lambda: _("QUERY..."))
@option(
    "--audience",
    metavar=lambda: _("NAME"),
    help=lambda: _("Search what this audience may read (required when the policy has several)."),
)
@option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help=lambda: _("How many results to show at most."),
)
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=lambda: _("text for people, json for scripts."),
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
    """Full-text search, in French, of what one audience may read."""
    from classeur.search.service import search

    text = " ".join(words)
    outcome = search(root, text, audience=audience, today=today or date.today(), limit=limit)
    name, results, done = outcome.audience, outcome.results, outcome.refreshed
    if done is not None:
        entries = ngettext("{count} entry", "{count} entries", done.updated).format(
            count=done.updated
        )
        message = (
            _("Built the {audience} index ({entries}) in {seconds} s.")
            if done.rebuilt
            else _("Updated the {audience} index ({entries}) in {seconds} s.")
        )
        seconds = f"{done.seconds:.1f}"
        click.echo(message.format(audience=name, entries=entries, seconds=seconds), err=True)
    if fmt == "json":
        payload = {"query": text, "audience": name, "fuzzy": results.fuzzy, "total": results.total,
                   "results": [asdict(hit) for hit in results.hits]}  # fmt: skip
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if results.fuzzy and results.hits:
        click.echo(
            _('No exact match for "{query}"; approximate matches (typos tolerated):').format(
                query=text
            )
        )
    found = ngettext(
        '{count} result for "{query}" in {audience}:',
        '{count} results for "{query}" in {audience}:',
        results.total,
    )
    click.echo(
        found.format(count=results.total, query=text, audience=name)
        if results.hits
        else _('No result for "{query}" in {audience}.').format(query=text, audience=name)
    )
    for rank, hit in enumerate(results.hits, 1):
        what = (
            _("attachment, linked from {documents}").format(documents=", ".join(hit.linked_from))
            if hit.kind == "attachment"
            else hit.review_state
        )
        due = _(", next review {day}").format(day=hit.next_review) if hit.next_review else ""
        click.echo(f"{rank}. {hit.id}  {hit.title}  [{what}{due}]")
        click.echo(f"   {hit.path}")
        click.echo(f"   {hit.snippet}")
    sys.exit(0)


@click.command(
    "watch",
    cls=Command,
    help=lambda: _(
        "Check again on every save; print only what changed (Ctrl-C stops).\n\n"
        "Watches procedures/, access_policies/ and site_src/. However an editor saves "
        "(temporary file then rename, several events), each save is judged once: the "
        "changed documents are read again and every rule runs over the binder in memory, "
        "so documents that link to or relate to them are judged again too. New problems "
        "are printed with `+`, fixed ones with `-`; then each audience's search index is "
        "updated."
    ),
)
@option("--no-index", is_flag=True, help=lambda: _("Do not update the search indexes."))
@ROOT
@TODAY
def watch_command(no_index: bool, root: Path, today: date | None) -> None:
    """Check again on every save; print only what changed (Ctrl-C stops)."""
    import threading

    from classeur.binder.live import LiveCheck
    from classeur.binder.output import summary_line
    from classeur.live.watch import watch

    day = today or date.today()
    live = LiveCheck(root, today=day)
    for finding in live.report.findings:
        click.echo(f"  {_severity(finding)}: {finding.render()}")
    click.echo(summary_line(live.report))
    click.echo(_("Watching {root} (Ctrl-C stops).").format(root=root.resolve()))

    def on_change(paths: set[str]) -> None:
        delta = live.apply(paths)
        for finding in delta.new:
            click.echo(f"+ {_severity(finding)}: {finding.render()}")
        for finding in delta.fixed:
            click.echo(_("- fixed: {finding}").format(finding=finding.render()))
        if not delta.new and not delta.fixed:
            click.echo(
                _("{paths}: no change in the diagnostics.").format(paths=", ".join(sorted(paths)))
            )
        click.echo(summary_line(delta.report))
        if not no_index:
            _update_indexes(root, live.report, day)

    stop = threading.Event()
    try:
        watch(root, on_change, stop)
    except KeyboardInterrupt:
        stop.set()
        click.echo(_("Stopped."))


def _severity(finding: Finding) -> str:
    """The finding's severity as a word of the user's language (the codes stay English)."""
    words = {
        Severity.ERROR: _("error"),
        Severity.WARNING: _("warning"),
        Severity.NOTICE: _("notice"),
    }
    return words[finding.severity]


def _update_indexes(root: Path, report: Report, day: date) -> None:
    from classeur.common.errors import PortalError
    from classeur.search.indexing import refresh_index

    for audience in report.policy.audiences:
        try:
            refresh_index(root, audience, today=day)
        except PortalError as error:
            click.echo(
                _("index {audience}: {error}").format(audience=audience, error=error), err=True
            )
