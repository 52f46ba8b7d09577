"""The whole import planned before anything is written: each source's documents, their
headers and bodies, the attachments copied beside them, and the report."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from classeur.binder.check import load_binder
from classeur.binder.scaffold import next_id
from classeur.common.i18n import _
from classeur.importing.choices import chosen_access, chosen_function
from classeur.importing.gitbook import convert_blocks, hard_breaks, retitle_references
from classeur.importing.header import (
    DraftHeader,
    plain_title,
    render_header,
    shift_headings,
    split_source,
    take_title,
)
from classeur.importing.links import images_without_text
from classeur.importing.pages import Page, folder_pages, word_page
from classeur.importing.placement import free_path
from classeur.importing.report import Note, sort_findings
from classeur.importing.resolve import Resolver
from classeur.importing.sources import Source, identify
from classeur.importing.tidy import tidy
from classeur.importing.word import ConversionFailed
from classeur.model.findings import Finding, Severity
from classeur.model.policy import Function, Policy
from classeur.model.records import DocType, Document

PROCEDURES = "procedures"


@dataclass(frozen=True)
class PlannedDocument:
    """One document to write: where, under which id, its text and its attachments."""

    source: str  # as the user named it
    target: PurePosixPath  # root-relative
    id: str
    title: str
    text: str
    attachments: tuple[PurePosixPath, ...]


@dataclass(frozen=True)
class Plan:
    """Everything an import would write, and what it reports."""

    documents: tuple[PlannedDocument, ...]
    attachments: dict[PurePosixPath, Path]  # root-relative target -> file to copy
    findings: tuple[Finding, ...]
    refused: int  # documents or sources that will not be written


@dataclass
class _Draft:
    """What is being planned; shared by the sources of one import."""

    root: Path
    policy: Policy
    function: Function
    access: tuple[str, ...]
    today: date
    ids: list[str]
    documents: list[PlannedDocument] = field(default_factory=list)
    attachments: dict[PurePosixPath, Path] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    refused: int = 0


def plan_import(
    root: Path,
    paths: Sequence[Path],
    *,
    function_id: str,
    access: Sequence[str],
    today: date,
    workdir: Path,
    progress: Callable[[str], None] = lambda _message: None,
) -> Plan:
    """Plan the import of `paths` for `function_id`; raise PortalError on bad input.

    `workdir` holds what conversions extract until it is written.
    """
    state = load_binder(root)
    function = chosen_function(state.policy, function_id)
    tags = chosen_access(state.policy, function, access)
    sources = [identify(path) for path in paths]  # every source checked before any is read
    draft = _Draft(root, state.policy, function, tags, today, [*_ids(state.documents)])
    for number, source in enumerate(sources):
        progress(source.given.as_posix())
        _plan_source(draft, source, workdir / str(number))
    return Plan(
        tuple(draft.documents),
        draft.attachments,
        tuple(sort_findings(draft.findings)),
        draft.refused,
    )


def _ids(documents: Mapping[str, Document]) -> list[str]:
    return [document.id for document in documents.values()]


def _plan_source(draft: _Draft, source: Source, workdir: Path) -> None:
    base = PurePosixPath(PROCEDURES, draft.function.id)
    taken = {d.target for d in draft.documents}
    try:
        pages, notes = (
            folder_pages(source, base, taken)
            if source.pages_root.is_dir()
            else word_page(source, base, workdir)
        )
    except ConversionFailed as error:
        draft.findings.append(Finding(source.given.as_posix(), 0, "unreadable-source", str(error)))
        draft.refused += 1
        return
    draft.findings += notes
    refused = draft.refused
    for page in pages:
        _plan_page(draft, page, taken)
    # a refused page's files are not looked at: calling them unlinked would mislead
    if source.pages_root.is_dir() and draft.refused == refused:
        draft.findings += _unlinked(source, pages, set(draft.attachments.values()))


def _unlinked(source: Source, pages: list[Page], copied: set[Path]) -> list[Finding]:
    """Files of a folder that no imported page links: named, never left out silently."""
    if not pages:
        return []
    content = pages[0].content
    return [
        Finding(
            (source.pages_root / path).as_posix(),
            0,
            "unlinked-file",
            _("no imported page links this file; it was not copied."),
            Severity.NOTICE,
        )
        for path in sorted(content.files)
        if path.suffix.lower() != ".md" and source.pages_root / path not in copied
    ]


def _plan_page(draft: _Draft, page: Page, taken: set[PurePosixPath]) -> None:
    if page.target in taken:  # two source names with one slug: the second gets a number
        page = page.moved(free_path(page.target, lambda p: p in taken))
    taken.add(page.target)
    if (draft.root / page.target).exists() or (draft.root / page.target).is_symlink():
        draft.findings.append(
            Finding(
                page.shown,
                0,
                "target-exists",
                _(
                    "{target} already exists: this page was not imported, and nothing was "
                    "written for it. Move or rename that file, or import into another "
                    "function."
                ).format(target=page.target),
            )
        )
        draft.refused += 1
        return
    text, notes, attachments = _convert(draft, page)
    if not page.has_lines:
        notes = [dataclasses.replace(note, line=0) for note in notes]
    draft.findings += [note.at(page.shown) for note in notes]
    doc_id = next_id(draft.function.prefix, draft.ids)
    draft.ids.append(doc_id)
    header = DraftHeader(
        doc_id,
        text[0],
        draft.function,
        draft.access,
        min(page.modified, draft.today),
        _review_every(draft.policy),
        text[1],
    )
    draft.documents.append(
        PlannedDocument(
            page.shown,
            page.target,
            doc_id,
            header.title,
            render_header(header) + "\n" + text[2],
            attachments,
        )
    )


def _convert(
    draft: _Draft, page: Page
) -> tuple[tuple[str, str | None, str], list[Note], tuple[PurePosixPath, ...]]:
    """(title, description, body), the notes, and the attachments the body links."""
    source = split_source(page.text)
    resolver = Resolver(page, draft.root, draft.attachments)
    body = retitle_references(source.body, resolver.title_of)
    body = hard_breaks(resolver.rewrite(body, source.first_line))
    notes = [*source.notes, *resolver.notes, *_without_text(source.body, source.first_line)]
    body, more = convert_blocks(body, source.first_line)
    notes += more
    heading, body = take_title(body, source.title)
    title = plain_title(source.title or heading or page.fallback_title)
    body = tidy(shift_headings(body))
    return (title, source.description, body), notes, tuple(resolver.used)


def _without_text(body: str, first_line: int) -> list[Note]:
    return [
        Note(
            line,
            "image-without-text",
            _(
                "an image has no alternative text: readers who cannot see it learn nothing. "
                "Describe it between the brackets, e.g. `![Écran de validation](…)`."
            ),
        )
        for line in images_without_text(body, first_line)
    ]


def _review_every(policy: Policy) -> str | None:
    every = policy.review.default_every.get(DocType.PROCEDURE) if policy.review else None
    return every.text if every is not None else None
