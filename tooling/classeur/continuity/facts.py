"""What a readiness criterion looks at (the facts of one function) and what it says
(a verdict: met, unmet or not applicable, with what is missing and the fix in French)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from classeur.model.drills import Drill
from classeur.model.handover import HandoverPlan
from classeur.model.indicators import Period
from classeur.model.policy import Function, Policy
from classeur.model.readiness_policy import ReadinessPolicy
from classeur.model.records import DocType, Status
from classeur.model.report import DocumentSummary


@dataclass(frozen=True)
class Facts:
    """What the criteria look at for one outsourced function, on one day."""

    function: Function
    documents: tuple[DocumentSummary, ...]  # the function's documents, every status
    plan: DocumentSummary | None  # its handover plan: the active one, else a draft
    sections: HandoverPlan | None  # that plan's sections, as read from its body
    drills: tuple[Drill, ...]  # its drills up to today, newest first
    indicators: tuple[str, ...]  # ids of its indicators
    measured: frozenset[tuple[str, Period]]  # (indicator, period) with a measurement
    due_day: int  # a month's measurements are due by this day of the next month
    policy: Policy
    settings: ReadinessPolicy
    today: date

    def active(self, *types: DocType) -> list[DocumentSummary]:
        """Its active documents of these types (every type when none is given)."""
        return [
            s
            for s in self.documents
            if s.document.status is Status.ACTIVE and (not types or s.document.type in types)
        ]


@dataclass(frozen=True)
class Verdict:
    """A criterion judged: met, unmet, or not applicable (None); what is missing, the fix."""

    met: bool | None
    problem: str = ""  # French; names no document: their ids are in `documents`
    fix: str = ""  # French
    documents: tuple[str, ...] = ()  # ids of the documents concerned

    def explained(self, readable: Callable[[str], bool] | None = None) -> str:
        """`problem : IDS. fix` — ids a reader may not read are only counted."""
        shown = [i for i in self.documents if readable is None or readable(i)]
        others = len(self.documents) - len(shown)
        if others:
            noun = "documents" if others > 1 else "document"
            shown.append(
                f"{others} autre{'s' if others > 1 else ''} {noun}" if shown else f"{others} {noun}"
            )
        head = f"{self.problem} : {_french_list(shown)}." if shown else f"{self.problem}."
        return f"{head} {self.fix}".strip()


def _french_list(items: Sequence[str]) -> str:
    """`a, b et c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} et {items[-1]}"
