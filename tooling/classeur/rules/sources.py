"""Where documents live: a repository must not expose a document to an
organisation that may not read it (sources.yml says who reads each repository)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from classeur.common.i18n import _
from classeur.model.access import reading_organisations
from classeur.model.findings import Finding
from classeur.model.policy import Policy
from classeur.model.records import Document, Organisation
from classeur.model.sources import PresentSource, source_of
from classeur.rules.registry import DocumentContext, document_rule


@document_rule
def exposure(document: Document, context: DocumentContext) -> list[Finding]:
    """`repository-exposes-document` when the document's repository says too much."""
    readers = {str(document.path): context.audiences}
    return check_exposure([document], readers, context.sources, context.policy)


def check_exposure(
    documents: Sequence[Document],
    readers: Mapping[str, tuple[str, ...]],
    sources: Sequence[PresentSource],
    policy: Policy,
) -> list[Finding]:
    """`repository-exposes-document` for each document kept where a reader may not read it."""
    if not policy.is_loaded("audiences.yml"):
        return []
    return [
        finding
        for document in documents
        for finding in _exposed(document, readers[str(document.path)], sources, policy)
    ]


def _exposed(
    document: Document, audiences: tuple[str, ...], sources: Sequence[PresentSource], policy: Policy
) -> Iterator[Finding]:
    held = source_of(document, sources)
    if not audiences or held is None or held.source is None:
        return
    allowed = reading_organisations(audiences, policy)
    for organisation in held.source.readers:
        if organisation not in allowed:
            yield Finding(
                str(document.path),
                document.line_of("access"),
                "repository-exposes-document",
                _(
                    "{organisation} audiences may not read this document, but it is kept in "
                    'source "{source}" ({folder}), whose repository the {organisation} can read '
                    "with its whole history. {fix}"
                ).format(
                    organisation=organisation.value,
                    source=held.source.id,
                    folder=held.folder,
                    fix=_where_to_move(policy, organisation, allowed),
                ),
            )


def _where_to_move(policy: Policy, blocked: Organisation, allowed: set[Organisation]) -> str:
    safe = [s for s in policy.sources if blocked not in s.readers and set(s.readers) <= allowed]
    if safe:
        return _('Move it to source "{source}" ({path}).').format(
            source=safe[0].id, path=safe[0].path
        )
    return _(
        "Move it to a repository the {organisation} cannot read (declare it in "
        "access_policies/sources.yml, e.g. a company-only submodule)."
    ).format(organisation=blocked.value)
