"""The part of each rendered page that comes from the binder, marked for the
post-build pass.

Staging wraps every page's content (panel, banners, body, history) between two
empty elements that carry a nonce drawn for this build; a renderer passes raw
HTML blocks through, so the markers reach the output around whatever the
renderer made of the content. The nonce is never in any source, so a hostile
document cannot forge a marker to push its own HTML outside the region that
the post-build pass sanitises.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass


def new_nonce() -> str:
    """A fresh marker nonce: one per build, shared by its audiences."""
    return secrets.token_hex(12)


@dataclass(frozen=True)
class Markers:
    """The begin and end markers of one build."""

    nonce: str

    @property
    def begin(self) -> str:
        """The element that opens a region."""
        return f'<div data-classeur-region="{self.nonce}"></div>'

    @property
    def end(self) -> str:
        """The element that closes a region."""
        return f'<div data-classeur-region="/{self.nonce}"></div>'

    def wrap(self, markdown: str) -> str:
        """`markdown` between the markers, each a raw HTML block of its own."""
        return f"{self.begin}\n\n{markdown}\n\n{self.end}\n"

    def split(self, html: str) -> list[tuple[bool, str]] | None:
        """The page cut into (is_region, text) pieces; None when markers do not pair up."""
        pieces: list[tuple[bool, str]] = []
        position = 0
        while True:
            start = html.find(self.begin, position)
            if start < 0:
                break
            stop = html.find(self.end, start)
            if stop < 0 or html.find(self.begin, start + 1, stop) >= 0:
                return None
            pieces.append((False, html[position:start]))
            pieces.append((True, html[start + len(self.begin) : stop]))
            position = stop + len(self.end)
        if html.find(self.end, position) >= 0:
            return None
        pieces.append((False, html[position:]))
        return pieces
