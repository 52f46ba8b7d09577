"""Find the relative links of a Markdown body, with their line numbers."""

from __future__ import annotations

import re
from urllib.parse import unquote

from classeur.model import Link

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_INLINE = re.compile(r"!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def find_links(body: str, *, first_line: int = 1) -> tuple[Link, ...]:
    """Relative link targets (no URL, no bare `#anchor`), outside code, in order."""
    if "](" not in body and "]:" not in body:
        return ()  # most bodies: skip the line loop entirely
    links: list[Link] = []
    fence = ""
    for offset, line in enumerate(body.split("\n")):
        opener = _FENCE.match(line)
        if opener and (not fence or opener.group(1).startswith(fence)):
            fence = "" if fence else opener.group(1)[0] * 3
            continue
        if fence:
            continue
        text = _CODE_SPAN.sub("", line)
        targets = [m.group(1) for m in _INLINE.finditer(text)]
        targets += [m.group(1) for m in _REFERENCE.finditer(text)]
        for target in targets:
            relative = _relative_target(target)
            if relative:
                links.append(Link(relative, first_line + offset))
    return tuple(links)


def _relative_target(target: str) -> str:
    """The file part of a relative link, or "" for URLs, anchors and empty links."""
    target = target.strip("<>")
    if not target or target.startswith(("#", "//")) or _SCHEME.match(target):
        return ""
    return unquote(target.split("#", 1)[0].split("?", 1)[0])
