"""Every output of the steering pack, by name (`classeur report --format`).

Each writer is imported only when its format is asked for: the HTML pack loads
pygal, the PDF ReportLab, and `report` starts faster without what it does not write.
"""

from __future__ import annotations

from collections.abc import Callable

from classeur.pilotage.names import Names
from classeur.pilotage.records import SteeringPack


def _writer(fmt: str) -> Callable[[SteeringPack, Names], str | bytes]:
    if fmt == "text":
        from classeur.pilotage.text_pack import render_text

        return render_text
    if fmt == "json":
        from classeur.pilotage.json_pack import render_json

        return render_json
    if fmt == "markdown":
        from classeur.pilotage.markdown_pack import render_markdown

        return render_markdown
    if fmt == "html":
        from classeur.pilotage.html_pack import render_html

        return render_html
    from classeur.pilotage.pdf import render_pdf

    return render_pdf


FORMATS = ("text", "json", "markdown", "html", "pdf")
BINARY = frozenset({"pdf"})  # written to a file, never to a terminal


def render_pack(pack: SteeringPack, names: Names, fmt: str) -> bytes:
    """The pack in format `fmt` (one of FORMATS), as the bytes to write."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")  # click's Choice keeps users from here
    written = _writer(fmt)(pack, names)
    return written.encode("utf-8") if isinstance(written, str) else written
