"""The outcome of `check`: findings, and what was learned of each valid document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from classeur.model.findings import Finding, Severity
from classeur.model.history import History
from classeur.model.indicators import Measurement
from classeur.model.policy import Policy
from classeur.model.records import Document, Review


@dataclass(frozen=True)
class DocumentSummary:
    """What a report says of one valid document."""

    document: Document
    audiences: tuple[str, ...]
    review: Review


@dataclass(frozen=True)
class Report:
    """The outcome of `check`: findings sorted by file and line, and the documents."""

    findings: tuple[Finding, ...]
    documents: tuple[DocumentSummary, ...]
    policy: Policy
    today: date
    files_read: int  # document files examined, valid or not
    files: frozenset[str] = frozenset()  # every regular file under the sources
    history: History | None = None  # None when the check ran without Git history
    measurements: tuple[Measurement, ...] = ()  # pilotage/mesures/*.csv rows that passed

    def count(self, severity: Severity) -> int:
        """How many findings have this severity."""
        return sum(1 for finding in self.findings if finding.severity is severity)

    def has_failures(self, *, strict: bool = False) -> bool:
        """Errors fail; with `strict`, warnings fail too."""
        worst = Severity.WARNING if strict else Severity.ERROR
        return any(finding.severity >= worst for finding in self.findings)
