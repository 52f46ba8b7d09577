"""What one audience's site holds: the published documents with everything a page
shows about them, and their attachments. Renderer-independent and JSON-ready:
the staging step writes it beside the staged pages, the MkDocs plugin reads it.

Nothing here names a document the audience may not read.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict

from classeur.model.access import TEAM_PREFIX
from classeur.model.attachments import attachment_readers, is_attachment_type
from classeur.model.history import History
from classeur.model.indicator_policy import is_readable
from classeur.model.indicators import Indicator
from classeur.model.policy import Audience, Policy
from classeur.model.records import DocType, Document, Organisation, ReviewState, Status
from classeur.model.report import DocumentSummary, Report
from classeur.model.sources import edit_address
from classeur.publish.history_lines import (
    PAGE_HISTORY_LENGTH,
    author_name,
    recent_changes,
    touched_paths,
    visible_message,
)

MANIFEST_NAME = "manifest.json"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(Frozen):
    """A person or team as the site names them."""

    id: str
    name: str
    organisation: Organisation


class Reference(Frozen):
    """A published document named from another page."""

    id: str
    title: str
    src: str


class HistoryLine(Frozen):
    """One commit as a page's history shows it."""

    day: str
    author: str
    message: str
    sha: str  # abbreviated


class RecentChange(Frozen):
    """One line of the "Dernières modifications" page."""

    day: str
    author: str
    message: str
    documents: tuple[Reference, ...]


class PublishedDocument(Frozen):
    """One procedure page and everything its metadata panel shows."""

    src: str  # root-relative path of the source file; also its path in the staged docs
    id: str
    title: str
    type: DocType
    function: str
    function_label: str
    owners: tuple[Party, ...]
    maintainers: tuple[Party, ...]
    status: Status
    access: tuple[str, ...]
    access_labels: tuple[str, ...] = ()  # the same tags as readers see them (Tag.shown)
    sites: tuple[str, ...]  # display names; empty means every site
    last_reviewed: str | None
    reviewed_by: Party | None
    next_review: str | None
    review_state: ReviewState
    review_every: str | None
    sla: tuple[Indicator, ...]  # the indicators of its `sla` that the audience may read
    # For each of those, its latest status from the audience's steering pack (staging fills it).
    sla_latest: tuple[str, ...] = ()
    related: tuple[Reference, ...]
    supersedes: tuple[Reference, ...]
    superseded_by: tuple[Reference, ...]
    canary: str
    version: int = 0  # commits that changed it; 0 without Git history
    created: str | None = None
    last_changed: str | None = None
    history: tuple[HistoryLine, ...] = ()
    description: str | None = None  # its one-line summary, listed on its function's page
    edit_url: str | None = None  # the forge's edit page, for readers who may use it


class FunctionEntry(Frozen):
    id: str
    label: str
    owner: Party | None
    outsourced: bool


class TagEntry(Frozen):
    id: str
    description: str
    label: str  # what readers see (Tag.shown)


class Manifest(Frozen):
    """Everything one audience's site is built from."""

    audience: str
    audience_name: str
    organisation: Organisation
    today: str
    documents: tuple[PublishedDocument, ...]
    attachments: tuple[str, ...]  # root-relative paths
    functions: tuple[FunctionEntry, ...]
    tags: tuple[TagEntry, ...]
    recent: tuple[RecentChange, ...] = ()
    has_history: bool = False


def canary_of(document: Document) -> str:
    """A marker stamped on the document's page; `audit` looks for other audiences' ones."""
    digest = hashlib.sha256(f"{document.id}\0{document.path}".encode()).hexdigest()
    return f"clsr-{digest[:20]}"


def is_published(summary: DocumentSummary, audience: str, *, include_drafts: bool) -> bool:
    """Readable by the audience, and in a status that is published."""
    status = summary.document.status
    shown = status in (Status.ACTIVE, Status.DEPRECATED) or (
        include_drafts and status is Status.DRAFT
    )
    return shown and audience in summary.audiences


def build_manifest(
    report: Report, audience: str, *, include_drafts: bool, files: Iterable[str]
) -> Manifest:
    """The manifest of `audience`'s site from a check report and the binder's files."""
    policy = report.policy
    target = policy.audiences[audience]
    chosen = [
        s for s in report.documents if is_published(s, audience, include_drafts=include_drafts)
    ]
    by_id = {s.document.id: s.document for s in chosen}
    replaced_by: dict[str, list[str]] = {}
    for summary in chosen:
        for old in summary.document.supersedes:
            replaced_by.setdefault(old, []).append(summary.document.id)
    party = _parties(policy)
    recent: tuple[RecentChange, ...] = ()
    lines: Callable[[str], dict[str, Any]] = _no_history
    if report.history is not None:
        readable = {str(s.document.path) for s in report.documents if audience in s.audiences}
        touched = touched_paths(report.history)
        lines = functools.partial(
            _history_fields,
            history=report.history,
            policy=policy,
            readable=readable,
            touched=touched,
        )
        recent = _recent(report.history, policy, readable, by_id, touched)
    documents = tuple(
        _published(s, policy, party, by_id, replaced_by, target, lines) for s in chosen
    )
    tags = sorted({tag for s in chosen for tag in s.document.access if tag in target.reads})
    return Manifest(
        audience=audience,
        audience_name=target.name,
        organisation=target.organisation,
        today=report.today.isoformat(),
        documents=documents,
        attachments=tuple(sorted(_attachments(report, chosen, audience, set(files)))),
        functions=tuple(
            FunctionEntry(
                id=f.id,
                label=f.label,
                owner=_party(f.owner, policy),
                outsourced=f.outsourced,
            )
            for f in policy.functions.values()
        ),
        tags=tuple(
            TagEntry(id=t, description=policy.tags[t].description, label=policy.tags[t].shown)
            for t in tags
        ),
        recent=recent,
        has_history=report.history is not None and report.history.head is not None,
    )


