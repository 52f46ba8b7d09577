"""What an import says about each source, before it is placed: notes at a line, made
into findings (`source:line: code: message`) once the source's path is known."""

from __future__ import annotations

from dataclasses import dataclass

from classeur.model.findings import Finding, Severity


@dataclass(frozen=True)
class Note:
    """One thing the import did or could not do, at a line of the converted text's source."""

    line: int  # 1-based; 0 for the whole file
    code: str  # stable kebab-case
    message: str  # already in the user's language
    severity: Severity = Severity.NOTICE

    def at(self, path: str) -> Finding:
        """The note as a finding about `path` (the source as the user named it)."""
        return Finding(path, self.line, self.code, self.message, self.severity)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Once each, by source, then line, errors first on a line: the order they are read in."""
    # a Word file with ten images without text says so once
    unique = dict.fromkeys(findings)
    return sorted(unique, key=lambda f: (f.path, f.line, -f.severity, f.code, f.message))
