"""Where imported files land: safe names under procedures/<function>/, never an existing
file, never the same name twice."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import PurePosixPath

from classeur.binder.scaffold import slugify

INDEX_NAMES = frozenset({"readme", "index"})


def page_target(base: PurePosixPath, page: PurePosixPath) -> PurePosixPath:
    """A folder source's page -> its place under `base`: folders and names slugified,
    README.md and index.md as the folder's index.md (what a folder link opens)."""
    folders = [slugify(part) for part in page.parent.parts]
    stem = page.stem
    name = "index" if stem.lower() in INDEX_NAMES else slugify(stem)
    return base.joinpath(*folders, f"{name}.md")


def attachment_name(original: str) -> str:
    """A safe file name for an attachment: slugified stem, lower-case suffix."""
    stem, suffix = posixpath.splitext(posixpath.basename(original))
    suffix = "".join(c for c in suffix.lower() if c.isascii() and (c.isalnum() or c == "."))
    return f"{slugify(stem)}{suffix}"


def free_path(wanted: PurePosixPath, taken: Callable[[PurePosixPath], bool]) -> PurePosixPath:
    """`wanted`, or `name-2.ext`, `name-3.ext`… : the first that `taken` refuses."""
    candidate = wanted
    number = 2
    while taken(candidate):
        candidate = wanted.with_name(f"{wanted.stem}-{number}{wanted.suffix}")
        number += 1
    return candidate


def relative_link(target: PurePosixPath, from_document: PurePosixPath) -> str:
    """The relative link from a document to another file of the binder."""
    return posixpath.relpath(str(target), str(from_document.parent))
