"""Every output of the steering pack, by name (`classeur report --format`)."""

from __future__ import annotations

from collections.abc import Callable

from classeur.pilotage.html_pack import render_html
from classeur.pilotage.json_pack import render_json
from classeur.pilotage.markdown_pack import render_markdown
from classeur.pilotage.names import Names
from classeur.pilotage.records import SteeringPack
from classeur.pilotage.text_pack import render_text

_TEXTS: dict[str, Callable[[SteeringPack, Names], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
FORMATS = (*_TEXTS, "pdf")
BINARY = frozenset({"pdf"})  # written to a file, never to a terminal


def render_pack(pack: SteeringPack, names: Names, fmt: str) -> bytes:
    """The pack in format `fmt` (one of FORMATS), as the bytes to write."""
    if fmt == "pdf":
        from classeur.pilotage.pdf import render_pdf  # WeasyPrint loads Pango: only when asked

        return render_pdf(render_html(pack, names))
    return _TEXTS[fmt](pack, names).encode("utf-8")
