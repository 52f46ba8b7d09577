"""Run MkDocs on a staged tree: the only place `classeur build` touches MkDocs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from classeur.errors import PortalError
from classeur.staging import Staged


@dataclass(frozen=True)
class Sharing:
    """How one audience's build shares work with helpers and with other audiences.

    `second_core`: forked helpers take half the work; only when that core would
    otherwise be idle. `cache`: a folder where the audiences of one build keep
    the documents' conversions for each other. `filler`: a helper converts the
    pages into that cache last to first, while MkDocs and another audience go
    first to last.
    """

    second_core: bool = False
    cache: Path | None = None
    filler: bool = False


ALONE = Sharing()  # a build that shares nothing


def render(
    root: Path,
    staged: Staged,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
    sharing: Sharing = ALONE,
) -> None:
    """Build the site of `staged` into `out` with the binder's mkdocs.yml.

    `sharing`: how the work is shared with helpers and other audiences (site/parallel.py).
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
        plugin.use_staging(staged, progress, sharing)
        build(config)
    except MkDocsException as error:
        raise PortalError(f"the site could not be built: {error}") from None
    except Exception as error:
        # Markdown extensions raise their own errors for content problems (a missing
        # or forbidden snippet); MkDocs has logged the page name already.
        raise PortalError(f"the site could not be built: {type(error).__name__}: {error}") from None
