"""The `classeur` command line: one module per command group; options in, core calls, output out."""
