"""`restricted-mention`: text that names a document or an attachment some of its
readers may not read — its id, a path, its file name or its stem, as the audit
looks for them (model/needles.py) — at its line.

The audit refuses a site that holds such a name; this rule says so before the
build, in the document's words: a binder `check` passes is not refused by the
audit for what its documents and attachments say. Titles are not needles: the
audit ignores a title a published text says anyway.

`check` does not keep bodies, so each document that could name something its
readers may not read is read again, and searched once, raw and as plain text,
for every needle at once.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from classeur.common.fileio import file_size
from classeur.common.forked import shared
from classeur.common.i18n import _
from classeur.model.attachments import is_attachment_type
from classeur.model.findings import Finding
from classeur.model.frontmatter import BOM
from classeur.model.needles import (
    Needle,
    Needles,
    Subject,
    automaton_of,
    is_public,
    needles_of,
    occurrences,
    plain_text,
    public_names,
    subjects,
)
from classeur.model.records import Document
from classeur.model.textextract import TEXT_SUFFIXES, extract_text
from classeur.rules.registry import Binder, binder_rule

# A line that opens or closes a header, as frontmatter.py reads one.
_CLOSING = re.compile(r"^-{3,}[^\S\n]*$", re.MULTILINE)


@dataclass
class _Search:
    """What every text is searched with, and what each audience sees anyway."""

    automaton: Needles
    found: Sequence[Subject]
    public: dict[str, frozenset[str]] = field(default_factory=dict)

    def public_to(self, audience: str) -> frozenset[str]:
        """The file names and stems `audience` reads anyway (made on the first hit: hits
        are rare)."""
        if audience not in self.public:
            readable = (s.path for s in self.found if audience in s.readers)
            self.public[audience] = public_names(readable)
        return self.public[audience]


@dataclass(frozen=True)
class _Text:
    """A text a reader sees: where it lies, who reads it, what it says from which line."""

    path: str
    kind: str  # "document" or "attachment"
    readers: Sequence[str]
    text: str
    first_line: int  # the file line of the text's first line; 0: a name, not a line
    field: str = ""  # "id", "title", "path": a frontmatter value, not a body
    document: Document | None = None  # the document whose body this is


@binder_rule
def mentions(binder: Binder) -> list[Finding]:
    """`restricted-mention` in every document and attachment that some reader may see."""
    found = subjects(binder.documents, binder.readers, binder.files)
    audiences = tuple(binder.policy.audiences)
    narrow = [s for s in found if not set(audiences) <= s.readers]
    automaton = automaton_of(needle for subject in narrow for needle in needles_of(subject))
    if automaton is None:
        return []
    search = _Search(automaton, found)
    # A reader of every narrow subject is never shown what it may not read.
    everyone = set(audiences).intersection(*(s.readers for s in narrow))
    root = str(binder.root)
    searched = [
        (document, readers)
        for document in binder.documents
        if not set(readers := binder.readers.get(str(document.path), ())) <= everyone
    ]

    def run(chosen: Sequence[tuple[Document, tuple[str, ...]]]) -> list[Finding]:
        return [
            finding
            for document, readers in chosen
            for text in _texts_of(root, document, readers)
            for finding in _judge(text, search)
        ]

    # Reading and searching every body again is most of this rule's time: on every core.
    findings = shared(searched, run, lambda pair: file_size(root, str(pair[0].path)), at_least=400)
    for subject in found:
        if not subject.id and is_attachment_type(subject.path) and subject.readers - everyone:
            attachment = _attachment_text(str(binder.root), subject, audiences)
            findings += _judge(attachment, search) if attachment else []
    return findings


def _texts_of(root: str, document: Document, readers: Sequence[str]) -> Iterator[_Text]:
    """What a reader sees of a document that could name another: its title, then its body.

    Its own id names only itself (ids are unique), and the audit does not take a
    readable page's own URL for a mention of a restricted one: neither is searched.
    """
    path = str(document.path)
    yield _Text(path, "document", readers, document.title, document.line_of("title"), "title")
    body = _body(root, path)
    if body is not None:
        yield _Text(path, "document", readers, body[0], body[1], document=document)


def _body(root: str, path: str) -> tuple[str, int] | None:
    """A document's body as frontmatter.py splits it, and the file line it starts on."""
    raw = _read(root, path)
    try:
        text = raw.decode("utf-8").removeprefix(BOM) if raw is not None else ""
    except UnicodeDecodeError:
        text = ""
    text = text.replace("\r\n", "\n") if "\r" in text else text
    # The document parsed: its first line opens the header, the next such line closes it.
    closing = _CLOSING.search(text, text.find("\n") + 1) if "\n" in text else None
    if closing is None:
        return None  # changed since it was read: the next check reads it again
    return text[closing.end() + 1 :], text.count("\n", 0, closing.end()) + 2


