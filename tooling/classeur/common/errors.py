"""The error that stops a command (exit code 2): the tool could not run at all.

Problems in the binder's content are findings (see model.Finding), never exceptions.
"""

from __future__ import annotations


class PortalError(Exception):
    """The binder cannot be read as a whole: missing policy folder, bad option value."""
