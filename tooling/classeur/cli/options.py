"""Options and helpers shared by the command-line modules."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

T = TypeVar("T")

# model.policy.POLICY_DIR, not imported: pydantic would slow the start of every command
POLICY_DIR = "access_policies"


class IsoDay(click.ParamType[date, Any]):
    """A day written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                f'"{value}" is not a day; write it as YYYY-MM-DD, e.g. 2026-11-16.', param, ctx
            )


def find_root(ctx: click.Context, param: click.Parameter, given: Path | None) -> Path:
    """--root as given, else the nearest folder holding access_policies/, as git finds .git."""
    if given is not None:
        return given
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / POLICY_DIR).is_dir():
            # relative, so that messages and default paths read as the user would type them
            return Path(os.path.relpath(folder))
    # none: the policy loader's "access_policies/ not found in <here>" is the error to show
    return here


ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=find_root,
    show_default="the nearest folder, from here up, holding access_policies/",
    help="The binder's root: the folder holding procedures/ and access_policies/.",
)
TODAY = click.option(
    "--today",
    type=IsoDay(),
    default=None,
    help="Judge review dates as on this day instead of the real date (for CI and tests).",
)
