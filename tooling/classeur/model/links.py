"""Find and rewrite the relative links of a Markdown body, outside code."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote

from classeur.model.records import Link

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_INLINE = re.compile(r"(!?)\[([^\]]*)\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*(<[^>]*>|\S+)")  # [^1]: is a footnote
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class LinkFate(enum.Enum):
    """What becomes of a link in a published page."""

    KEEP = "keep"
    UNLINK = "unlink"  # the target is not on this site: keep the words, drop the link
    REDACT = "redact"  # the reader may not know of the target: drop the words too


REDACTED = "*(document non accessible)*"
Decision = Callable[[str], LinkFate]  # given a link's file target


def find_links(body: str, *, first_line: int = 1) -> tuple[Link, ...]:
    """Relative link targets (no URL, no bare `#anchor`), outside code, in order."""
    if "](" not in body and "]:" not in body:
        return ()  # most bodies: skip the line loop entirely
    links: list[Link] = []
    for offset, line in _prose_lines(body.split("\n")):
        text = _CODE_SPAN.sub("", line)
        targets = [m.group(3) for m in _INLINE.finditer(text)]
        targets += [m.group(1) for m in _REFERENCE.finditer(text)]
        for target in targets:
            relative = relative_target(target)
            if relative:
                links.append(Link(relative, first_line + offset))
    return tuple(links)


def rewrite_links(body: str, decide: Decision) -> str:
    """Rewrite the relative links `decide` does not keep; reference definitions to such
    targets are removed (their titles go with them)."""
    lines = body.split("\n")
    for index, line in _prose_lines(lines):
        definition = _REFERENCE.match(line)
        if definition:
            target = relative_target(definition.group(1))
            if target and decide(target) is not LinkFate.KEEP:
                lines[index] = ""
            continue
        lines[index] = "".join(
            segment if is_code else _INLINE.sub(lambda m: _replace(m, decide), segment)
            for is_code, segment in _segments(line)
        )
    return "\n".join(lines)


def relative_target(target: str) -> str:
    """The file part of a relative link, or "" for URLs, anchors and empty links."""
    target = target.strip("<>")
    if not target or target.startswith(("#", "//")) or _SCHEME.match(target):
        return ""
    return unquote(target.split("#", 1)[0].split("?", 1)[0])


def _replace(match: re.Match[str], decide: Decision) -> str:
    target = relative_target(match.group(3))
    fate = decide(target) if target else LinkFate.KEEP
    if fate is LinkFate.UNLINK:
        return match.group(2)
    return REDACTED if fate is LinkFate.REDACT else match.group(0)


def _prose_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(index, line) of the lines outside fenced code blocks."""
    fence = ""
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if opener and (not fence or opener.group(1).startswith(fence)):
            fence = "" if fence else opener.group(1)[0] * 3
            continue
        if not fence:
            yield index, line


def _segments(line: str) -> Iterator[tuple[bool, str]]:
    """The line cut into (is_code, text) pieces around inline code spans."""
    position = 0
    for span in _CODE_SPAN.finditer(line):
        yield False, line[position : span.start()]
        yield True, span.group(0)
        position = span.end()
    yield False, line[position:]
