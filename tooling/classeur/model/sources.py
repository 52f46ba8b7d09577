"""Document sources: the repositories that hold documents, and who can read them.

Whoever can read a repository reads every document in it and its history, so
a document must only be kept where all the repository's readers may read it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.policy import Policy, Source
from classeur.model.records import Document

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
