"""Every reference a Markdown body makes, and any markup hiding text, found as a
renderer will see them.

A CommonMark parser (pulldown-cmark, through pyromark) finds inline,
reference and autolinks, images and reference definitions, with their exact
places; the raw HTML it reports (blocks and inline) is read for the URL
attributes of `a`, `img`, `source`, `iframe`, `object`, `embed`, `area`,
`link`, `form` and the like; attr_list blocks (`{: href=… }`) are read too.

Where Python-Markdown (the site's renderer) and CommonMark disagree, the
reading that finds more wins: the content of Material's admonitions, details
and content tabs (indented four spaces, Markdown for Python-Markdown, code
for CommonMark) is de-indented before parsing, and Markdown inside raw HTML
blocks, which Python-Markdown prints as text, is still read (its targets
reach the page as text). tests/model/test_links.py measures the agreement
with Python-Markdown's own output.

The same pass notes raw HTML and attr_list that hide text from a reader
(`hidden`, `aria-hidden`, `display: none`, zero sizes, off-screen offsets):
hidden text in a procedure is text a reviewer does not see.
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pyromark

from classeur.model.records import Link, Markup

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Material's blocks whose content is Markdown indented by four spaces.
_BLOCK_OPENER = re.compile(r"^ *(?:!!!|\?\?\?\+?|===)\s", re.MULTILINE)
_BLOCK_LINE = re.compile(r" *(?:!!!|\?\?\?\+?|===)\s")
_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]*)(\s[^<>]*?)?/?>", re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "data", "action", "formaction", "poster", "background",
     "cite", "longdesc", "xlink:href", "manifest", "usemap"}
)  # fmt: skip
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_HIDING_STYLE = re.compile(
    r"display:none|visibility:(?:hidden|collapse)|font-size:0(?![.\d]*[1-9])"
    r"|opacity:0(?![.\d]*[1-9])|(?:max-)?(?:height|width):0(?![.\d]*[1-9])"
    r"|text-indent:-\d{3,}|(?:left|top|right|bottom|margin-left|margin-top):-\d{3,}"
    r"|clip:rect\(0|clip-path:inset\(50%|transform:scale\(0\)"
)


class LinkFate(enum.Enum):
    """What becomes of a link in a published page."""

    KEEP = "keep"
    UNLINK = "unlink"  # the target is not on this site: keep the words, drop the link
    REDACT = "redact"  # the reader may not know of the target: drop the words too


REDACTED = "*(document non accessible)*"
Decision = Callable[[str], LinkFate]  # given a link's file target


@dataclass(frozen=True)
class BodyScan:
    """What one pass over a body found: its references and any hiding markup."""

    links: tuple[Link, ...]
    hidden: tuple[Markup, ...]


def scan_body(body: str, *, first_line: int = 1) -> BodyScan:
    """References (relative targets only) and hiding markup of a body, in order."""
    if "](" not in body and "]:" not in body and "<" not in body and "{" not in body:
        return _NOTHING  # nothing that could be a link or markup: skip the parser
    links, hidden = [], []
    for found in _references(body, first_line):
        if isinstance(found, Markup):
            hidden.append(found)
        elif target := relative_target(found.target):
            links.append(Link(target, found.line, found.column, found.kind))
    return BodyScan(tuple(links), tuple(hidden))


_NOTHING = BodyScan((), ())


_ATTR_BLOCK = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_ID = re.compile(r"""(?:^|\s)(?:#([^\s}]+)|id\s*=\s*("[^"]*"|'[^']*'|[^\s}]+))""")
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.:-]+$")


def find_unsafe_ids(body: str, *, first_line: int = 1) -> tuple[Markup, ...]:
    """attr_list ids (`{: #x }`, `{: id="x" }`) holding anything but letters, digits,
    `_ . : -`: the table of contents prints a heading's id unescaped in the theme's HTML,
    outside what the post-build pass sanitises."""
    if "{" not in body:
        return ()
    found = []
    for block in _ATTR_BLOCK.finditer(body):
        for attribute in _ATTR_ID.finditer(block[1]):
            value = attribute[1] or (attribute[2] or "").strip("\"'")
            if not _SAFE_ID.match(value):
                line_start = body.rfind("\n", 0, block.start()) + 1
                line = first_line + body.count("\n", 0, block.start())
                what = block[0] if len(block[0]) <= 80 else block[0][:79] + "…"
                found.append(Markup(line, block.start() - line_start + 1, what))
                break
    return tuple(found)


def neutralise_unsafe_ids(body: str) -> str:
    """The body with every unsafe attr_list id taken out of its block."""

    def block(match: re.Match[str]) -> str:
        def attribute(found: re.Match[str]) -> str:
            value = found[1] or (found[2] or "").strip("\"'")
            return found[0] if _SAFE_ID.match(value) else " "

        return match[0].replace(match[1], _ATTR_ID.sub(attribute, match[1]))

    return _ATTR_BLOCK.sub(block, body) if "{" in body else body


def find_links(body: str, *, first_line: int = 1) -> tuple[Link, ...]:
    """Relative link targets (no URL, no bare `#anchor`, no fragment), outside code."""
    return scan_body(body, first_line=first_line).links


