"""Walk the sources' folders: read every document, note every other file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from classeur.common.fileio import file_size
from classeur.common.forked import shared
from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.frontmatter import parse_document
from classeur.model.records import Document
from classeur.model.schema import character_kind, describe_character

# Below this many documents a second process costs more than it saves.
PARALLEL_THRESHOLD = 400
Parsed = tuple[Document | None, list[Finding]]
# What a caller makes of each document as soon as it is parsed, in the same process.
AfterParse = Callable[[Document], object]
_Read = tuple[Document | None, list[Finding], object]

SITE_SOURCE = "site_src"  # the site's own pages, theme overrides and assets
# Names become URLs, HTML attributes and command-line arguments.
_MARKUP = frozenset("<>\"'`&")
# Hidden folders that are a tool's, not an author's: no notice for them.
_TOOL_FOLDERS = frozenset({".git"})


@dataclass(frozen=True)
class Corpus:
    """The documents that parsed, every file seen, and the findings of reading them."""

    documents: tuple[Document, ...]
    files: frozenset[str]  # root-relative paths of every regular file, documents included
    findings: tuple[Finding, ...]
    after: Mapping[str, object] = field(default_factory=dict)  # path -> what `then` made


def load_corpus(
    root: Path,
    folders: Sequence[str],
    *,
    parallel: bool = True,
    keep_bodies: bool = False,
    then: AfterParse | None = None,
) -> Corpus:
    """Read every `*.md` file under `folders` (root-relative); never follow symlinks.

    Large binders are parsed on every core unless `parallel` is False. `keep_bodies`
    keeps each document's Markdown body (for building the site). `then` is called
    on each document where it was parsed, sharing the cores too: what it returns
    is kept in `after`, by path.
    """
    findings: list[Finding] = []
    files: set[str] = set()
    for relative, entry in _walk(root, folders):
        if entry.is_dir(follow_symlinks=False):
            findings.append(_hidden_folder(relative))
        elif entry.is_symlink():
            findings.append(_symlink(relative))
        elif not entry.is_file(follow_symlinks=False):
            findings.append(_special(relative))
        else:
            files.add(relative)
            if not relative.endswith(".md") and (unsafe := check_file_name(relative)):
                findings.append(unsafe)
    markdown = sorted(path for path in files if path.endswith(".md"))
    documents: list[Document] = []
    after: dict[str, object] = {}
    for document, problems, made in _parse_all(str(root), markdown, parallel, keep_bodies, then):
        findings += problems
        if document is not None:
            documents.append(document)
            if then is not None:
                after[str(document.path)] = made
    # A folder with an unsafe name is reported once, not once per file in it.
    return Corpus(tuple(documents), frozenset(files), tuple(dict.fromkeys(findings)), after)


def check_site_source(root: Path, folder: str) -> list[Finding]:
    """The site's own pages are published too: refuse links and special files there."""
    findings = []
    for relative, entry in _walk(root, [folder] if (root / folder).is_dir() else []):
        if entry.is_dir(follow_symlinks=False):
            continue  # the site's own hidden folders are MkDocs' business
        if entry.is_symlink():
            findings.append(_symlink(relative))
        elif not entry.is_file(follow_symlinks=False):
            findings.append(_special(relative))
    return findings


def _parse_all(
    root: str, relatives: list[str], parallel: bool, keep: bool, then: AfterParse | None
) -> list[_Read]:
    def run(chosen: Sequence[str]) -> list[_Read]:
        return [_parse_one(root, relative, keep, then) for relative in chosen]

    if not parallel:
        return run(relatives)
    # This process parses a part too: the documents a helper parses come back pickled,
    # and reading 5,000 of them back costs 0.23 s (bench/bench_check.py, sample corpus).
    return shared(
        relatives, run, lambda relative: file_size(root, relative), at_least=PARALLEL_THRESHOLD
    )


def _parse_one(root: str, relative: str, keep: bool, then: AfterParse | None) -> _Read:
    document, findings = read_document(root, relative, keep)
    return document, findings, then(document) if then is not None and document else None


