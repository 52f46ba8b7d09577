"""Reversibility drill records (pilotage/exercices/*.md): their headers, and what they
name — the function, the people who took part, the follow-up documents — exists;
a drill is never dated after today."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from datetime import date

from classeur.common.i18n import _
from classeur.model.access import TEAM_PREFIX, organisation_of
from classeur.model.drills import Drill, load_drills
from classeur.model.findings import Finding
from classeur.model.policy import POLICY_DIR, Policy
from classeur.rules.registry import Binder, binder_rule


@binder_rule
def drills(binder: Binder) -> list[Finding]:
    """Every drill record read, then checked against the policy and the documents."""
    found, findings = load_drills(binder.root)
    today = binder.today
    ids = frozenset(document.id for document in binder.documents)
    return findings + check_drills(found, binder.policy, ids, today=today)


def check_drills(
    found: Iterable[Drill], policy: Policy, document_ids: Set[str], *, today: date
) -> list[Finding]:
    """Unknown functions, people and follow-up documents; drills dated after `today`."""
    findings: list[Finding] = []
    for drill in found:
        findings += _function(drill, policy)
        findings += _participants(drill, policy)
        findings += _follow_up(drill, document_ids)
        if drill.day > today:
            findings.append(
                Finding(
                    drill.path,
                    drill.line_of("date"),
                    "drill-in-future",
                    _(
                        "the drill is dated {day}, after today ({today}): a record says what "
                        "happened. Record the drill once it has taken place."
                    ).format(day=drill.day, today=today),
                )
            )
    return findings


def _function(drill: Drill, policy: Policy) -> Iterator[Finding]:
    if policy.is_loaded("functions.yml") and drill.function not in policy.functions:
        known = ", ".join(sorted(policy.functions))
        yield Finding(
            drill.path,
            drill.line_of("function"),
            "unknown-function",
            _('"{value}" is not declared. Known: {known} ({file}).').format(
                value=drill.function, known=known, file=f"{POLICY_DIR}/functions.yml"
            ),
        )


def _participants(drill: Drill, policy: Policy) -> Iterator[Finding]:
    if not policy.is_loaded("people.yml"):
        return
    for index, member in enumerate(drill.participants):
        if organisation_of(member, policy) is None:
            is_team = member.startswith(TEAM_PREFIX)
            known = (
                [TEAM_PREFIX + team for team in policy.teams] if is_team else list(policy.people)
            )
            yield Finding(
                drill.path,
                drill.line_of("participants", index),
                "unknown-team" if is_team else "unknown-person",
                _('"{value}" is not declared. Known: {known} ({file}).').format(
                    value=member, known=", ".join(sorted(known)), file=f"{POLICY_DIR}/people.yml"
                ),
            )


def _follow_up(drill: Drill, document_ids: Set[str]) -> Iterator[Finding]:
    for index, target in enumerate(drill.follow_up):
        if target not in document_ids:
            yield Finding(
                drill.path,
                drill.line_of("follow_up", index),
                "unknown-follow-up",
                _(
                    '"{value}" in `{field}` is not the id of any document. Fix the id or remove it.'
                ).format(value=target, field="follow_up"),
            )
