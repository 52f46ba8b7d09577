"""The command line documents itself: every command has help and a README entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert len(main.commands[name].help or "") > 40


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_readme_reference(name):
    assert f"\n### `classeur {name}`" in README
