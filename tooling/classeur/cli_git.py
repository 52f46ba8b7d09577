"""The Git commands: `review`, `codeowners` (and `pr-check`)."""

from __future__ import annotations

import functools
import sys
from datetime import date
from pathlib import Path

import click

from classeur.check import Report, check
from classeur.cli_options import ROOT, TODAY, IsoDay, fail, run
from classeur.codeowners import LOCATIONS, render_codeowners
from classeur.fileio import write_atomic
from classeur.model import Document, Severity
from classeur.prcheck import pr_check
from classeur.prcheck_output import FORMATS as PR_FORMATS
from classeur.prcheck_output import render_pr
from classeur.review import may_review, rewrite_review


@click.command("review")
@click.argument("documents", nargs=-1, required=True, metavar="DOC...")
@click.option(
    "--by", "reviewer", required=True, metavar="PERSON", help="Who reviewed (a person id)."
)
@click.option(
    "--date", "day", type=IsoDay(), help="Day of the review (YYYY-MM-DD) [default: today]."
)
@click.option("--commit", is_flag=True, help="Commit each review as the reviewer.")
@click.option("--force", is_flag=True, help="Rewrite a file even if it has uncommitted changes.")
@ROOT
def review_command(
    documents: tuple[str, ...],
    reviewer: str,
    day: date | None,
    commit: bool,
    force: bool,
    root: Path,
) -> None:
    """Record a review of DOC (an id or a path): last_reviewed and reviewed_by.

    Only those two values change; every other byte of the file (comments, key
    order, quoting, body, line endings) stays. The reviewer must be an owner of
    the document (or, when access_policies/review.yml allows it, a maintainer).
    With --commit, each review becomes a commit `review(ID): reviewed by PERSON`
    authored by the reviewer's Git identity.

    \b
    Example:
      classeur review FAC-003 --by marie.dupont --commit
    """
    when = day or date.today()
    report = run(lambda: check(root, today=when))
    person = report.policy.people.get(reviewer)
    if person is None:
        fail(f'unknown person "{reviewer}". Known: {", ".join(sorted(report.policy.people))}.')
    targets = [_find(report, root, name) for name in documents]
    for target in targets:
        if not may_review(reviewer, target, report.policy):
            fail(
                f"{reviewer} may not review {target.id}: reviews are recorded by its owners"
                f" ({', '.join(target.owners)}){_maintainers_note(report)}."
            )
        if not force and _has_local_changes(root, target):
            fail(f"{target.path} has uncommitted changes; commit them first, or pass --force.")
    for target in targets:
        path = root / str(target.path)
        new = run(functools.partial(rewrite_review, path.read_bytes(), reviewer=reviewer, day=when))
        write_atomic(path, new)
        if commit:
            _commit(root, target, reviewer, person.name, person.emails[0] if person.emails else "")
        click.echo(
            f"{target.id}: reviewed by {reviewer} on {when}" + (" (committed)" if commit else "")
        )


def _maintainers_note(report: Report) -> str:
    review = report.policy.review
    return " or maintainers" if review is not None and review.maintainers_may_review else ""


def _find(report: Report, root: Path, name: str) -> Document:
    for summary in report.documents:
        document = summary.document
        if name in (document.id, str(document.path)) or _same_file(root, name, str(document.path)):
            return document
    fail(f'no valid document "{name}" (an id such as FAC-003, or a path). Run `classeur check`.')


def _same_file(root: Path, name: str, relative: str) -> bool:
    candidate = Path(name)
    return candidate.exists() and candidate.resolve() == (root / relative).resolve()


def _has_local_changes(root: Path, document: Document) -> bool:
    import git

    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False  # nothing to lose that Git would have kept
    return bool(repo.git.status("--porcelain", "--", str(document.path)).strip())


def _commit(root: Path, document: Document, reviewer: str, name: str, email: str) -> None:
    import git

    repo = git.Repo(root)
    repo.index.add([str(document.path)])
    actor = git.Actor(name, email)
    repo.index.commit(
        f"review({document.id}): reviewed by {reviewer}", author=actor, committer=actor
    )


@click.command("pr-check")
@click.argument("base")
@click.argument("head", default="HEAD")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PR_FORMATS),
    default="text",
    show_default=True,
    help="markdown is fit for a pull-request comment; github prints annotations.",
)
@ROOT
def pr_check_command(base: str, head: str, fmt: str, root: Path) -> None:
    """What the commits from BASE to HEAD change in access, ownership and status.

    For every document added, changed, renamed or deleted: its frontmatter
    diff, the documents that link to it or relate to it ("à vérifier aussi"),
    and findings judged with BASE's policy: access widened, owners, maintainers
    or status changed, an active document deleted or archived, a new document
    without a company owner, a review recorded by someone not allowed, a
    provider author changing a document they do not maintain, and any provider
    change outside the documents (mkdocs.yml, tooling/, access_policies/,
    site_src/, CI files, .gitmodules). Authors are known by their commit
    e-mails; an unknown author counts as the provider. Exit code 1 on any error.

    \b
    Example (in CI, with the full history fetched):
      classeur pr-check origin/main --format github
    """
    import git

    try:
        report = pr_check(root, base, head)
    except (git.GitCommandError, git.BadName, ValueError) as error:
        fail(f"cannot compare {base} and {head}: {str(error).strip().splitlines()[-1]}")
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        fail(f"{root} is not a Git repository; pr-check compares two commits.")
    click.echo(render_pr(report, fmt), nl=False)
    sys.exit(1 if any(f.severity is Severity.ERROR for f in report.findings) else 0)


@click.command("codeowners")
@click.option("--write", is_flag=True, help="Write it to CODEOWNERS (or where one already is).")
@ROOT
@TODAY
def codeowners_command(write: bool, root: Path, today: date | None) -> None:
    """Print a CODEOWNERS file (GitHub and GitLab syntax) from the metadata.

    Each document needs an approval from one of its internal owners, and
    access_policies/ from a function owner. `classeur check` reports a
    committed CODEOWNERS that no longer matches.
    """
    report = run(lambda: check(root, today=today or date.today()))
    text = render_codeowners([s.document for s in report.documents], report.policy)
    if not write:
        click.echo(text, nl=False)
        return
    location = next((loc for loc in LOCATIONS if (root / loc).is_file()), LOCATIONS[0])
    write_atomic(root / location, text.encode("utf-8"))
    click.echo(f"Wrote {location}.", err=True)
    sys.exit(0)
