"""Review states and staleness findings: pure rules over dates and the policy.

Never reads the clock, the disk or git: `today` and the review policy come in
as arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from classeur.common.i18n import _, ngettext
from classeur.model.durations import add_duration, subtract_duration
from classeur.model.findings import Finding, Severity
from classeur.model.policy import ReviewPolicy
from classeur.model.records import BodyChange, Document, Review, ReviewState, Status
from classeur.model.sensitive import redact
from classeur.rules.registry import DocumentContext, document_rule

_EXEMPT = frozenset({Status.DRAFT, Status.ARCHIVED})


def review_of(
    document: Document, policy: ReviewPolicy | None, *, today: date, changed: bool = False
) -> Review:
    """Where `document` stands on `today` against its review rhythm.

    `changed`: its body changed in Git after its last review; that outranks
    `ok` and `due-soon`, not `overdue`.
    """
    if document.status in _EXEMPT:
        return Review(ReviewState.EXEMPT, None)
    every = document.review_every or (policy.default_every.get(document.type) if policy else None)
    if document.last_reviewed is None or every is None or document.last_reviewed > today:
        return Review(ReviewState.UNKNOWN, None)
    next_review = add_duration(document.last_reviewed, every)
    if today > next_review:
        return Review(ReviewState.OVERDUE, next_review)
    window_start = subtract_duration(next_review, policy.warning_window) if policy else next_review
    if changed:
        return Review(ReviewState.CHANGED, next_review)
    if today >= window_start:
        return Review(ReviewState.DUE_SOON, next_review)
    return Review(ReviewState.OK, next_review)


def find_changed(documents: Iterable[Document], changes: Mapping[str, BodyChange]) -> list[Finding]:
    """`changed-since-review` for active documents whose body changed after their review."""
    return [
        Finding(
            str(document.path),
            document.line_of("last_reviewed"),
            "changed-since-review",
            _(
                'its text changed on {day} (commit {commit} by {author}: "{subject}"), after '
                "its last review on {reviewed}. Review the change, then run `classeur review`."
            ).format(
                day=change.day,
                commit=change.sha[:7],
                author=change.author,
                subject=redact(change.subject),
                reviewed=document.last_reviewed,
            ),
            Severity.WARNING,
        )
        for document in documents
        if document.status is Status.ACTIVE
        and (change := changes.get(str(document.path))) is not None
    ]


def find_stale(
    documents: Iterable[Document],
    policy: ReviewPolicy | None,
    *,
    today: date,
    overdue_is_error: bool = True,
) -> list[Finding]:
    """Future review dates, overdue and due-soon documents, as findings."""
    findings: list[Finding] = []
    for document in documents:
        findings += _dates(document, policy, today, overdue_is_error)
    return findings


def _dates(
    document: Document, policy: ReviewPolicy | None, today: date, overdue_is_error: bool
) -> Iterator[Finding]:
    path, line = str(document.path), document.line_of("last_reviewed")
    if document.last_reviewed is not None and document.last_reviewed > today:
        yield Finding(
            path,
            line,
            "future-date",
            _(
                "last_reviewed is {reviewed}, after today ({today}). Write the day the review "
                "really took place."
            ).format(reviewed=document.last_reviewed, today=today),
        )
        return
    review = review_of(document, policy, today=today)
    if review.state is ReviewState.OVERDUE and review.next_review is not None:
        yield _overdue(document, review.next_review, policy, today, overdue_is_error)
    elif review.state is ReviewState.DUE_SOON and review.next_review is not None:
        days = (review.next_review - today).days
        yield Finding(
            path,
            line,
            "due-soon",
            ngettext(
                "next review on {day} (in {count} day). Plan it with its owners ({owners}), "
                "then run `classeur review`.",
                "next review on {day} (in {count} days). Plan it with its owners ({owners}), "
                "then run `classeur review`.",
                days,
            ).format(day=review.next_review, count=days, owners=", ".join(document.owners)),
            Severity.WARNING,
        )


def _overdue(
    document: Document,
    next_review: date,
    policy: ReviewPolicy | None,
    today: date,
    overdue_is_error: bool,
) -> Finding:
    grace_end = add_duration(next_review, policy.grace_period) if policy else next_review
    in_grace = today <= grace_end
    blocking = overdue_is_error and document.status is Status.ACTIVE and not in_grace
    if in_grace and grace_end > next_review:
        message = _(
            "last reviewed {reviewed}, next review was {next} (grace period until {grace}). "
            "Review it, then run `classeur review`."
        )
    else:
        message = _(
            "last reviewed {reviewed}, next review was {next}. Review it, then run "
            "`classeur review`."
        )
    return Finding(
        str(document.path),
        document.line_of("last_reviewed"),
        "overdue",
        message.format(reviewed=document.last_reviewed, next=next_review, grace=grace_end),
        Severity.ERROR if blocking else Severity.WARNING,
    )


@document_rule
def staleness(document: Document, context: DocumentContext) -> list[Finding]:
    """Overdue and due-soon reviews on the day judged."""
    return find_stale(
        [document],
        context.policy.review,
        today=context.today,
        overdue_is_error=context.overdue_is_error,
    )
