"""Every output of the steering pack, by name (`classeur report --format`).

Each writer is imported only when its format is asked for: the HTML pack loads
pygal, the PDF ReportLab, and `report` starts faster without what it does not write.
"""

from __future__ import annotations

from collections.abc import Callable

from classeur.pilotage.names import Names
from classeur.pilotage.records import SteeringPack


def _text(pack: SteeringPack, names: Names) -> bytes:
    from classeur.pilotage.text_pack import render_text

    return render_text(pack, names).encode("utf-8")


def _json(pack: SteeringPack, names: Names) -> bytes:
    from classeur.pilotage.json_pack import render_json

    return render_json(pack, names).encode("utf-8")


def _markdown(pack: SteeringPack, names: Names) -> bytes:
    from classeur.pilotage.markdown_pack import render_markdown

    return render_markdown(pack, names).encode("utf-8")


def _html(pack: SteeringPack, names: Names) -> bytes:
    from classeur.pilotage.html_pack import render_html

    return render_html(pack, names).encode("utf-8")


def _pdf(pack: SteeringPack, names: Names) -> bytes:
    from classeur.pilotage.pdf import render_pdf

    return render_pdf(pack, names)


_WRITERS: dict[str, Callable[[SteeringPack, Names], bytes]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
    "html": _html,
    "pdf": _pdf,
}
FORMATS = tuple(_WRITERS)
BINARY = frozenset({"pdf"})  # written to a file, never to a terminal


def render_pack(pack: SteeringPack, names: Names, fmt: str) -> bytes:
    """The pack in format `fmt` (one of FORMATS), as the bytes to write."""
    return _WRITERS[fmt](pack, names)
