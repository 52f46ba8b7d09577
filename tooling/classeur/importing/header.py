"""The header of an imported page: what the source's own front matter holds, the title
taken from the first heading, and the draft header Classeur writes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import yaml

from classeur.common.i18n import _
from classeur.importing.report import Note
from classeur.model.fences import code_lines
from classeur.model.findings import Severity
from classeur.model.policy import Function
from classeur.model.schema import Frontmatter, unsafe_characters

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# Fields other tools write that Classeur reads: title (MkDocs), description (GitBook, MkDocs).
_READ = frozenset({"title", "description", "hidden"})


@dataclass(frozen=True)
class SourceHeader:
    """What a source page's front matter says, and where its body starts."""

    title: str | None
    description: str | None
    body: str
    first_line: int  # file line of the body's first line
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class DraftHeader:
    """The fields of an imported document's header."""

    id: str
    title: str
    function: Function
    access: tuple[str, ...]
    last_reviewed: date
    review_every: str | None
    description: str | None


def split_source(text: str) -> SourceHeader:
    """The source's front matter (GitBook, MkDocs) read, unknown fields reported."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return SourceHeader(None, None, text, 1, ())
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return SourceHeader(None, None, text, 1, ())
    try:
        fields = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError:
        fields = None
    body = "\n".join(lines[end + 1 :])
    if not isinstance(fields, dict):
        note = Note(1, "unreadable-front-matter", _("the front matter is not a YAML mapping; "
                    "it was left out. Copy what it says into the body if it matters."),
                    Severity.WARNING)  # fmt: skip
        return SourceHeader(None, None, body, end + 2, (note,))
    return SourceHeader(
        _text(fields.get("title")),
        _text(fields.get("description")),
        body,
        end + 2,
        tuple(_field_notes(fields, lines[1:end])),
    )


def _text(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _field_notes(fields: dict[object, object], lines: list[str]) -> list[Note]:
    notes = []
    if fields.get("hidden") is True:
        notes.append(
            Note(
                _line_of("hidden", lines),
                "hidden-page",
                _(
                    "the page is hidden in GitBook (`hidden: true`); it is imported as a draft, "
                    "which no site publishes until its status is changed."
                ),
            )
        )
    dropped = [str(key) for key in fields if str(key) not in _READ]
    for key in dropped:
        notes.append(
            Note(
                _line_of(key, lines),
                "unknown-field",
                _("`{field}` is not a Classeur field; it was left out of the header.").format(
                    field=key
                ),
            )
        )
    if "description" in fields and not _description_supported():
        notes.append(
            Note(
                _line_of("description", lines),
                "unknown-field",
                _("`description` is not a Classeur field yet; it was left out of the header."),
            )
        )
    return notes


def _line_of(key: str, lines: list[str]) -> int:
    prefix = f"{key}:"
    return next((i + 2 for i, line in enumerate(lines) if line.startswith(prefix)), 1)


def _description_supported() -> bool:
    return "description" in Frontmatter.model_fields


def take_title(body: str, known: str | None = None) -> tuple[str | None, str]:
    """The text of the level-1 heading that opens the body, and the body without it.

    The sample's documents never repeat their title as a heading: the site prints it.
    With a `known` title (from the front matter), the heading goes only if it repeats it.
    """
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or code_lines(lines)[first]:
        return None, body
    match = _HEADING.match(lines[first])
    if match is None or len(match.group(1)) != 1 or not match.group(2).strip():
        return None, body
    title = re.sub(r"[*_`]+", "", match.group(2)).strip()
    if known is not None and title != known:
        return None, body
    return title, "\n".join(lines[:first] + lines[first + 1 :])


def shift_headings(body: str) -> str:
    """Every heading one level down when a level-1 heading is left: the page's only
    level-1 heading is the title the site prints."""
    lines = body.split("\n")
    code = code_lines(lines)
    headings = [i for i, line in enumerate(lines) if not code[i] and _HEADING.match(line)]
    if not any(_HEADING.match(lines[i]).group(1) == "#" for i in headings):  # type: ignore[union-attr]
        return body
    for index in headings:
        if not lines[index].lstrip().startswith("######"):
            lines[index] = lines[index].replace("#", "##", 1)
    return "\n".join(lines)


def plain_title(title: str) -> str:
    """A title the header accepts: one line, no markup characters the site would read."""
    unsafe = set(unsafe_characters(title))
    kept = "".join(" " if char in unsafe else char for char in title)
    cleaned = " ".join(kept.replace("<", "‹").replace(">", "›").split())
    return cleaned[:200].rstrip() or "Document importé"


def title_from_name(name: str) -> str:
    """`création-fiche_v2` -> `Création fiche v2`: a title from a file or folder name."""
    words = " ".join(name.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]


def render_header(header: DraftHeader) -> str:
    """The draft header, in the order and shape `classeur new` writes."""
    function = header.function
    lines = [
        "---",
        f"id: {header.id}",
        f"title: {json.dumps(header.title, ensure_ascii=False)}",
        "type: procedure",
        f"function: {function.id}",
        f"owners: [{function.owner}]",
        "maintainers: []",
        "status: draft",
        f"access: [{', '.join(header.access)}]",
        f"last_reviewed: {header.last_reviewed.isoformat()}",
    ]
    if header.review_every is not None:
        lines.append(f"review_every: {header.review_every}")
    if header.description is not None and _description_supported():
        lines.append(f"description: {json.dumps(header.description, ensure_ascii=False)}")
    return "\n".join([*lines, "---", ""])
