"""The core's HTML blocks, kept out of Python-Markdown's HTML parser.

Staging writes each page's banners, panel, related documents and history as
raw HTML blocks (`<section data-search-exclude>`): they need no conversion,
yet Python-Markdown's raw-HTML parser reads them tag by tag, a third of the
conversion time of a short document. Under the plugin, each block is swapped
for a short placeholder before the conversion and put back once Material's
search has read the page (it excludes them anyway, but parsing them took half
its time); a renderer without the plugin converts them as they are, to the
same HTML and the same search index (tests/site/test_slots.py). Pages whose
blocks differ between audiences then share one conversion of their body too.
"""

from __future__ import annotations

import re

_BLOCK = re.compile(r"^<section data-search-exclude>\n.*?</section>$", re.MULTILINE | re.DOTALL)


class Slots:
    """The blocks taken out of each page, by page, until its HTML comes back."""

    def __init__(self, nonce: str) -> None:
        self._nonce = nonce
        self._blocks: dict[str, list[str]] = {}

    def take(self, page: str, markdown: str) -> str:
        """The Markdown with each block replaced by a placeholder (kept for `restore`)."""
        if "<section data-search-exclude>" not in markdown:
            return markdown
        blocks: list[str] = []

        def placeholder(match: re.Match[str]) -> str:
            blocks.append(match[0])
            return self._placeholder(len(blocks) - 1)

        taken = _BLOCK.sub(placeholder, markdown)
        self._blocks[page] = blocks
        return taken

    def restore(self, page: str, html: str) -> str:
        """The HTML with the page's blocks back in their placeholders' places."""
        blocks = self._blocks.pop(page, None)
        if not blocks:
            return html
        for index, block in enumerate(blocks):
            html = html.replace(self._placeholder(index), block, 1)
        return html

    def _placeholder(self, index: int) -> str:
        return f'<div data-classeur-slot="{self._nonce}-{index}"></div>'
