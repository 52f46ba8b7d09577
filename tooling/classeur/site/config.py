"""Options of the `classeur` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ClasseurConfig(base.Config):
    """`plugins: - classeur: {audience: staff}` in mkdocs.yml.

    `classeur build` fills these in itself; they matter when MkDocs is run
    directly (`mkdocs build`, `mkdocs serve`).
    """

    audience = c.Optional(c.Type(str))  # required unless `classeur build` stages the site
    include_drafts = c.Type(bool, default=False)
    today = c.Optional(c.Type(str))  # YYYY-MM-DD; the real date when absent
