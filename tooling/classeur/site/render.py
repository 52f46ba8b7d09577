"""Run MkDocs on a staged tree: the only place `classeur build` touches MkDocs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from classeur.errors import PortalError
from classeur.staging import Staged


def render(
    root: Path,
    staged: Staged,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    second_core: bool = False,
    shared: Path | None = None,
) -> None:
    """Build the site of `staged` into `out` with the binder's mkdocs.yml.

    `second_core`: forked helpers share the work (site/parallel.py); `shared`:
    a folder where the audiences of one build share the documents' conversions.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from classeur.site.plugin import ClasseurPlugin

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise PortalError(f"{config_file} not found: the site needs the binder's mkdocs.yml.")
    try:
        config = load_config(str(config_file), site_dir=str(out))
        plugin = next((p for p in config.plugins.values() if isinstance(p, ClasseurPlugin)), None)
        if plugin is None:
            raise PortalError(
                "mkdocs.yml does not enable the classeur plugin; add `- classeur` under plugins."
            )
        plugin.use_staging(staged, progress, second_core=second_core, shared=shared)
        build(config)
    except MkDocsException as error:
        raise PortalError(f"the site could not be built: {error}") from None
    except Exception as error:
        # Markdown extensions raise their own errors for content problems (a missing
        # or forbidden snippet); MkDocs has logged the page name already.
        raise PortalError(f"the site could not be built: {type(error).__name__}: {error}") from None
