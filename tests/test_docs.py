"""The command line documents itself: every command has help and a README entry."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from classeur.cli.main import COMMANDS, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    command = main.get_command(click.Context(main), name)
    assert command is not None and len(command.help or "") > 40


def test_main_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert all(f"  {name} " in result.output for name in COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_readme_reference(name):
    assert f"\n### `classeur {name}`" in README