def relative_target(target: str) -> str:
    """The file part of a relative link, or "" for URLs, anchors and empty links."""
    target = target.strip().strip("<>")
    if not target or target.startswith(("#", "//")) or _SCHEME.match(target):
        return ""
    return unquote(target.split("#", 1)[0].split("?", 1)[0])


def rewrite_links(body: str, decide: Decision) -> str:
    """The body with the Markdown links `decide` does not keep rewritten: unlinked links
    keep their words, redacted ones are replaced by a notice, and definitions of such
    targets go (titles with them). Raw HTML is left to the post-build pass."""
    edits: list[tuple[int, int, str]] = []
    for link in _references(body, 1, spans=True):
        if isinstance(link, Markup):
            continue
        target = relative_target(link.target)
        if not target or link.kind not in _MARKDOWN_KINDS:
            continue
        fate = decide(target)
        if fate is LinkFate.KEEP:
            continue
        start, end = link.span
        if link.kind == "definition":
            edits.append((start, end, ""))
        elif fate is LinkFate.REDACT:
            edits.append((start, end, REDACTED))
        else:  # the words stay, with the links inside them decided too
            edits.append((start, end, rewrite_links(link.text, decide)))
    kept: list[tuple[int, int, str]] = []
    for start, end, text in sorted(edits, key=lambda edit: (edit[0], -edit[1])):
        if kept and start < kept[-1][1]:
            continue  # inside a link already rewritten whole (an image in a link)
        kept.append((start, end, text))
    for start, end, text in reversed(kept):
        body = body[:start] + text + body[end:]
    return body


_MARKDOWN_KINDS = frozenset({"link", "image", "definition"})


class _Positions:
    """Byte offsets of the parsed (de-indented) text mapped back to the body.

    Lines are counted in C (`bytes.count`) when a reference is placed: a body holds
    a few references, and listing every line start cost more (bench/bench_check.py).
    """

    def __init__(self, body: str, parsed: bytes, removed: dict[int, int], first_line: int) -> None:
        self.body, self.parsed, self.removed, self.first_line = body, parsed, removed, first_line
        self._body_starts: list[int] | None = None

    def _line_start(self, offset: int) -> int:
        return self.parsed.rfind(b"\n", 0, offset) + 1

    def _column(self, offset: int) -> int:
        start = self._line_start(offset)
        return len(self.parsed[start:offset].decode("utf-8", "replace"))

    def place(self, offset: int) -> tuple[int, int]:
        """The body's (file line, 1-based column) of a byte offset of the parsed text."""
        index = self.parsed.count(b"\n", 0, offset)
        return self.first_line + index, self._column(offset) + 1 + self.removed.get(index, 0)

    def char_offset(self, offset: int) -> int:
        """The body's character offset of a byte offset of the parsed text."""
        index = self.parsed.count(b"\n", 0, offset)
        if self._body_starts is None:
            starts, position = [], 0
            for line in self.body.split("\n"):
                starts.append(position)
                position += len(line) + 1
            self._body_starts = starts
        return self._body_starts[index] + self.removed.get(index, 0) + self._column(offset)


_LINK_STARTS = ("Link", "Image")


def _references(body: str, first_line: int, *, spans: bool = False) -> Iterator[Link | Markup]:
    """Every reference and hiding markup; `spans`: with each Markdown link's place and words
    (only rewriting needs them, and they cost a character count per link)."""
    text, removed = _deindent_blocks(body)
    parsed = text.encode("utf-8")
    at = _Positions(body, parsed, removed, first_line)
    stack: list[tuple[str, int, int, str]] = []  # open links: kind, start, end, target
    label_end: list[int] = []  # where the words of each open link end so far
    html_block: list[tuple[int, str]] = []
    event: Any
    span: Any
    # Hot loop (hundreds of events a document): one dict lookup per event, no isinstance.
    for event, span in pyromark.events_with_range(text, options=_OPTIONS):
        if event.__class__ is str:  # SoftBreak, HardBreak, Rule
            if label_end:
                label_end[-1] = max(label_end[-1], span["end"])
            continue
        ((name, value),) = event.items()
        if name == "Text":
            if label_end:
                label_end[-1] = max(label_end[-1], span["end"])
            if "=" in value and "{" in value:
                yield from _attr_list_references(at, span["start"], value)
        elif name == "Start":
            if label_end:
                label_end[-1] = max(label_end[-1], span["end"])
            if value.__class__ is dict:
                kind = "Link" if "Link" in value else "Image" if "Image" in value else ""
                if kind and value[kind]["link_type"] != "Email":
                    start = span["start"]
                    stack.append((kind, start, span["end"], value[kind]["dest_url"]))
                    label_end.append(start + (2 if kind == "Image" else 1))
            elif value == "HtmlBlock":
                html_block = []
        elif name == "End":
            if value in _LINK_STARTS and stack:
                kind, left, right, target = stack.pop()
                words = (left + (2 if kind == "Image" else 1), label_end.pop())
                yield _link(at, target, left, right, kind.lower(), words if spans else None)
            elif value == "HtmlBlock" and html_block:
                whole = "".join(piece for _, piece in html_block)
                yield from _html_references(at, html_block[0][0], whole)
                html_block = []
            if label_end:
                label_end[-1] = max(label_end[-1], span["end"])
        elif name == "Html":
            html_block.append((span["start"], value))
        elif name == "InlineHtml":
            if label_end:
                label_end[-1] = max(label_end[-1], span["end"])
            yield from _html_references(at, span["start"], value)
        elif label_end:
            label_end[-1] = max(label_end[-1], span["end"])
    for definition in pyromark.reference_definitions(text, options=_OPTIONS).values():
        left, right = definition["span"]["start"], definition["span"]["end"]
        yield _link(
            at, definition["dest"], left, right, "definition", (left, left) if spans else None
        )


