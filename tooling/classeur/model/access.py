"""Who may read what. Deny by default: an audience reads a document only when
the document's `access` names a tag the audience reads."""

from __future__ import annotations

from collections.abc import Iterable

from classeur.model.policy import Policy
from classeur.model.records import Document, Organisation

TEAM_PREFIX = "team:"


def readers(document: Document, policy: Policy) -> tuple[str, ...]:
    """Ids of the audiences that may read `document`, in policy order."""
    return tuple(
        audience.id
        for audience in policy.audiences.values()
        if not set(audience.reads).isdisjoint(document.access)
    )


def reading_organisations(audience_ids: Iterable[str], policy: Policy) -> set[Organisation]:
    """The organisations whose audiences are among `audience_ids`."""
    return {policy.audiences[a].organisation for a in audience_ids if a in policy.audiences}


def members_of(members: Iterable[str], policy: Policy) -> list[str]:
    """The person ids a list of people and `team:` ids names, in order, once each."""
    people: dict[str, None] = {}
    for member in members:
        if member.startswith(TEAM_PREFIX):
            team = policy.teams.get(member.removeprefix(TEAM_PREFIX))
            people.update(dict.fromkeys(team.members if team else ()))
        else:
            people[member] = None
    return list(people)


def organisation_of(member: str, policy: Policy) -> Organisation | None:
    """The organisation of a person or `team:` id, None when it is not declared."""
    if member.startswith(TEAM_PREFIX):
        team = policy.teams.get(member.removeprefix(TEAM_PREFIX))
        return team.organisation if team else None
    person = policy.people.get(member)
    return person.organisation if person else None
