"""The `classeur` command line: one function per command, each a thin layer that
parses options, calls the core, prints, and returns an exit code.

Exit codes: 0 clean, 1 findings, 2 the tool could not run (bad option, missing policy).
Commands are imported when called, so that `classeur search` starts fast.
"""

from __future__ import annotations

import importlib

import click

# command -> "module:function", in the order `classeur --help` lists them
COMMANDS = {
    "check": "classeur.cli.binder:check_command",
    "access": "classeur.cli.binder:access_command",
    "new": "classeur.cli.binder:new_command",
    "build": "classeur.cli.site:build_command",
    "audit": "classeur.cli.site:audit_command",
    "serve": "classeur.cli.site:serve_command",
    "search": "classeur.cli.search:search_command",
    "watch": "classeur.cli.search:watch_command",
    "review": "classeur.cli.changes:review_command",
    "pr-check": "classeur.cli.changes:pr_check_command",
    "codeowners": "classeur.cli.changes:codeowners_command",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, name = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), name)
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="classeur")
def main() -> None:
    """Classeur: the procedures binder of an outsourced back office.

    Procedures, runbooks and handover plans are Markdown files with a YAML
    header under procedures/; access_policies/ says who exists and who may read
    what. Start with `classeur check` in the binder's root.
    """