def _attachment_text(root: str, subject: Subject, audiences: Sequence[str]) -> _Text | None:
    raw = _read(root, subject.path)
    if raw is None:
        return None
    # The audit reads bytes: undecodable ones become characters no needle holds. A PDF or
    # an office file is compressed: what its reader reads is the text extracted from it.
    text = raw.decode("utf-8", errors="replace")
    if posixpath.splitext(subject.path)[1].lower() not in TEXT_SUFFIXES:
        text = (extract_text(Path(root) / subject.path) or "") + "\n" + text
    readers = [a for a in audiences if a in subject.readers]
    return _Text(subject.path, "attachment", readers, text, 1)


def _read(root: str, path: str) -> bytes | None:
    try:
        # os.path and open() rather than Path: this runs once per document (bench/).
        with open(os.path.join(root, path), "rb") as stream:  # noqa: PTH118, PTH123
            return stream.read()
    except OSError:
        return None


def _linked(document: Document) -> set[tuple[int, str]]:
    """(line, root-relative target) of each link the document makes."""
    folder = posixpath.dirname(str(document.path))
    return {
        (link.line, posixpath.normpath(posixpath.join(folder, link.target)))
        for link in document.links
    }


def _judge(text: _Text, search: _Search) -> list[Finding]:
    """One finding per line and subject named (by its longest name there), for the readers
    who may not read it."""
    kept: dict[tuple[int, str], tuple[int, Needle, list[str]]] = {}
    linked: set[tuple[int, str]] | None = None
    for line, column, needle in _hits(text, search.automaton):
        key = (line, needle.subject.path)
        if linked is None:
            linked = _linked(text.document) if text.document else set()
        if key in linked:
            continue  # a link to it is already a restricted-link or restricted-attachment
        blind = [
            a
            for a in text.readers
            if a not in needle.subject.readers and not is_public(needle, search.public_to(a))
        ]
        if blind and (key not in kept or len(needle.text) > len(kept[key][1].text)):
            kept[key] = (column, needle, blind)
    return [
        _finding(text, line, column, needle, blind)
        for (line, _subject), (column, needle, blind) in kept.items()
    ]


def _hits(text: _Text, automaton: Needles) -> Iterator[tuple[int, int, Needle]]:
    """Every needle on its boundaries, raw then as plain text: (line, column, needle)."""
    yield from _located(text.text, occurrences(automaton, text.text), text)
    plain = plain_text(text.text) if text.field in ("", "title") else text.text
    if plain != text.text:
        for line, _column, needle in _located(plain, occurrences(automaton, plain), text):
            yield line, 0, needle  # columns of the stripped text are not the file's


def _located(
    form: str, hits: Iterator[tuple[int, Needle]], text: _Text
) -> Iterator[tuple[int, int, Needle]]:
    line, line_start, at = text.first_line, 0, 0
    for start, needle in hits:
        newlines = form.count("\n", at, start)
        if newlines:
            line += newlines
            line_start = form.rindex("\n", at, start) + 1
        at = start
        yield line, 0 if text.field else start - line_start + 1, needle


def _finding(text: _Text, line: int, column: int, needle: Needle, blind: list[str]) -> Finding:
    subject = needle.subject
    named = subject.id or _("the attachment {path}").format(path=subject.path)
    message = _message(text.field, text.kind).format(
        field=_word(text.field),
        named=named,
        what=_word(needle.what),
        text=needle.text,
        blind=", ".join(blind),
    )
    return Finding(text.path, line, "restricted-mention", message, column=column)


def _message(field: str, kind: str) -> str:
    """The sentence for a mention in a header field or a body, of a document or an attachment."""
    if field and kind == "document":
        return _(
            'its {field} names {named} by its {what} "{text}", which {blind} may not read '
            "although they read this document: the site would show it. Remove the mention, or "
            "give both the same readers."
        )
    if kind == "document":
        return _(
            'names {named} by its {what} "{text}", which {blind} may not read although they '
            "read this document: the site would show it. Remove the mention, or give both the "
            "same readers."
        )
    return _(
        'names {named} by its {what} "{text}", which {blind} may not read although they read '
        "this attachment: the site would show it. Remove the mention, or give both the same "
        "readers."
    )


def _word(name: str) -> str:
    """A header field or a kind of name (model/needles.py), in the user's language."""
    words = {
        "id": _("id"),
        "title": _("title"),
        "path": _("path"),
        "file name": _("file name"),
        "stem": _("stem"),
        "canary": _("canary"),
    }
    return words.get(name, name)
