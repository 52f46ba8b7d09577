"""What one audience sees of the Git history: per page, and the recent changes.

A commit that touches only documents the audience may not read does not
appear; a commit that touches one of them and a readable one appears with a
neutral message, since its own message may name what the audience may not see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping

from classeur.model.history import Change, History
from classeur.model.policy import Policy

MASKED_MESSAGE = "Modification de plusieurs documents"
PAGE_HISTORY_LENGTH = 20
RECENT_LENGTH = 50


def touched_paths(history: History) -> dict[str, set[str]]:
    """Per commit sha, the current paths of the documents it touched."""
    touched: dict[str, set[str]] = defaultdict(set)
    for path, document in history.by_path.items():
        for change in document.changes:
            touched[change.sha].add(path)
    return touched


def visible_message(change: Change, touched: Collection[str], readable: Collection[str]) -> str:
    """The commit's subject, or a neutral one when it also touched an unreadable document."""
    return change.subject if all(path in readable for path in touched) else MASKED_MESSAGE


def author_name(change: Change, policy: Policy) -> str:
    """The author's display name from the policy, else the name Git recorded."""
    person = policy.person_for_email(change.email)
    return person.name if person else change.name


def recent_changes(
    history: History, readable: Collection[str], touched: Mapping[str, set[str]]
) -> list[tuple[Change, list[str]]]:
    """The latest commits touching a readable document, with those documents' paths."""
    commits: dict[str, Change] = {}
    for path in readable:
        for change in history.of(path).changes:
            commits.setdefault(change.sha, change)
    ordered = sorted(commits.values(), key=lambda c: c.time, reverse=True)
    return [
        (change, sorted(p for p in touched[change.sha] if p in readable))
        for change in ordered[:RECENT_LENGTH]
    ]
