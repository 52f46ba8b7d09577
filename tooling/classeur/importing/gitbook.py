"""GitBook's blocks (`{% hint %}`, `{% tabs %}`, `{% file %}`, `{% content-ref %}`,
`{% embed %}`…) turned into the Markdown the site renders, and backslash line breaks
into `<br>`; what has no equivalent is kept visible in a note and reported.

Blocks are converted innermost first: a block whose next tag is its own closing tag
holds no other block. Closing tags are always consumed, never left to attr_list,
which would swallow `{% endhint %}` without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from classeur.common.i18n import _
from classeur.importing.report import Note
from classeur.model.fences import code_lines, fence_for
from classeur.model.findings import Severity
from classeur.model.includes import find_includes

_TAG = re.compile(r"\{%-?\s*([^\n]*?)\s*-?%\}")
_TOKEN = re.compile(r"\x02(\d+)\x03")
_ARGUMENT = re.compile(r"""([A-Za-z][\w-]*)\s*=\s*("[^"]*"|'[^']*'|\S+)""")
_BACKSLASH_END = re.compile(r"(?<!\\)((?:\\\\)*)\\$")
# GitBook hint styles -> Material admonition types and their French titles (the site's words).
_HINTS = {
    "info": ("info", "Information"),
    "success": ("tip", "Conseil"),
    "warning": ("warning", "Attention"),
    "danger": ("danger", "Danger"),
}
_CONTENT_REF = re.compile(
    r"(?P<lead>\{%-?\s*content-ref\s+url=(?P<q>[\"'])(?P<url>[^\"'\n]*)(?P=q)\s*-?%\}[ \t]*\n\s*)"
    r"\[(?P<text>[^\[\]\n]*)\]\("
)
_MAYBE_CLOSED = frozenset({"file", "embed"})
UNCONVERTED_TITLE = "Bloc GitBook non converti"


@dataclass(frozen=True)
class Tag:
    """One `{% … %}` tag of the source."""

    line: int
    raw: str
    name: str  # without `end`
    closing: bool
    arguments: dict[str, str]


def convert_blocks(body: str, first_line: int = 1) -> tuple[str, list[Note]]:
    """`body` with every GitBook tag converted or kept visible, and what to report."""
    text, tags = _tokenize(body, first_line)
    notes: list[Note] = []
    while tags_left := [(m, tags[int(m.group(1))]) for m in _TOKEN.finditer(text)]:
        text = _convert_innermost(text, tags_left) or _set_aside(text, tags_left, notes)
    return text, notes


def retitle_references(body: str, title_of: Callable[[str], str | None]) -> str:
    """A `content-ref`'s link shows the title of the page it leads to, as GitBook's card
    does, rather than the folder or file name GitBook stores in the source."""

    def retitle(match: re.Match[str]) -> str:
        title = title_of(match.group("url"))
        shown = title.replace("[", "\\[").replace("]", "\\]") if title else match.group("text")
        return f"{match.group('lead')}[{shown}]("

    return _CONTENT_REF.sub(retitle, body)