def _link(
    at: _Positions,
    target: str,
    start: int,
    end: int,
    kind: str,
    words: tuple[int, int] | None = None,
) -> Link:
    line, column = at.place(start)
    if words is None:  # found for checking: its place in the body is not needed
        return Link(target, line, column, kind)
    span = (at.char_offset(start), at.char_offset(end))
    said = at.body[at.char_offset(words[0]) : at.char_offset(words[1])]
    return Link(target, line, column, kind, span, said)


def _html_references(at: _Positions, start: int, text: str) -> Iterator[Link | Markup]:
    """URL attributes of the tags in a piece of raw HTML, and tags that hide text."""
    if "=" not in text and "hidden" not in text:
        return  # no attribute value, no boolean `hidden`: nothing to find
    for tag in _TAG.finditer(text):
        if not tag[2]:
            continue
        if (hiding := _hiding(tag[2])) is not None:
            offset = start + len(text[: tag.start()].encode("utf-8"))
            yield _markup(at, offset, f"<{tag[1]} {hiding}>")
        for attribute in _ATTRIBUTE.finditer(tag[2]):
            name, raw = attribute[1].lower(), attribute[2]
            if name not in _URL_ATTRIBUTES or raw is None:
                continue
            value = html.unescape(raw.strip("\"'"))
            offset = start + len(text[: tag.start(2) + attribute.start()].encode("utf-8"))
            targets = [part.split()[0] for part in value.split(",") if part.split()]
            for target in targets if name == "srcset" else [value]:
                yield _link(at, target, offset, offset, "html")


def _attr_list_references(at: _Positions, start: int, text: str) -> Iterator[Link | Markup]:
    """`href=` and `src=` set through attr_list (`{: href="…" }`), and hiding attributes."""
    for block in _ATTR_LIST.finditer(text):
        offset = start + len(text[: block.start()].encode("utf-8"))
        if (hiding := _hiding(block[0].strip("{}:"))) is not None:
            yield _markup(at, offset, f"{{: {hiding} }}")
        for attribute in _ATTRIBUTE.finditer(block[0].strip("{}:")):
            if attribute[1].lower() in _URL_ATTRIBUTES and attribute[2] is not None:
                yield _link(
                    at, html.unescape(attribute[2].strip("\"'")), offset, offset, "attribute"
                )


def _hiding(attributes: str) -> str | None:
    """The attribute that hides an element's text from readers, or None."""
    lowered = attributes.lower()
    if "hidden" not in lowered and "style" not in lowered:
        return None
    for attribute in _ATTRIBUTE.finditer(attributes):
        name, raw = attribute[1].lower(), (attribute[2] or "").strip("\"'")
        if name == "hidden" or (name == "aria-hidden" and raw.lower() == "true"):
            return attribute[0]
        if name == "style" and _HIDING_STYLE.search(re.sub(r"\s+", "", raw.lower())):
            return attribute[0]
    return None


def _markup(at: _Positions, offset: int, what: str) -> Markup:
    line, column = at.place(offset)
    return Markup(line, column, what if len(what) <= 80 else what[:79] + "…")


def _deindent_blocks(body: str) -> tuple[str, dict[int, int]]:
    """The body with the content of Material's indented blocks moved four spaces left
    per level (lines stay where they are), and the spaces taken from each line moved."""
    # Substring tests run in C at memory speed: most bodies have no block to search for.
    if "!!!" not in body and "???" not in body and "===" not in body:
        return body, {}
    first = _BLOCK_OPENER.search(body)
    if first is None:
        return body, {}
    head_end = body.rfind("\n", 0, first.start()) + 1
    head_lines = body.count("\n", 0, head_end)
    lines = body[head_end:].split("\n")
    removed: dict[int, int] = {}  # line index in the body -> spaces removed
    openers: list[int] = []  # the indents of the blocks open at this line
    for index, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        indent = len(line) - len(stripped)
        while openers and indent < openers[-1] + 4:
            openers.pop()
        if openers:
            cut = min(indent, 4 * len(openers))
            line = lines[index] = line[cut:]
            removed[head_lines + index] = cut
        if stripped[0] in "!?=" and _BLOCK_LINE.match(line):
            openers.append(indent)
    return body[:head_end] + "\n".join(lines), removed
