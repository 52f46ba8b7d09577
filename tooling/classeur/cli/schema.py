"""The `schema` command: JSON Schemas of the frontmatter and the policy files, for editors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from classeur.cli.options import ROOT, Command, examples, option
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _, ngettext
from classeur.model.json_schemas import Staleness, StaleSchema, generate_schemas, stale_schemas

DEFAULT_FOLDER = Path(".vscode") / "schemas"


@click.command(
    "schema",
    cls=Command,
    help=lambda: (
        _(
            "Write the JSON Schemas of the frontmatter and of every policy file.\n\n"
            "One `<name>.schema.json` per file of access_policies/ and `frontmatter.schema.json`, "
            "for editors that check YAML as you type (VS Code with the YAML extension: "
            "completion, help on hover, errors). With --check, write nothing: exit 1 and name "
            "the files that differ from what this version of Classeur generates, so that CI "
            "keeps them current."
        )
        + examples("classeur schema", "classeur schema --check")
    ),
)
@option(
    "--output-dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    show_default=lambda: _(".vscode/schemas under the binder's root"),
    help=lambda: _("The folder the schemas are written to."),
)
@option(
    "--check",
    "only_check",
    is_flag=True,
    help=lambda: _("Write nothing; exit 1 when a schema there is missing or out of date."),
)
@ROOT
def schema_command(folder: Path | None, only_check: bool, root: Path) -> None:
    """Write the schemas, or check that the written ones are current."""
    target = folder if folder is not None else root / DEFAULT_FOLDER
    schemas = generate_schemas()
    if only_check:
        stale = stale_schemas(target, schemas)
        for problem in stale:
            click.echo(_stale_line(target, problem))
        if not stale:
            click.echo(
                ngettext(
                    "{count} schema is up to date in {folder}.",
                    "{count} schemas are up to date in {folder}.",
                    len(schemas),
                ).format(count=len(schemas), folder=target.as_posix())
            )
        sys.exit(1 if stale else 0)
    for schema in schemas:
        write_atomic(target / schema.name, schema.text.encode("utf-8"))
    click.echo(
        ngettext(
            "Wrote {count} schema to {folder}.", "Wrote {count} schemas to {folder}.", len(schemas)
        ).format(count=len(schemas), folder=target.as_posix())
    )


def _stale_line(folder: Path, stale: StaleSchema) -> str:
    """What is wrong with one schema file, and what to do."""
    path = (folder / stale.name).as_posix()
    if stale.state is Staleness.MISSING:
        return _("{path}: missing. Run `classeur schema` to write it.").format(path=path)
    if stale.state is Staleness.CHANGED:
        return _(
            "{path}: out of date (the models changed). Run `classeur schema` to write it again."
        ).format(path=path)
    return _("{path}: not a schema Classeur makes any more. Delete it.").format(path=path)
