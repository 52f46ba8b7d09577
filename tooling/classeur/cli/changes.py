"""The Git commands: `review`, `codeowners` (and `pr-check`)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from classeur.binder.check import check
from classeur.binder.review import record_reviews
from classeur.cli.options import ROOT, TODAY, Command, IsoDay, argument, examples, option
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _
from classeur.gate.output import FORMATS as PR_FORMATS
from classeur.gate.output import render_pr
from classeur.gate.prcheck import pr_check
from classeur.model.findings import Severity
from classeur.rules.codeowners import LOCATIONS, render_codeowners


@click.command(
    "review",
    cls=Command,
    help=lambda: (
        _(
            "Record a review of DOC (an id or a path): last_reviewed and reviewed_by.\n\n"
            "Only those two values change; every other byte of the file (comments, key "
            "order, quoting, body, line endings) stays. The reviewer must be an owner of "
            "the document (or, when access_policies/review.yml allows it, a maintainer). "
            "A review is recorded on a day that has come: a --date after today (or after "
            "--today) is refused. With --commit, each review becomes a commit "
            "`review(ID): reviewed by PERSON` authored by the reviewer's Git identity."
        )
        + examples("classeur review FAC-003 --by marie.dupont --commit")
    ),
)
@argument("documents", nargs=-1, required=True, metavar=lambda: _("DOC..."))
@option(
    "--by",
    "reviewer",
    required=True,
    metavar=lambda: _("PERSON"),
    help=lambda: _("Who reviewed (a person id)."),
)
@option(
    "--date",
    "day",
    type=IsoDay(),
    help=lambda: _("Day of the review (YYYY-MM-DD), today or earlier [default: today]."),
)
@option("--commit", is_flag=True, help=lambda: _("Commit each review as the reviewer."))
@option(
    "--force",
    is_flag=True,
    help=lambda: _("Rewrite a file even if it has uncommitted changes."),
)
@ROOT
@TODAY
def review_command(
    documents: tuple[str, ...],
    reviewer: str,
    day: date | None,
    commit: bool,
    force: bool,
    root: Path,
    today: date | None,
) -> None:
    """Record a review of DOC (an id or a path): last_reviewed and reviewed_by."""
    now = today or date.today()
    when = day or now
    recorded = record_reviews(
        root, documents, reviewer, when, commit=commit, force=force, today=now
    )
    for document in recorded:
        line = (
            _("{id}: reviewed by {person} on {day} (committed)")
            if commit
            else _("{id}: reviewed by {person} on {day}")
        )
        click.echo(line.format(id=document.id, person=reviewer, day=when))


@click.command(
    "pr-check",
    cls=Command,
    help=lambda: _(
        "What the commits from BASE to HEAD change in access, ownership and status.\n\n"
        "For every document and attachment added, changed, renamed (judged under both "
        "names) or deleted: its frontmatter diff, the documents that link to it or relate "
        'to it ("à vérifier aussi"), and findings judged with BASE\'s policy: access '
        "widened (an attachment's too), owners, maintainers or status changed, an active "
        "document deleted or archived, a new document without a company owner, a review "
        "recorded by someone not allowed, a provider author changing a document or "
        "attachment they do not maintain, and any provider change outside the documents "
        "and attachments of the sources that access_policies/sources.yml declares. "
        "Measurement files (pilotage/mesures/) are the provider's to add; a value already "
        "transmitted that changes, goes or is re-dated is flagged, and so is any change of "
        "a target in indicators.yml. Any IBAN or BIC added, changed or removed is flagged "
        "for its owner. Authors are known by their commit e-mails; an unknown author "
        "counts as the provider. Exit code 1 on any error.\n\n"
        "\b\n"
        "Example (in CI, with the full history fetched):\n"
        "  classeur pr-check origin/main --format github"
    ),
)
@argument("base")
@argument("head", default="HEAD")
@option(
    "--format",
    "fmt",
    type=click.Choice(PR_FORMATS),
    default="text",
    show_default=True,
    help=lambda: _("markdown is fit for a pull-request comment; github prints annotations."),
)
@ROOT
@TODAY
def pr_check_command(base: str, head: str, fmt: str, root: Path, today: date | None) -> None:
    """What the commits from BASE to HEAD change in access, ownership and status."""
    report = pr_check(root, base, head, today=today)
    click.echo(render_pr(report, fmt), nl=False)
    sys.exit(1 if any(f.severity is Severity.ERROR for f in report.findings) else 0)


@click.command(
    "codeowners",
    cls=Command,
    help=lambda: _(
        "Print a CODEOWNERS file (GitHub and GitLab syntax) from the metadata.\n\n"
        "Each document needs an approval from one of its internal owners, each attachment "
        "from an owner of a document linking it, and access_policies/ from a function "
        "owner. `classeur check` reports a committed CODEOWNERS that no longer matches; "
        "`classeur new` keeps a committed one current."
    ),
)
@option(
    "--write",
    is_flag=True,
    help=lambda: _("Write it to CODEOWNERS (or where one already is)."),
)
@ROOT
@TODAY
def codeowners_command(write: bool, root: Path, today: date | None) -> None:
    """Print a CODEOWNERS file (GitHub and GitLab syntax) from the metadata."""
    report = check(root, today=today or date.today())
    text = render_codeowners([s.document for s in report.documents], report.policy, report.files)
    if not write:
        click.echo(text, nl=False)
        return
    location = next((loc for loc in LOCATIONS if (root / loc).is_file()), LOCATIONS[0])
    write_atomic(root / location, text.encode("utf-8"))
    click.echo(_("Wrote {location}.").format(location=location), err=True)
    sys.exit(0)
