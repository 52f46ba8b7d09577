"""What the publishing core asks of a renderer, whichever it is.

The core stages a tree (staging.py), a renderer turns it into HTML, then the
core's post-build pass (postbuild.py) and audit (audit.py) run on the output.
Nothing here knows MkDocs: the site package provides the MkDocs renderer, and
the command line hands it to `build_sites`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from classeur.publish.staging import Staged

Progress = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass(frozen=True)
class Sharing:
    """How one audience's build shares work with helpers and with other audiences.

    `second_core`: forked helpers take half the work; only when that core would
    otherwise be idle. `cache`: a folder where the audiences of one build keep
    the documents' conversions for each other. `filler`: a helper converts the
    pages into that cache last to first, while the renderer and another
    audience go first to last. A renderer may ignore all three.
    """

    second_core: bool = False
    cache: Path | None = None
    filler: bool = False


ALONE = Sharing()  # a build that shares nothing


class Renderer(Protocol):
    """Turns a staged tree into a static site; raises PortalError when it cannot."""

    def render(
        self,
        root: Path,
        staged: Staged,
        out: Path,
        progress: Progress | None = None,
        sharing: Sharing = ALONE,
    ) -> None:
        """Write the site of `staged` into `out` (which does not exist yet)."""
        ...
