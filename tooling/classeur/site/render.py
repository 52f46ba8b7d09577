"""The MkDocs renderer: the only place `classeur build` runs MkDocs."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.publish.renderer import ALONE, Progress, Sharing
from classeur.publish.renderer_config import CONFIG_NAME
from classeur.publish.staging import Staged


class MkDocsRenderer:
    """Builds a staged tree with MkDocs and the Classeur plugin (helpers, progress)."""

    def render(
        self,
        root: Path,
        staged: Staged,
        out: Path,
        progress: Progress | None = None,
        sharing: Sharing = ALONE,
    ) -> None:
        """Build the site of `staged` into `out` from the stage's own configuration."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        from classeur.site.plugin import ClasseurPlugin

        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        # Material's end-of-life notice is for the maintainers (README: renderer pins), not readers.
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        try:
            config = load_config(str(staged.root / CONFIG_NAME), site_dir=str(out.resolve()))
            plugin = next(
                (p for p in config.plugins.values() if isinstance(p, ClasseurPlugin)), None
            )
            if plugin is None:
                raise PortalError(
                    "mkdocs.yml does not enable the classeur plugin; "
                    "add `- classeur` under plugins."
                )
            plugin.use_staging(staged, progress, sharing)
            build(config)
        except MkDocsException as error:
            raise PortalError(f"the site could not be built: {error}") from None
        except PortalError:
            raise
        except Exception as error:
            # Markdown extensions raise their own errors for content problems (a missing
            # or forbidden snippet); MkDocs has logged the page name already.
            raise PortalError(
                f"the site could not be built: {type(error).__name__}: {error}"
            ) from None


MKDOCS = MkDocsRenderer()
