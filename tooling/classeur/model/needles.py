"""What names a document or an attachment, and where a text names it: the needles.

A document is named by its id, its path (in the binder and in the site), its
page URL (`stem/`), its file name and its stem; an attachment by its paths,
file name and stem. Each needle counts only on its boundaries, so that prose
and the URLs of other pages do not match: an id or a path as a whole word, a
file name between separators, a stem only as a path segment (`/stem/`,
`/stem.ext`, `/stem"`, `/stem#`), a page URL only where the URL ends (a
readable folder `X/` holds pages whose URLs start with a restricted `X.md`'s
`X/`). A file name or stem that something the audience reads also has reveals
nothing and is left out (`public_names`).

The audit (publish/audit.py) searches built sites with these needles and `check`
(rules/mentions.py) searches what documents say with the same ones: a binder
that `check` passes is not refused by the audit for what its documents say.
Pure functions, no I/O.
"""

from __future__ import annotations

import enum
import functools
import html
import json
import posixpath
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from classeur.model.attachments import attachment_readers
from classeur.model.records import Document
from classeur.model.wordsearch import WordSearch

_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
# What a path segment is made of (bytes of UTF-8 letters included: the audit reads
# sites as latin-1, so a needle's boundary falls on the same characters either way).
_SEGMENT = _WORD | frozenset("-_.~%+")
_INDEX_NAMES = ("index.md", "README.md")  # pages published as their folder's URL
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # a Markdown backslash escape
# Tags, emphasis and code marks inside a name (`secr**et**.md`): a page's text, as a search
# index holds it, says the name whole. It starts with the mark itself: the fast way for `re`.
_MARKS = re.compile(
    r"[<*`](?<=[\w./~%+-][<*`])(?:(?<=<)[^<>\n]*>|(?<=[*`]))"
    r"(?:<[^<>\n]*>|[*`]+)*(?=[\w./~%+-])"
)
# Underscores that emphasise (`_secret.md_`): any but those between letters or digits.
_UNDERSCORES = re.compile(r"_+(?:(?<![^\W_]_)|(?![^\W_]))")
# Text that every encoding writes as it is.
_PLAIN = re.compile(r"[A-Za-z0-9./_-]*")


class Boundary(enum.Enum):
    """Where a needle must stop for a match to count."""

    WORD = "word"  # not inside a longer word: ids, titles, paths, canaries
    NAME = "name"  # a file name: between separators (`/`, quotes, spaces, brackets, line ends)
    STEM = "stem"  # a path segment: after `/`, before an extension, a quote, `#` or a URL's end
    URL = "url"  # a page URL: where the URL ends, not before a deeper segment


@dataclass(frozen=True)
class Subject:
    """A document or an attachment, and the audiences that may read it."""

    path: str  # root-relative
    readers: frozenset[str]
    id: str = ""  # a document's id; "" for an attachment

    @property
    def label(self) -> str:
        """How messages name it: a document by its id, an attachment by its path."""
        return self.id or self.path


@dataclass(frozen=True)
class Needle:
    """A string that names a subject, and where it must stop to count."""

    text: str
    subject: Subject
    what: str  # "id", "title", "path", "file name", "stem", "canary"
    boundary: Boundary


def subjects(
    documents: Sequence[Document],
    readers: Mapping[str, tuple[str, ...]],
    files: Collection[str],
) -> tuple[Subject, ...]:
    """Every document, and every existing file a document links, with its readers."""
    found = [Subject(str(d.path), frozenset(readers.get(str(d.path), ())), d.id) for d in documents]
    # Only a document linking something other than a document can narrow an attachment.
    linking = [d for d in documents if any(not k.target.endswith(".md") for k in d.links)]
    attached = attachment_readers(linking, readers)
    found += [Subject(path, attached[path]) for path in sorted(attached) if path in files]
    return tuple(found)


def needles_of(subject: Subject) -> tuple[Needle, ...]:
    """What names `subject`, unencoded: id, paths, page URL, file name, stem."""
    path = subject.path
    page = site_path(path)
    name = posixpath.basename(path)
    stem = name[: -len(".md")] if subject.id else posixpath.splitext(name)[0]
    found = [Needle(subject.id, subject, "id", Boundary.WORD)] if subject.id else []
    found += [Needle(text, subject, "path", Boundary.WORD) for text in dict.fromkeys((path, page))]
    if subject.id and name not in _INDEX_NAMES:
        found.append(Needle(page[: -len(".md")] + "/", subject, "path", Boundary.URL))
    found.append(Needle(name, subject, "file name", Boundary.NAME))
    if stem:
        found.append(Needle(stem, subject, "stem", Boundary.STEM))
    return tuple(found)


def site_path(path: str) -> str:
    """Where a binder file lands in a site: a sibling source's `../` is dropped."""
    if not path.startswith("."):
        return path
    return "/".join(part for part in PurePosixPath(path).parts if part not in ("..", "."))


