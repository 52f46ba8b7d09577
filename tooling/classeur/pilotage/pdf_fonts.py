"""The printed pack's typeface: DejaVu Sans, found on the system and embedded.

ReportLab's built-in Helvetica covers Latin-1 only: no « ≤ », no narrow no-break
space (French thousands), none of the status symbols ✓ ⚠ ✗. DejaVu Sans has
them all and ships with most Linux systems (Debian: fonts-dejavu-core), so it is
looked for where the distributions install it, then through fontconfig.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.common.i18n import _

REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu-sans-fonts",  # Fedora
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",  # Arch
    "/usr/local/share/fonts",
    "/Library/Fonts",  # macOS, fonts installed for every user
    "~/Library/Fonts",
)


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with ReportLab, once per process."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(TTFont(name, str(_find(name))))
    # <b> in a paragraph picks the bold face.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)


def _find(name: str) -> Path:
    for folder in _FOLDERS:
        candidate = Path(folder).expanduser() / f"{name}.ttf"
        if candidate.is_file():
            return candidate
    found = _fontconfig(name)
    if found is not None:
        return found
    raise PortalError(
        _(
            "the PDF needs the DejaVu Sans font, which was not found (looked in {folders} "
            "and through fontconfig). Install it (Debian, Ubuntu: `apt-get install "
            "fonts-dejavu-core`; Fedora: `dnf install dejavu-sans-fonts`; macOS: `brew "
            "install --cask font-dejavu`), or write --format html and print it from a browser."
        ).format(folders=", ".join(_FOLDERS[:3]))
    )


def _fontconfig(name: str) -> Path | None:
    """The file fontconfig gives for the face, if it is that face (never a substitute)."""
    command = shutil.which("fc-match")
    if command is None:
        return None
    style = "Bold" if name == BOLD else "Book"
    try:
        done = subprocess.run(
            [command, "--format=%{file}", f"DejaVu Sans:style={style}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = Path(done.stdout.strip())
    return path if path.name == f"{name}.ttf" and path.is_file() else None
