"""What the gate reads at each side of a pull request, from Git in memory: the
sources, the measurement files and the indicators file."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from classeur.gate.changes import Kind
from classeur.git.revisions import Revisions, Side
from classeur.model.attachments import ATTACHMENT_SUFFIXES
from classeur.model.frontmatter import parse_document
from classeur.model.indicator_policy import INDICATORS_PATH
from classeur.model.indicators import MEASUREMENTS_DIR
from classeur.model.policy import Policy
from classeur.model.records import Document
from classeur.model.sources import DEFAULT_FOLDER


@dataclass(frozen=True)
class Snapshot:
    """The sources at one side of the pull request."""

    files: Mapping[str, str]  # regular, non-hidden files under the sources: path -> blob id
    documents: Mapping[str, Document]  # the document files whose header is valid
    measurements: Mapping[str, str] = field(default_factory=dict)  # measurement file -> blob id
    indicators: str | None = None  # blob id of access_policies/indicators.yml, if any

    def kind(self, path: str) -> Kind:
        """What `path` is on this side (PROTECTED when it is not here)."""
        if path in self.measurements:
            return Kind.MEASUREMENTS
        if path not in self.files:
            return Kind.PROTECTED  # outside the sources, hidden, or not a regular file
        if path.endswith(".md"):
            return Kind.DOCUMENT
        suffix = PurePosixPath(path).suffix.lower()
        return Kind.ATTACHMENT if suffix in ATTACHMENT_SUFFIXES else Kind.PROTECTED

    @cached_property
    def linkers(self) -> dict[str, list[Document]]:
        """Each linked attachment -> the documents that link it, in path order."""
        found: dict[str, list[Document]] = {}
        for _, document in sorted(self.documents.items()):
            for target in link_targets(document):
                if self.kind(target) is Kind.ATTACHMENT:
                    found.setdefault(target, []).append(document)
        return found


def source_folders(policy: Policy) -> list[str]:
    """The folders of this repository that hold documents, as the policy declares them."""
    if not policy.is_loaded("sources.yml"):
        return [DEFAULT_FOLDER]
    folders = [posixpath.normpath(s.path.replace("\\", "/")) for s in policy.sources]
    # A sibling (`../x`) lives in another repository: no path of this one is under it.
    return [f for f in folders if f != ".." and not f.startswith(("../", "/"))]


def snapshots(revisions: Revisions, folders: Sequence[str]) -> tuple[Snapshot, Snapshot]:
    """Both sides, in one tree listing each and one read of the document files."""
    names: tuple[Side, Side] = ("base", "head")
    listed = [
        revisions.files(side, [*folders, MEASUREMENTS_DIR, INDICATORS_PATH]) for side in names
    ]
    sides = [{p: sha for p, sha in files.items() if _in_sources(p, folders)} for files in listed]
    # Each document file is parsed once: most are the same on both sides.
    wanted = {(p, sha) for files in sides for p, sha in files.items() if p.endswith(".md")}
    raw = revisions.read(sha for _, sha in wanted)
    parsed = {(p, sha): _document(p, raw.get(sha)) for p, sha in wanted}
    base, head = (
        Snapshot(
            files,
            {p: d for p, sha in files.items() if (d := parsed.get((p, sha)))},
            {p: sha for p, sha in every.items() if is_measurement_file(p)},
            every.get(INDICATORS_PATH),
        )
        for files, every in zip(sides, listed, strict=True)
    )
    return base, head


def is_measurement_file(path: str) -> bool:
    """A CSV file directly in pilotage/mesures/ (what `check` reads as measurements)."""
    folder, _, name = path.rpartition("/")
    return folder == MEASUREMENTS_DIR and name.endswith(".csv") and not name.startswith(".")


def _in_sources(path: str, folders: Sequence[str]) -> bool:
    """Under a source folder, and not hidden there (as `check` reads the sources)."""
    for folder in folders:
        prefix = "" if folder == "." else folder + "/"
        if path.startswith(prefix):
            return not any(part.startswith(".") for part in path[len(prefix) :].split("/"))
    return False


def _document(path: str, raw: bytes | None) -> Document | None:
    if raw is None:
        return None
    document, _ = parse_document(PurePosixPath(path), raw)
    return document


def link_targets(document: Document) -> dict[str, int]:
    """Root-relative targets of the document's links -> the line of the first one."""
    folder = posixpath.dirname(str(document.path))
    found: dict[str, int] = {}
    for link in document.links:
        found.setdefault(posixpath.normpath(posixpath.join(folder, link.target)), link.line)
    return found