def read_document(root: str, relative: str, keep: bool = False) -> Parsed:
    """Read and parse one document file (root-relative); never raises on bad content.

    A file whose name `check_file_name` refuses is not read: it never becomes a document.
    """
    unsafe = check_file_name(relative)
    if unsafe is not None:
        return None, [unsafe]
    try:
        # os.path and open() rather than Path: this runs once per document (bench/).
        with open(os.path.join(root, relative), "rb") as stream:  # noqa: PTH118, PTH123
            raw = stream.read()
    except OSError as error:
        reason = error.strerror or str(error)
        message = _("cannot read it: {reason}.").format(reason=reason)
        return None, [Finding(relative, 0, "unreadable-file", message)]
    return parse_document(PurePosixPath(relative), raw, keep_body=keep)


def check_file_name(relative: str) -> Finding | None:
    """`unsafe-file-name` at the first folder or file name of `relative` that is unsafe."""
    parts = relative.split("/")
    for index, name in enumerate(parts):
        # isprintable() is False for every character refused but markup: the common case is fast.
        if name.startswith("-") or not name.isprintable() or not _MARKUP.isdisjoint(name):
            finding = _unsafe_name("/".join(parts[: index + 1]), name)
            if finding is not None:
                return finding
    return None


def _unsafe_name(path: str, name: str) -> Finding | None:
    kinds = {char: "markup" if char in _MARKUP else character_kind(char) for char in name}
    bad = [char for char, kind in kinds.items() if kind]
    problems = [_('starts with "-", which commands read as an option')] if name[:1] == "-" else []
    if bad:
        named = ", ".join(describe_character(c, kinds[c]) for c in bad)
        problems.append(_("contains {characters}").format(characters=named))
    if not problems:
        return None  # a space other than U+0020, such as a no-break space: allowed
    fixed = "".join(char for char in name if char not in bad).lstrip("-")
    rename = (
        _('Rename it to "{name}".').format(name=fixed)
        if fixed and not fixed.startswith(".")
        else _("Rename it with letters, digits and hyphens.")
    )
    # A name that is not UTF-8 cannot be printed as it is: show its bytes replaced.
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    what = _("the name {problems}.").format(problems=_(", and ").join(problems))
    return Finding(shown, 0, "unsafe-file-name", f"{what} {rename}")


def _walk(root: Path, folders: Sequence[str]) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Regular files and symlinks under each folder, once each, hidden entries skipped.

    A hidden folder (but a tool's, such as `.git`) is yielded itself, not walked, so
    that its caller can say its files are left out.
    """
    seen: set[str] = set()
    stack = list(folders)
    while stack:
        folder = stack.pop()
        if folder in seen:
            continue
        seen.add(folder)
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            continue  # a vanished folder: the source check reports absent sources
        for entry in entries:
            relative = f"{folder}/{entry.name}"
            if entry.name.startswith("."):
                # .git of a submodule, editors' swap files: skipped; an author's hidden
                # folder (GitBook's .gitbook/, an .adrs/ of notes) is named to the caller.
                if entry.name not in _TOOL_FOLDERS and entry.is_dir(follow_symlinks=False):
                    yield relative, entry
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(relative)
            else:
                yield relative, entry


def _hidden_folder(relative: str) -> Finding:
    name = relative.rsplit("/", 1)[-1]
    message = _(
        'the folder "{name}" starts with ".", so its files are not part of the binder: '
        "they are neither checked nor published. Rename it without the dot to include them, "
        "or move it out of the sources."
    ).format(name=name)
    return Finding(relative, 0, "hidden-folder", message, Severity.NOTICE)


def _symlink(relative: str) -> Finding:
    return Finding(
        relative,
        0,
        "symlink",
        _(
            "symbolic links are refused: one could publish a file from outside the binder. "
            "Replace it with a copy of the file."
        ),
    )


def _special(relative: str) -> Finding:
    return Finding(
        relative,
        0,
        "not-a-regular-file",
        _("only regular files belong in the binder. Remove it."),
    )
