"""Document sources: the repositories that hold documents, and who can read them.

Whoever can read a repository reads every document in it and its history, so
a document must only be kept where all the repository's readers may read it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from classeur.model.access import reading_organisations
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
    fix = {
        "submodule": "run `git submodule update --init` if you may read it",
        "sibling": f"check out its repository at {folder} if you may read it",
        "repository": "create the folder or fix `path`",
    }[source.kind]
    return Finding(
        path,
        line,
        "source-missing",
        f'source "{source.id}" ({folder}) is not here, so its documents were not checked; {fix}.',
        Severity.NOTICE,
    )


def _not_separate(path: str, line: int, source: Source, folder: str) -> Finding:
    return Finding(
        path,
        line,
        "source-not-separate",
        f'source "{source.id}" is declared as a submodule, but {folder} is a plain folder of '
        "this repository: every reader of this repository reads it. Make it a real submodule "
        f"(`git submodule add URL {folder}`) or declare it `kind: repository`.",
    )


def source_of(document: Document, sources: Sequence[PresentSource]) -> PresentSource | None:
    """The deepest source whose folder holds the document."""
    path = str(document.path)
    holding = [s for s in sources if path.startswith(s.folder.rstrip("/") + "/")]
    return max(holding, key=lambda s: len(s.folder), default=None)


def check_exposure(
    documents: Sequence[Document],
    readers: Mapping[str, tuple[str, ...]],
    sources: Sequence[PresentSource],
    policy: Policy,
) -> list[Finding]:
    """`repository-exposes-document` for each document kept where a reader may not read it."""
    if not policy.is_loaded("audiences.yml"):
        return []
    return [
        finding
        for document in documents
        for finding in _exposed(document, readers[str(document.path)], sources, policy)
    ]


def _exposed(
    document: Document, audiences: tuple[str, ...], sources: Sequence[PresentSource], policy: Policy
) -> Iterator[Finding]:
    held = source_of(document, sources)
    if not audiences or held is None or held.source is None:
        return
    allowed = reading_organisations(audiences, policy)
    for organisation in held.source.readers:
        if organisation not in allowed:
            yield Finding(
                str(document.path),
                document.line_of("access"),
                "repository-exposes-document",
                f"{organisation.value} audiences may not read this document, but it is kept in "
                f'source "{held.source.id}" ({held.folder}), whose repository the '
                f"{organisation.value} can read with its whole history. "
                f"{_where_to_move(policy, organisation, allowed)}",
            )


def _where_to_move(policy: Policy, blocked: Organisation, allowed: set[Organisation]) -> str:
    safe = [s for s in policy.sources if blocked not in s.readers and set(s.readers) <= allowed]
    if safe:
        return f'Move it to source "{safe[0].id}" ({safe[0].path}).'
    return (
        f"Move it to a repository the {blocked.value} cannot read (declare it in "
        "access_policies/sources.yml, e.g. a company-only submodule)."
    )
