"""The error that stops a command (exit code 2): the tool could not run at all.

Problems in the binder's content are findings (see model.Finding), never exceptions.
Its message is made in the user's language where it is raised (`_()` from
classeur.common.i18n); the command line prints it as `error: …` (« erreur : … »).
"""

from __future__ import annotations


class PortalError(Exception):
    """The binder cannot be read as a whole: missing policy folder, bad option value."""
