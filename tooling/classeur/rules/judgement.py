"""What is judged of one document alone, remembered while the document is unchanged.

Most rules look at one document against the policy (who may read it, its
people and tags, its review dates, the repository holding it). `watch` judges
the binder again after every save: keeping these judgements for the documents
that did not change leaves only the rules across documents to run again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from classeur.model.access import readers
from classeur.model.findings import Finding
from classeur.model.policy import Policy
from classeur.model.records import Document, Review
from classeur.model.sources import PresentSource
from classeur.rules.registry import DocumentContext, document_rules
from classeur.rules.staleness import review_of


@dataclass(frozen=True)
class Judgement:
    """One document's audiences, review state and findings of its own, on a day."""

    document: Document
    today: date
    overdue_is_error: bool
    audiences: tuple[str, ...]
    review: Review  # before Git history is taken into account
    findings: tuple[Finding, ...]

    def still_holds(self, document: Document, today: date, overdue_is_error: bool) -> bool:
        """True when it was made of this very document object, for this day and rule."""
        return (
            self.document is document
            and self.today == today
            and self.overdue_is_error == overdue_is_error
        )


def judge(
    document: Document,
    policy: Policy,
    sources: Sequence[PresentSource],
    *,
    today: date,
    overdue_is_error: bool,
) -> Judgement:
    """Run the single-document rules on `document`."""
    audiences = readers(document, policy)
    context = DocumentContext(policy, sources, audiences, today, overdue_is_error)
    findings = [finding for rule in document_rules() for finding in rule(document, context)]
    review = review_of(document, policy.review, today=today)
    return Judgement(document, today, overdue_is_error, audiences, review, tuple(findings))
