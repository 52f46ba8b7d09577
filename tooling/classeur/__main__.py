"""`python -m classeur` runs the command line."""

from classeur.cli.main import run

run()