def _no_history(src: str) -> dict[str, Any]:
    return {}  # without Git history a page shows no version, dates or commits


def _history_fields(
    src: str,
    history: History,
    policy: Policy,
    readable: set[str],
    touched: dict[str, set[str]],
) -> dict[str, Any]:
    """A published document's fields that come from Git: version, dates, its last commits."""
    own = history.of(src)
    lines = tuple(
        HistoryLine(
            day=c.day,
            author=author_name(c, policy),
            message=visible_message(c, touched[c.sha], readable),
            sha=c.sha[:7],
        )
        for c in own.changes[:PAGE_HISTORY_LENGTH]
    )
    return {
        "version": own.version,
        "created": own.created,
        "last_changed": own.last_changed,
        "history": lines,
    }


def _recent(
    history: History,
    policy: Policy,
    readable: set[str],
    published: dict[str, Document],
    touched: dict[str, set[str]],
) -> tuple[RecentChange, ...]:
    by_path = {str(d.path): d for d in published.values()}
    return tuple(
        RecentChange(
            day=change.day,
            author=author_name(change, policy),
            message=visible_message(change, touched[change.sha], readable),
            documents=tuple(
                Reference(id=by_path[p].id, title=by_path[p].title, src=p)
                for p in paths
                if p in by_path
            ),
        )
        for change, paths in recent_changes(history, readable, touched)
        if any(p in by_path for p in paths)
    )


def _published(
    summary: DocumentSummary,
    policy: Policy,
    party: Callable[[str], Party | None],
    by_id: dict[str, Document],
    replaced_by: dict[str, list[str]],
    reader: Audience,
    history_fields: Callable[[str], dict[str, Any]],
) -> PublishedDocument:
    document, review = summary.document, summary.review
    function = policy.functions.get(document.function)
    return PublishedDocument(
        src=str(document.path),
        id=document.id,
        title=document.title,
        type=document.type,
        function=document.function,
        function_label=function.label if function else document.function,
        owners=tuple(p for p in map(party, document.owners) if p),
        maintainers=tuple(p for p in map(party, document.maintainers) if p),
        status=document.status,
        access=document.access,
        access_labels=tuple(
            policy.tags[t].shown if t in policy.tags else t for t in document.access
        ),
        sites=tuple(policy.sites[s].name if s in policy.sites else s for s in document.sites),
        last_reviewed=document.last_reviewed.isoformat() if document.last_reviewed else None,
        reviewed_by=party(document.reviewed_by) if document.reviewed_by else None,
        next_review=review.next_review.isoformat() if review.next_review else None,
        review_state=review.state,
        review_every=document.review_every.text if document.review_every else None,
        sla=tuple(
            policy.indicators[i]
            for i in document.sla
            if i in policy.indicators and is_readable(policy.indicators[i], reader.reads)
        ),
        related=_references(document.related, by_id),
        supersedes=_references(document.supersedes, by_id),
        superseded_by=_references(replaced_by.get(document.id, ()), by_id),
        canary=canary_of(document),
        description=document.description,
        edit_url=edit_address(str(document.path), policy, reader.organisation),
        **history_fields(str(document.path)),
    )


def _references(ids: Iterable[str], by_id: dict[str, Document]) -> tuple[Reference, ...]:
    """Only published targets: an unpublished one is left out, title and all."""
    return tuple(
        Reference(id=i, title=by_id[i].title, src=str(by_id[i].path)) for i in ids if i in by_id
    )


def _parties(policy: Policy) -> Callable[[str], Party | None]:
    """`_party`, each member made once (5,000 documents name a few dozen people)."""
    made: dict[str, Party | None] = {}

    def party(member: str) -> Party | None:
        if member not in made:
            made[member] = _party(member, policy)
        return made[member]

    return party


def _party(member: str, policy: Policy) -> Party | None:
    if member.startswith(TEAM_PREFIX):
        team = policy.teams.get(member.removeprefix(TEAM_PREFIX))
        return Party(id=member, name=team.name, organisation=team.organisation) if team else None
    person = policy.people.get(member)
    return Party(id=member, name=person.name, organisation=person.organisation) if person else None


def _attachments(
    report: Report, chosen: Iterable[DocumentSummary], audience: str, files: set[str]
) -> set[str]:
    """Files of a declared attachment type that a published document links to, that exist,
    and that the audience may read: every document linking them, published or not, is
    readable by it (the narrowest reader)."""
    readers = {str(s.document.path): s.audiences for s in report.documents}
    readable = attachment_readers((s.document for s in report.documents), readers)
    return {
        target
        for summary in chosen
        for target in summary.document.linked_files
        if target in files and is_attachment_type(target) and audience in readable[target]
    }
