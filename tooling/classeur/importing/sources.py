"""What a SOURCE of `classeur import` is: a Word or OpenDocument file, or a GitBook or
MkDocs folder, and the pages and files found in a folder without leaving it."""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from classeur.common.errors import PortalError
from classeur.common.i18n import _


class Kind(enum.Enum):
    """The kinds of source `import` reads."""

    WORD = "docx"
    OPENDOCUMENT = "odt"
    GITBOOK = "gitbook"
    MKDOCS = "mkdocs"


@dataclass(frozen=True)
class Source:
    """One SOURCE argument: its kind, the path as given, and the folder its pages live in."""

    kind: Kind
    given: Path
    pages_root: Path  # the file itself for Word and OpenDocument


@dataclass(frozen=True)
class FolderContent:
    """A folder source's pages and files (relative to its pages root), and what was left out."""

    pages: tuple[PurePosixPath, ...]
    files: frozenset[PurePosixPath]  # every regular file, pages included
    hidden: tuple[PurePosixPath, ...]  # hidden folders and files not read
    symlinks: tuple[PurePosixPath, ...]  # never followed


_FILE_KINDS = {".docx": Kind.WORD, ".odt": Kind.OPENDOCUMENT}
# GitBook keeps its uploaded files in .gitbook/assets: the only hidden folder read.
GITBOOK_ASSETS = PurePosixPath(".gitbook/assets")
_NOT_PAGES = frozenset({"SUMMARY.md"})
_CONFIGURATION = frozenset({".gitbook.yaml"})


def identify(path: Path) -> Source:
    """The kind of `path`; raise PortalError when it is missing or of no known kind."""
    if not path.exists() and not path.is_symlink():
        raise PortalError(
            _(
                "{path} does not exist. Name a .docx or .odt file, or a GitBook or MkDocs folder."
            ).format(path=path.as_posix())
        )
    if path.is_symlink():
        raise PortalError(
            _(
                "{path} is a symbolic link, which import never follows. Name the file or folder "
                "it points to."
            ).format(path=path.as_posix())
        )
    if path.is_file() and path.suffix.lower() in _FILE_KINDS:
        return Source(_FILE_KINDS[path.suffix.lower()], path, path)
    if path.is_dir():
        found = _folder_source(path)
        if found is not None:
            return found
    raise PortalError(
        _(
            "{path} is neither a Word (.docx) or OpenDocument (.odt) file nor a GitBook folder "
            "(with SUMMARY.md or .gitbook.yaml) or an MkDocs folder (with mkdocs.yml). Save Word "
            "files as .docx, or name the folder that holds SUMMARY.md or mkdocs.yml."
        ).format(path=path.as_posix())
    )


def _folder_source(path: Path) -> Source | None:
    """A GitBook or MkDocs folder, with the folder its pages live in."""
    if (path / "mkdocs.yml").is_file():
        docs = _setting(path / "mkdocs.yml", "docs_dir") or "docs"
        return Source(Kind.MKDOCS, path, _inside(path, docs))
    if (path / ".gitbook.yaml").is_file():
        root = _setting(path / ".gitbook.yaml", "root") or "."
        return Source(Kind.GITBOOK, path, _inside(path, root))
    if (path / "SUMMARY.md").is_file():
        return Source(Kind.GITBOOK, path, path)
    return None


def _setting(config: Path, key: str) -> str | None:
    """One top-level string of a YAML file, None when absent or unreadable."""
    try:
        # BaseLoader: mkdocs.yml may hold !!python tags that must never run here.
        data = yaml.load(config.read_text("utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def _inside(folder: Path, relative: str) -> Path:
    """`folder/relative`, refused when it leaves `folder` (a hostile configuration)."""
    candidate = (folder / relative).resolve()
    if not candidate.is_relative_to(folder.resolve()) or not candidate.is_dir():
        raise PortalError(
            _(
                "{path}: the pages folder {folder} is missing or outside the source folder. "
                "Fix the configuration file."
            ).format(path=folder.as_posix(), folder=relative)
        )
    return folder / relative


def read_folder(root: Path) -> FolderContent:
    """Every page and file under `root`; hidden entries (but GitBook's assets) and
    symbolic links are listed apart, never read."""
    files: set[PurePosixPath] = set()
    hidden: list[PurePosixPath] = []
    symlinks: list[PurePosixPath] = []
    for relative, entry in _walk(root, PurePosixPath()):
        if entry is None:
            hidden.append(relative)
        elif entry.is_symlink():
            symlinks.append(relative)
        elif entry.is_file(follow_symlinks=False):
            files.add(relative)
    pages = sorted(p for p in files if p.suffix.lower() == ".md" and str(p) not in _NOT_PAGES)
    pages = [p for p in pages if not p.is_relative_to(GITBOOK_ASSETS)]
    return FolderContent(tuple(pages), frozenset(files), tuple(hidden), tuple(symlinks))


def _walk(
    root: Path, folder: PurePosixPath
) -> Iterator[tuple[PurePosixPath, os.DirEntry[str] | None]]:
    """Entries under `folder`, depth first in name order; None for a hidden one skipped."""
    for entry in sorted(os.scandir(root / folder), key=lambda e: e.name):
        relative = folder / entry.name
        if str(relative) in _CONFIGURATION:
            continue  # read by `identify`, not content
        if _is_hidden(relative):
            yield relative, None
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(root, relative)
        else:
            yield relative, entry


def _is_hidden(relative: PurePosixPath) -> bool:
    """A dot entry, or anything under .gitbook/ but its assets and the way to them."""
    if relative.parts[0] == GITBOOK_ASSETS.parts[0]:
        return not (
            relative.is_relative_to(GITBOOK_ASSETS) or GITBOOK_ASSETS.is_relative_to(relative)
        )
    return relative.name.startswith(".")
