"""Word (.docx) and OpenDocument (.odt) files into Markdown and their images, by pandoc.

pandoc (shipped by pypandoc-binary) reads both formats with one reader of each: tables
become pipe tables, numbered lists keep their numbers and nesting, headings become ATX
headings, and images are extracted. Raw HTML is switched off in the output, so the
styles Word puts on spans never reach the page as markup.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.importing.report import Note
from classeur.importing.sources import Kind

_READERS = {Kind.WORD: "docx", Kind.OPENDOCUMENT: "odt"}
# GitHub-flavoured Markdown: pipe tables, ATX headings; no raw HTML, no smart quotes.
_WRITER = "gfm-raw_html"
MEDIA_FOLDER = "media"
_WARNING = re.compile(r"^\[WARNING\]\s*(.*)$")


@dataclass(frozen=True)
class Converted:
    """The Markdown pandoc made (YAML title block included) and what it warned about."""

    markdown: str
    notes: tuple[Note, ...]


def convert_word(path: Path, kind: Kind, workdir: Path) -> Converted:
    """Convert `path`; images land under `workdir`/media, linked from the Markdown."""
    command = [
        _pandoc(),
        "--from",
        _READERS[kind],
        "--to",
        _WRITER,
        "--standalone",  # the document's title (Word's Title style) as a YAML block
        "--wrap=none",
        f"--extract-media={MEDIA_FOLDER}",
        str(path.resolve()),
    ]
    done = subprocess.run(  # the pandoc pypandoc ships, fixed arguments
        command, cwd=workdir, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"
        raise ConversionFailed(
            _(
                "pandoc could not read it ({reason}). Open it in Word or LibreOffice, save it "
                "again as .docx or .odt, and import it again."
            ).format(reason=reason)
        )
    notes = tuple(
        Note(0, "conversion-warning", _("pandoc: {warning}").format(warning=m.group(1)))
        for line in done.stderr.splitlines()
        if (m := _WARNING.match(line.strip()))
    )
    return Converted(done.stdout, notes)


class ConversionFailed(Exception):
    """A file pandoc could not read: that source is refused, the others go on."""


def _pandoc() -> str:
    try:
        import pypandoc  # type: ignore[import-untyped]  # imported late: only Word and OpenDocument sources need it
    except ImportError:  # pragma: no cover - a dependency of the package
        raise PortalError(
            _(
                "reading Word and OpenDocument files needs pypandoc-binary. Install it with "
                "`pip install pypandoc-binary`."
            )
        ) from None
    return str(pypandoc.get_pandoc_path())