def hard_breaks(body: str) -> str:
    """A line ending in one backslash (CommonMark's hard break, which Python-Markdown
    prints as `\\`) ends in `<br>` instead; a lone backslash line is an empty line."""
    lines = body.split("\n")
    code = code_lines(lines)
    for index, line in enumerate(lines):
        if code[index] or not _BACKSLASH_END.search(line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        kept = line[:-1].rstrip()
        ends_paragraph = not following.strip() or not kept.strip()
        lines[index] = kept if ends_paragraph else kept + "<br>"
    return "\n".join(lines)


def _tokenize(body: str, first_line: int) -> tuple[str, list[Tag]]:
    """Tags outside code replaced by numbered tokens; the tags, by number."""
    tags: list[Tag] = []
    lines = body.split("\n")
    code = code_lines(lines)

    def token(match: re.Match[str], line: int) -> str:
        words = match.group(1).split(None, 1)
        name = words[0].lower() if words else ""
        closing = name.startswith("end")
        arguments = {k: v.strip("\"'") for k, v in _ARGUMENT.findall(match.group(1))}
        tags.append(Tag(line, match.group(0), name[3:] if closing else name, closing, arguments))
        return f"\x02{len(tags) - 1}\x03"

    for index, line in enumerate(lines):
        if not code[index]:
            number = first_line + index
            lines[index] = _TAG.sub(lambda m: token(m, number), line)  # noqa: B023 - used at once
    return "\n".join(lines), tags


def _convert_innermost(text: str, found: list[tuple[re.Match[str], Tag]]) -> str | None:
    """`text` with one innermost known block converted; None when there is none."""
    for index, (match, tag) in enumerate(found):
        convert = _CONVERTERS.get(tag.name)
        if tag.closing or convert is None:
            continue
        following = found[index + 1] if index + 1 < len(found) else None
        if following is not None and following[1].closing and following[1].name == tag.name:
            inner = text[match.end() : following[0].start()]
            return _splice(text, match.start(), following[0].end(), convert(tag, inner))
        if tag.name in _MAYBE_CLOSED and not _closed_later(found[index + 1 :], tag.name):
            return _splice(text, match.start(), match.end(), convert(tag, ""))
    return None


def _set_aside(text: str, found: list[tuple[re.Match[str], Tag]], notes: list[Note]) -> str:
    """Deal with the first tag no conversion takes: a stray closing tag is removed, any
    other is kept visible with what it encloses."""
    index = next((i for i, (_m, t) in enumerate(found) if not _is_pending(t, found[i + 1 :])), 0)
    match, tag = found[index]
    if tag.closing:
        notes.append(
            Note(
                tag.line,
                "stray-closing-tag",
                _("`{tag}` closes no block; it was removed.").format(tag=tag.raw),
            )
        )
        return _splice(text, match.start(), match.end(), "")
    end = next((m for m, t in found[index + 1 :] if t.closing and t.name == tag.name), None)
    stop = end.end() if end is not None else match.end()
    original = _restore(text[match.start() : stop], found)
    notes.append(
        Note(
            tag.line,
            "unconverted-block",
            _(
                '`{tag}` has no equivalent on the site: it is kept as text in a "{title}" '
                "note. Rewrite it by hand, or remove it."
            ).format(tag=_shorten(tag.raw), title=UNCONVERTED_TITLE),
            Severity.WARNING,
        )
    )
    return _splice(text, match.start(), stop, _unconverted(original))


def _is_pending(tag: Tag, after: list[tuple[re.Match[str], Tag]]) -> bool:
    """A known opening tag whose closing tag comes later: it waits for what it holds."""
    return not tag.closing and tag.name in _CONVERTERS and _closed_later(after, tag.name)


def _closed_later(after: list[tuple[re.Match[str], Tag]], name: str) -> bool:
    return any(t.closing and t.name == name for _m, t in after)


def _restore(text: str, found: list[tuple[re.Match[str], Tag]]) -> str:
    tags = {int(m.group(1)): t for m, t in found}
    return _TOKEN.sub(lambda m: tags[int(m.group(1))].raw, text)


def _splice(text: str, start: int, stop: int, replacement: str) -> str:
    return text[:start] + replacement + text[stop:]


def _shorten(raw: str) -> str:
    return raw if len(raw) <= 60 else raw[:57] + "…"


def _unconverted(original: str) -> str:
    shown = "\n".join(_defused(line) for line in original.strip().split("\n"))
    fence = fence_for(shown)
    inner = f"{fence}text\n{shown}\n{fence}"
    return f'\n\n!!! note "{UNCONVERTED_TITLE}"\n\n{_indent(inner)}\n\n'


def _defused(line: str) -> str:
    """An include directive shown as `{ %`: `check` refuses one even in code, because
    another renderer could run it."""
    return line.replace("{%", "{ %") if find_includes(line) else line


def _indent(text: str) -> str:
    lines = text.strip("\n").split("\n")
    return "\n".join("    " + line if line.strip() else "" for line in lines)


def _hint(tag: Tag, inner: str) -> str:
    kind, title = _HINTS.get(tag.arguments.get("style", "info"), _HINTS["info"])
    return f'\n\n!!! {kind} "{title}"\n\n{_indent(inner)}\n\n'


def _tab(tag: Tag, inner: str) -> str:
    title = tag.arguments.get("title", "Onglet").replace('"', "'")
    return f'\n\n=== "{title}"\n\n{_indent(inner)}\n\n'


def _tabs(tag: Tag, inner: str) -> str:
    return f"\n\n{inner.strip()}\n\n"


def _content_ref(tag: Tag, inner: str) -> str:
    url = tag.arguments.get("url", "")
    shown = inner.strip() if "](" in inner else f"[{url}]({url})"
    return f"\n\n{shown}\n\n"


def _embed(tag: Tag, inner: str) -> str:
    url = tag.arguments.get("url", "")
    return f"\n\n[{inner.strip() or url}]({url})\n\n"


def _file(tag: Tag, inner: str) -> str:
    source = tag.arguments.get("src", "")
    name = source.rstrip("/").rsplit("/", 1)[-1]
    return f"\n\n[{inner.strip() or name}]({source})\n\n"


def _code(tag: Tag, inner: str) -> str:
    title = tag.arguments.get("title")
    return f"\n\n**{title}**\n\n{inner.strip()}\n\n" if title else f"\n\n{inner.strip()}\n\n"


_CONVERTERS: dict[str, Callable[[Tag, str], str]] = {
    "hint": _hint,
    "tabs": _tabs,
    "tab": _tab,
    "content-ref": _content_ref,
    "embed": _embed,
    "file": _file,
    "code": _code,
}
