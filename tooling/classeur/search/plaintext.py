"""A document body as a reader reads it, for snippets: Markdown syntax taken out."""

from __future__ import annotations

import re

# Diagrams and code say nothing a snippet should quote; a table row reads as its cells.
_FENCED = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_ADMONITION = re.compile(r'^\s*(?:!!!|\?\?\?\+?)\s*\w+(?:\s+"([^"]*)")?\s*$', re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>\n]+>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_QUOTE = re.compile(r"^\s*>\s?", re.MULTILINE)
_ROW = re.compile(r"^\s*\|(.*?)\|?\s*$", re.MULTILINE)
_PIPE = re.compile(r"\s*\|\s*")


def plain_text(markdown: str) -> str:
    """The words of `markdown` without its syntax, on one line."""
    text = _FENCED.sub(" ", markdown)
    text = _ADMONITION.sub(lambda m: f"{m.group(1) or ''} :", text)
    text = _TABLE_RULE.sub(" ", text)
    text = _ROW.sub(r"\1 |", text)  # rows apart as cells are
    for pattern in (_HEADING, _LIST_MARK, _QUOTE):
        text = pattern.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = _PIPE.sub(" · ", text)
    return " ".join(text.split()).strip(" ·")