def public_names(paths: Iterable[str]) -> frozenset[str]:
    """File names and stems these files show anyway: every name, each name cut at a dot,
    and the folder of an index page (its URL)."""
    found: set[str] = set()
    for path in paths:
        name = posixpath.basename(path)
        parts = name.split(".")
        found.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
        if name in _INDEX_NAMES or name == "index.html":
            found.add(posixpath.basename(posixpath.dirname(path)))
    return frozenset(found)


def hidden_from(
    found: Iterable[Subject], audience: str, public: Collection[str]
) -> Iterator[Needle]:
    """The needles of every subject `audience` may not read, but for names it sees anyway."""
    for subject in found:
        if audience not in subject.readers:
            yield from (n for n in needles_of(subject) if not is_public(n, public))


def is_public(needle: Needle, public: Collection[str]) -> bool:
    """Whether a file name or stem needle is a name the reader sees anyway."""
    return needle.boundary in (Boundary.NAME, Boundary.STEM) and needle.text in public


def encodings(text: str) -> frozenset[str]:
    """How a page may write `text`: as is, HTML-escaped, JSON-escaped, URL-encoded."""
    if _PLAIN.fullmatch(text):
        return frozenset((text,)) if text else frozenset()
    forms = {text, html.escape(text), html.escape(text, quote=False), quote(text, safe="/")}
    forms |= {json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]}
    forms |= {html.escape(text).replace("&#x27;", "&#39;")}
    return frozenset(form for form in forms if form)


# Each key searched for (a stem's with its `/` first) gives back the needles it writes.
Needles = WordSearch[tuple[Needle, ...]]


def automaton_of(needles: Iterable[Needle], *, latin1: bool = False) -> Needles | None:
    """One search for every encoding of every needle (None: no needle).

    `latin1`: the needles as UTF-8 bytes read as latin-1, to search bytes read so.
    The last few are kept: serve's live preview checks and audits after every
    save with the same needles, and building one for 5,000 documents costs a
    tenth of a second.
    """
    return _automaton(tuple(needles), latin1)


@functools.lru_cache(maxsize=8)
def _automaton(needles: tuple[Needle, ...], latin1: bool) -> Needles | None:
    by_text: dict[str, list[Needle]] = {}
    for needle in needles:
        # A stem counts only after a `/`: searching "/stem" spares checking every word.
        slash = "/" if needle.boundary is Boundary.STEM else ""
        for form in encodings(needle.text):
            key = slash + (form.encode("utf-8").decode("latin-1") if latin1 else form)
            by_text.setdefault(key, []).append(needle)
    if not by_text:
        return None
    return WordSearch({key: tuple(found) for key, found in by_text.items()})


def occurrences(automaton: Needles | None, text: str) -> Iterator[tuple[int, Needle]]:
    """Where `text` holds a needle on its boundaries: (offset, needle), in order."""
    if automaton is None:
        return
    for start, end, found in automaton.find(text):
        for needle in found:
            at = start + 1 if needle.boundary is Boundary.STEM else start  # past the `/`
            if is_bounded(text, at, end - 1, needle.boundary):
                yield at, needle


def is_bounded(text: str, start: int, end: int, boundary: Boundary) -> bool:
    """Whether `text[start:end + 1]` stops where `boundary` asks."""
    before = text[start - 1] if start > 0 else ""
    if boundary is Boundary.WORD:
        after = text[end + 1] if end + 1 < len(text) else ""
        return not (before in _WORD and text[start] in _WORD) and not (
            after in _WORD and text[end] in _WORD
        )
    if boundary is Boundary.STEM:
        return before == "/" and _ends_stem(text, end + 1)
    if _is_segment(before):
        return False
    return _ends_name(text, end + 1) if boundary is Boundary.NAME else _ends_url(text, end + 1)


def _is_segment(char: str) -> bool:
    return char in _SEGMENT or char >= "\x80"


def _char(text: str, at: int) -> str:
    return text[at] if at < len(text) else ""


def _ends_url(text: str, at: int) -> bool:
    """A URL ends here: a quote, `#`, `?`, a space, `<`, `)`, the end, not a segment or `/`."""
    char = _char(text, at)
    return not _is_segment(char) and char != "/"


def _ends_name(text: str, at: int) -> bool:
    # A full stop closing a sentence ends a name; a dot before more name does not.
    char = _char(text, at)
    if char == ".":
        return not _is_segment(_char(text, at + 1))
    return not _is_segment(char)


def _ends_stem(text: str, at: int) -> bool:
    char = _char(text, at)
    if char == ".":
        return True  # an extension: the file's own or its page's
    if char == "/":
        return _ends_url(text, at + 1)  # the page's URL, not a folder of the same name
    return not _is_segment(char)


def plain_text(body: str) -> str:
    """What a reader sees of `body`, line for line: backslash escapes, emphasis and the
    markup inside names removed, entities decoded (a search index holds text so stripped)."""
    text = _ESCAPED.sub(r"\1", body) if "\\" in body else body
    text = _MARKS.sub("", text)
    if "_" in text:
        text = _UNDERSCORES.sub("", text)
    if "&" not in text:
        return text
    return "\n".join(
        html.unescape(line).replace("\n", " ") if "&" in line else line for line in text.split("\n")
    )
