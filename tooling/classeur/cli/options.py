"""Options and helpers shared by the command-line modules."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from classeur.common.errors import PortalError

T = TypeVar("T")


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


ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default="current directory",
    help="The binder's root: the folder holding procedures/ and access_policies/.",
)
TODAY = click.option(
    "--today",
    type=IsoDay(),
    default=None,
    help="Judge review dates as on this day instead of the real date (for CI and tests).",
)


def run(action: Callable[[], T]) -> T:
    """Call the core; a PortalError becomes `error: ...` and exit code 2."""
    try:
        return action()
    except PortalError as error:
        fail(str(error))


def fail(message: str) -> NoReturn:
    """Stop with exit code 2: the tool could not do its job."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)
