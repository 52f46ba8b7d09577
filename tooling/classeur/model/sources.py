"""Document sources: the repositories that hold documents, and who can read them.

Whoever can read a repository reads every document in it and its history, so
a document must only be kept where all the repository's readers may read it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.policy import Policy, Source
from classeur.model.records import Document, Organisation

DEFAULT_FOLDER = "procedures"


@dataclass(frozen=True)
class PresentSource:
    """A declared source found on disk; `source` is None when no sources.yml loaded."""

    folder: str  # root-relative, `/` separators, may start with `../` for a sibling
    source: Source | None


def locate_sources(root: Path, policy: Policy) -> tuple[list[PresentSource], list[Finding]]:
    """The sources present on disk, and a notice for each declared one that is absent."""
    if not policy.is_loaded("sources.yml"):
        return [PresentSource(DEFAULT_FOLDER, None)], []
    where = policy.located["sources.yml"]
    present: list[PresentSource] = []
    findings: list[Finding] = []
    for index, source in enumerate(policy.sources):
        folder = posixpath.normpath(source.path.replace("\\", "/"))
        line = where.line(("sources", index, "path"))
        directory = root / folder
        if not directory.is_dir() or not any(directory.iterdir()):
            findings.append(_missing(where.path, line, source, folder))
            continue
        if source.kind == "submodule" and not (directory / ".git").exists():
            findings.append(_not_separate(where.path, line, source, folder))
        present.append(PresentSource(folder, source))
    return present, findings


def _missing(path: str, line: int, source: Source, folder: str) -> Finding:
    if source.kind == "submodule":
        message = _(
            'source "{source}" ({folder}) is not here, so its documents were not checked; run '
            "`git submodule update --init` if you may read it."
        )
    elif source.kind == "sibling":
        message = _(
            'source "{source}" ({folder}) is not here, so its documents were not checked; check '
            "out its repository at {folder} if you may read it."
        )
    else:
        message = _(
            'source "{source}" ({folder}) is not here, so its documents were not checked; create '
            "the folder or fix `path`."
        )
    return Finding(
        path,
        line,
        "source-missing",
        message.format(source=source.id, folder=folder),
        Severity.NOTICE,
    )


def _not_separate(path: str, line: int, source: Source, folder: str) -> Finding:
    return Finding(
        path,
        line,
        "source-not-separate",
        _(
            'source "{source}" is declared as a submodule, but {folder} is a plain folder of this '
            "repository: every reader of this repository reads it. Make it a real submodule "
            "(`git submodule add URL {folder}`) or declare it `kind: repository`."
        ).format(source=source.id, folder=folder),
    )


def source_of(document: Document, sources: Sequence[PresentSource]) -> PresentSource | None:
    """The deepest source whose folder holds the document."""
    path = str(document.path)
    holding = [s for s in sources if path.startswith(s.folder.rstrip("/") + "/")]
    return max(holding, key=lambda s: len(s.folder), default=None)


def edit_address(path: str, policy: Policy, organisation: Organisation) -> str | None:
    """The forge page where readers of `organisation` may propose a change to the document
    at `path` (root-relative): None when its source declares no `edit_url`, or when they
    may not read that repository (a link they cannot follow would only name it)."""
    holding = [s for s in policy.sources if path.startswith(_folder(s) + "/")]
    source = max(holding, key=lambda s: len(_folder(s)), default=None)
    if source is None or source.edit_url is None or organisation not in source.readers:
        return None
    # A `repository` source is a folder of this repository; the others are repositories.
    inside = path if source.kind == "repository" else path[len(_folder(source)) + 1 :]
    return source.edit_url.replace("{path}", quote(inside, safe="/"))


def _folder(source: Source) -> str:
    return posixpath.normpath(source.path.replace("\\", "/"))
