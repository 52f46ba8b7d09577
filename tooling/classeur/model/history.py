"""What Git says of each document: its commits, creation, last change, version.

Records only; classeur.git reads them from the repository.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from classeur.model.findings import Finding


@dataclass(frozen=True)
class Change:
    """One commit as it touched one document."""

    sha: str
    email: str
    name: str
    time: int  # seconds since the epoch, for ordering
    day: str  # ISO date of the commit, UTC
    subject: str
    old_blob: str  # "0000…" when the commit added the file
    new_blob: str  # "0000…" when the commit deleted it


@dataclass(frozen=True)
class DocumentHistory:
    """A document's commits, newest first (under every name it had)."""

    changes: tuple[Change, ...]

    @property
    def created(self) -> str | None:
        """The day of its first commit."""
        return self.changes[-1].day if self.changes else None

    @property
    def last_changed(self) -> str | None:
        """The day of its latest commit."""
        return self.changes[0].day if self.changes else None

    @property
    def version(self) -> int:
        """How many commits changed it."""
        return len(self.changes)


@dataclass(frozen=True)
class History:
    """Per current path, the document's history; plus what could not be read."""

    by_path: Mapping[str, DocumentHistory]
    head: str | None
    findings: tuple[Finding, ...] = field(default=())

    def of(self, path: str) -> DocumentHistory:
        """The history of one root-relative path (empty when unknown)."""
        return self.by_path.get(path, DocumentHistory(()))
