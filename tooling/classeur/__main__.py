"""`python -m classeur` runs the command line."""

from classeur.cli import main

main()
