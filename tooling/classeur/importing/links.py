"""Every reference a page makes (Markdown links and images, reference definitions, URL
attributes of raw HTML and of GitBook tags) handed to a resolver that says where it
points once imported; code is never touched."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from classeur.model.fences import code_lines

# A target as written -> the target to write, or None when it leads to no imported file.
Resolve = Callable[[str, int], "str | None"]

_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<target><[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_DEFINITION = re.compile(r"^(?P<lead> {0,3}\[[^\]\n]+\]:[ \t]*)(?P<target><[^<>\n]*>|\S+)")
# GitBook tags that name a file or page: their other tags' arguments are not links
_MARKUP = re.compile(r"<[A-Za-z][^<>]*>|\{%-?\s*(?:file|content-ref|embed)\b[^\n]*?%\}")
_ATTRIBUTE = re.compile(r"""(?P<lead>\b(?:src|href|url)\s*=\s*)(?P<q>["'])(?P<target>.*?)(?P=q)""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def rewrite_links(body: str, first_line: int, resolve: Resolve) -> str:
    """`body` with each target replaced by what `resolve` gives; a Markdown link whose
    target resolves to nothing keeps its words and shows the target as code."""
    lines = body.split("\n")
    code = code_lines(lines)
    for index, line in enumerate(lines):
        if not code[index]:
            lines[index] = _rewrite_line(line, first_line + index, resolve)
    return "\n".join(lines)


def images_without_text(body: str, first_line: int) -> list[int]:
    """The lines holding a Markdown image with no alternative text, outside code."""
    lines = body.split("\n")
    code = code_lines(lines)
    return [
        first_line + index
        for index, line in enumerate(lines)
        if not code[index]
        and any(m.group("bang") and not m.group("text").strip() for m in _INLINE.finditer(line))
    ]


def is_local(target: str) -> bool:
    """Whether a target names a file of the source (not a URL, an anchor or an e-mail)."""
    return bool(target) and not target.startswith(("#", "//")) and not _SCHEME.match(target)


def split_target(target: str) -> tuple[str, str]:
    """The path of a target, decoded, and what follows it (`#anchor`, `?query`)."""
    target = target.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1]
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    return unquote(target[:cut]), target[cut:]


def _rewrite_line(line: str, number: int, resolve: Resolve) -> str:
    def inline(match: re.Match[str]) -> str:
        new = resolve(match.group("target"), number)
        if new is None:
            shown = f"`{match.group('target').strip('<>')}`"
            return f"{match.group('text')} ({shown})" if match.group("text") else shown
        title = match.group("title") or ""
        return f"{match.group('bang')}[{match.group('text')}]({new}{title})"

    def definition(match: re.Match[str]) -> str:
        new = resolve(match.group("target"), number)
        return match.group(0) if new is None else match.group("lead") + new

    def attribute(match: re.Match[str]) -> str:
        new = resolve(match.group("target"), number)
        if new is None:
            return match.group(0)
        return f"{match.group('lead')}{match.group('q')}{new}{match.group('q')}"

    line = _MARKUP.sub(lambda m: _ATTRIBUTE.sub(attribute, m.group(0)), line)
    line = _DEFINITION.sub(definition, line)
    return _INLINE.sub(inline, line)
