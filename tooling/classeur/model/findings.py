"""A problem found in the binder, and how much it matters.

Problems in content are findings, never exceptions: every command reports all
of them in one run, each at its file and line.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from classeur.model.sensitive import redact


class Severity(enum.IntEnum):
    """How much a finding matters; higher is worse."""

    NOTICE = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """The lower-case word used in every output format."""
        return self.name.lower()


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the binder, located at a file and line."""

    path: str  # relative to the binder root, `/` separators
    line: int  # 1-based; 0 when the problem is about the whole file
    code: str  # stable kebab-case code, e.g. `unknown-access-tag`
    message: str  # what is wrong, then how to fix it
    severity: Severity = field(default=Severity.ERROR, compare=False)
    column: int = field(default=0, compare=False)  # 1-based; 0 when unknown

    def __post_init__(self) -> None:
        # No finding carries a sensitive value (#14): every output, today's and tomorrow's,
        # prints what findings hold, so a value quoted in a message is masked right here.
        masked = redact(self.message)
        if masked != self.message:
            object.__setattr__(self, "message", masked)

    def render(self) -> str:
        """The one way a finding is shown to people: `path:line: code: message`."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.code}: {self.message}"
