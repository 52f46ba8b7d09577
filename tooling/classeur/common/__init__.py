"""Helpers every layer may use: the error that stops a command, atomic writes, forked helpers."""
