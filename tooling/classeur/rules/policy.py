"""Rules over the policy files themselves: references between them and duplicates."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.policy import Policy
from classeur.model.records import Organisation
from classeur.model.validation import Located
from classeur.rules.registry import Binder, binder_rule


@binder_rule
def policy_rules(binder: Binder) -> list[Finding]:
    """Every rule across the policy files."""
    return check_policy(binder.policy)


def check_policy(policy: Policy) -> list[Finding]:
    """Every inconsistency between the policy files, each at its line."""
    findings: list[Finding] = []
    if policy.is_loaded("people.yml"):
        findings += _team_members(policy)
    if policy.is_loaded("audiences.yml"):
        findings += _audience_tags(policy)
    if policy.is_loaded("functions.yml"):
        findings += _functions(policy)
    findings += _duplicates(policy)
    return findings


def _team_members(policy: Policy) -> Iterator[Finding]:
    where = policy.located["people.yml"]
    for index, team in enumerate(policy.teams.values()):
        for position, member in enumerate(team.members):
            line = where.line(("teams", index, "members", position))
            person = policy.people.get(member)
            if person is None:
                yield _unknown(where, line, "unknown-person", member, policy.people)
            elif person.organisation is not team.organisation:
                yield Finding(
                    where.path,
                    line,
                    "team-organisation-mismatch",
                    _(
                        '"{member}" is on the {organisation} side but team "{team}" is on the '
                        "{team_organisation} side. Move them to a {organisation} team."
                    ).format(
                        member=member,
                        organisation=person.organisation.value,
                        team=team.id,
                        team_organisation=team.organisation.value,
                    ),
                )


def _audience_tags(policy: Policy) -> Iterator[Finding]:
    where = policy.located["audiences.yml"]
    read: set[str] = set()
    for index, audience in enumerate(policy.audiences.values()):
        for position, tag in enumerate(audience.reads):
            read.add(tag)
            if tag not in policy.tags:
                line = where.line(("audiences", index, "reads", position))
                yield _unknown(where, line, "unknown-access-tag", tag, policy.tags)
    for index, tag_id in enumerate(policy.tags):
        if tag_id not in read:
            yield Finding(
                where.path,
                where.line(("tags", index, "id")),
                "unread-tag",
                _(
                    'no audience reads tag "{tag}", so documents tagged only with it are '
                    "published nowhere. Add it to an audience's `reads` or remove it."
                ).format(tag=tag_id),
                Severity.WARNING,
            )


def _functions(policy: Policy) -> Iterator[Finding]:
    where = policy.located["functions.yml"]
    people_known = policy.is_loaded("people.yml")
    for index, function in enumerate(policy.functions.values()):
        line = where.line(("functions", index, "owner"))
        person = policy.people.get(function.owner)
        if people_known and person is None:
            yield _unknown(where, line, "unknown-person", function.owner, policy.people)
        elif person is not None and person.organisation is not Organisation.COMPANY:
            yield Finding(
                where.path,
                line,
                "owner-not-company",
                _(
                    '"{owner}" owns function "{function}" but is on the provider side; control '
                    "stays internal. Name a company person as its owner."
                ).format(owner=function.owner, function=function.id),
            )
        if policy.is_loaded("audiences.yml"):
            for position, tag in enumerate(function.access):
                if tag not in policy.tags:
                    tag_line = where.line(("functions", index, "access", position))
                    yield _unknown(where, tag_line, "unknown-access-tag", tag, policy.tags)


def _duplicates(policy: Policy) -> Iterator[Finding]:
    """Ids and prefixes are dictionary keys downstream: a second one would hide the first."""
    for file, key, attribute in (
        ("people.yml", "people", "id"),
        ("people.yml", "teams", "id"),
        ("audiences.yml", "tags", "id"),
        ("audiences.yml", "audiences", "id"),
        ("functions.yml", "functions", "id"),
        ("functions.yml", "functions", "prefix"),
        ("sites.yml", "sites", "id"),
        ("sources.yml", "sources", "id"),
    ):
        where = policy.located.get(file)
        if where is not None:
            yield from _duplicate_values(where, key, attribute)


def _duplicate_values(where: Located, key: str, attribute: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, item in enumerate(where.document.data.get(key) or []):
        value = str(item.get(attribute))
        line = where.line((key, index, attribute))
        if value in seen:
            yield Finding(
                where.path,
                line,
                "duplicate-policy-id",
                _(
                    '{attribute} "{value}" is already declared on line {line}. Keep one, or '
                    "rename this one."
                ).format(attribute=attribute, value=value, line=seen[value]),
            )
        seen.setdefault(value, line)


def _unknown(where: Located, line: int, code: str, value: str, known: Iterable[str]) -> Finding:
    names = ", ".join(sorted(known))
    message = _('"{value}" is not declared. Known: {names}.').format(value=value, names=names)
    return Finding(where.path, line, code, message)
