"""Walk the sources' folders: read every document, note every other file."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from classeur.frontmatter import parse_document
from classeur.model import Document, Finding


@dataclass(frozen=True)
class Corpus:
    """The documents that parsed, every file seen, and the findings of reading them."""

    documents: tuple[Document, ...]
    files: frozenset[str]  # root-relative paths of every regular file, documents included
    findings: tuple[Finding, ...]


def load_corpus(root: Path, folders: Sequence[str]) -> Corpus:
    """Read every `*.md` file under `folders` (root-relative); never follow symlinks."""
    documents: list[Document] = []
    findings: list[Finding] = []
    files: set[str] = set()
    for relative, entry in _walk(root, folders):
        if entry.is_symlink():
            findings.append(_symlink(relative))
            continue
        files.add(relative)
        if relative.endswith(".md"):
            document, problems = _read(PurePosixPath(relative), Path(entry.path))
            findings += problems
            if document is not None:
                documents.append(document)
    return Corpus(tuple(documents), frozenset(files), tuple(findings))


def _read(relative: PurePosixPath, path: Path) -> tuple[Document | None, list[Finding]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [Finding(str(relative), 0, "unreadable-file", f"cannot read it: {reason}.")]
    return parse_document(relative, raw)


def _walk(root: Path, folders: Sequence[str]) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Regular files and symlinks under each folder, once each, hidden entries skipped."""
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
            if entry.name.startswith("."):
                continue  # .git of a submodule, editors' swap files
            relative = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append(relative)
            else:
                yield relative, entry


def _symlink(relative: str) -> Finding:
    return Finding(
        relative,
        0,
        "symlink",
        "symbolic links are refused: one could publish a file from outside the binder. "
        "Replace it with a copy of the file.",
    )
