"""Options and helpers shared by the command-line modules.

Help texts are translated when they are shown, not when the module is imported: a
command's `help=`, an option's `help=`, `show_default=` and `metavar=` may be given
as a function of no argument (`help=lambda: _("…")`), called each time click reads
it. The language is chosen at run time (tests switch it within one process), and
the commands are module-level objects made once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click
from click.decorators import FC

from classeur.common.i18n import _, ngettext

# model.policy.POLICY_DIR, not imported: pydantic would slow the start of every command
POLICY_DIR = "access_policies"


class _WhenShown:
    """An attribute whose value, when it is a function, is called on every read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_shown_{name}"

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__.get(self.slot)
        return value() if callable(value) else value

    def __set__(self, instance: object, value: Any) -> None:
        instance.__dict__[self.slot] = value


def _help_option_in_the_language_of_now(option: click.Option | None) -> click.Option | None:
    """click makes the --help option once per command; its text must follow the language."""
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


class Command(click.Command):
    """A command whose help, short help and epilog are translated when shown."""

    help = _WhenShown()
    short_help = _WhenShown()
    epilog = _WhenShown()

    def __init__(
        self,
        name: str | None,
        help: Any = None,
        short_help: Any = None,
        epilog: Any = None,
        **attributes: Any,
    ) -> None:
        super().__init__(name, **attributes)
        self.help, self.short_help, self.epilog = help, short_help, epilog

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option_in_the_language_of_now(super().get_help_option(ctx))


class Group(click.Group):
    """A group whose help, short help and epilog are translated when shown."""

    help = _WhenShown()
    short_help = _WhenShown()
    epilog = _WhenShown()

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option_in_the_language_of_now(super().get_help_option(ctx))


class Option(click.Option):
    """An option whose help, default note and metavar are translated when shown."""

    help = _WhenShown()
    show_default = _WhenShown()
    metavar = _WhenShown()

    def __init__(
        self, param_decls: Sequence[str] | None = None, help: Any = None, **attributes: Any
    ) -> None:
        # click cleans a help string up when the option is made: a function waits
        super().__init__(param_decls, help=None if callable(help) else help, **attributes)
        if callable(help):
            self.help = help


class Argument(click.Argument):
    """An argument whose metavar is translated when shown."""

    metavar = _WhenShown()


def option(*declarations: str, **attributes: Any) -> Callable[[FC], FC]:
    """`click.option` whose texts may be functions, called when shown."""
    return click.option(*declarations, cls=Option, **attributes)


def argument(*declarations: str, **attributes: Any) -> Callable[[FC], FC]:
    """`click.argument` whose metavar may be a function, called when shown."""
    return click.argument(*declarations, cls=Argument, **attributes)


class IsoDay(click.ParamType[date, Any]):
    """A day written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return _("YYYY-MM-DD")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                _('"{value}" is not a day; write it as YYYY-MM-DD, e.g. 2026-11-16.').format(
                    value=value
                ),
                param,
                ctx,
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


ROOT = option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    metavar=lambda: _("directory").upper(),  # click names the type once, on import
    default=None,
    callback=find_root,
    show_default=lambda: _("the nearest folder, from here up, holding access_policies/"),
    help=lambda: _("The binder's root: the folder holding procedures/ and access_policies/."),
)
TODAY = option(
    "--today",
    type=IsoDay(),
    default=None,
    help=lambda: _(
        "Judge review dates as on this day instead of the real date (for CI and tests)."
    ),
)


def examples(*commands: str) -> str:
    """The `Examples:` block that ends a command's help, kept unwrapped by click."""
    title = ngettext("Example:", "Examples:", len(commands))
    return "\n\n\b\n" + title + "\n" + "\n".join(f"  {command}" for command in commands)
