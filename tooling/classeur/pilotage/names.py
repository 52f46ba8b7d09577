"""What the steering pack's outputs call the ids it holds: documents, owners, audience."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from classeur.model.access import TEAM_PREFIX
from classeur.model.report import Report
from classeur.pilotage.records import SteeringPack


def _empty() -> Mapping[str, str]:
    return {}


@dataclass(frozen=True)
class Names:
    """Titles and names for the ids of one pack; an id without a name is shown as it is."""

    documents: Mapping[str, str] = field(default_factory=_empty)  # document id -> title
    owners: Mapping[str, str] = field(default_factory=_empty)  # person or `team:` id -> name
    audience: str = ""  # the audience's name (« Prestataire (BO Conseil) »), "" for everything

    def document(self, document_id: str) -> str:
        """« PAI-004 Clôture mensuelle de la paie », or the id alone."""
        title = self.documents.get(document_id)
        return f"{document_id} {title}" if title else document_id

    def owner(self, owner_id: str) -> str:
        """A person's or team's name, or the id alone."""
        return self.owners.get(owner_id, owner_id)


def names_of(report: Report, pack: SteeringPack) -> Names:
    """The names the pack's outputs need, only for documents the pack itself names."""
    named = {
        document_id
        for function in pack.functions
        for document_id in (
            *function.changed_documents,
            *(d for s in function.signals for d in s.documents),
        )
    }
    titles = {s.document.id: s.document.title for s in report.documents if s.document.id in named}
    policy = report.policy
    owners = {person.id: person.name for person in policy.people.values()}
    owners |= {f"{TEAM_PREFIX}{team.id}": team.name for team in policy.teams.values()}
    audience = policy.audiences.get(pack.audience) if pack.audience else None
    return Names(titles, owners, audience.name if audience else "")
