"""The pages a source holds, each with where it lands and how its links resolve: every
Markdown page of a GitBook or MkDocs folder, or the one page a Word file becomes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from classeur.binder.scaffold import slugify
from classeur.common.i18n import _
from classeur.importing.header import split_source, take_title, title_from_name
from classeur.importing.placement import INDEX_NAMES, page_target
from classeur.importing.sources import FolderContent, Source, read_folder
from classeur.importing.word import MEDIA_FOLDER, convert_word
from classeur.model.findings import Finding, Severity

_WORD_PAGE = PurePosixPath("document.md")  # the converted text's place among its media


@dataclass(frozen=True)
class Page:
    """One page to import and everything its conversion needs to know."""

    shown: str  # the source page as the user named it, for the report
    target: PurePosixPath  # root-relative
    text: str
    modified: date
    fallback_title: str  # from the file name, when no heading gives one
    origin: Path  # the folder its links are relative to (pages root, or the media's)
    relative: PurePosixPath  # the page within `origin`
    content: FolderContent  # what `origin` holds
    targets: Mapping[PurePosixPath, PurePosixPath]  # every page of the source -> its target
    titles: Mapping[PurePosixPath, str] = field(default_factory=dict)  # source page -> title
    attachment_prefix: str = ""  # Word media are named after their document
    has_lines: bool = True  # False: a converted Word file, whose notes are about the whole file

    def moved(self, target: PurePosixPath) -> Page:
        """The same page written elsewhere."""
        return dataclasses.replace(self, target=target)


def folder_pages(
    source: Source, base: PurePosixPath, taken: set[PurePosixPath]
) -> tuple[list[Page], list[Finding]]:
    """Every page of a GitBook or MkDocs folder, under a folder of `base` named after it."""
    content = read_folder(source.pages_root)
    folder = _free_folder(base / slugify(source.given.resolve().name), taken)
    targets = {page: page_target(folder, page) for page in content.pages}
    texts = {page: (source.pages_root / page).read_text("utf-8") for page in content.pages}
    titles = {page: title for page, text in texts.items() if (title := _title_of(text))}
    pages = [
        Page(
            (source.pages_root / page).as_posix(),
            targets[page],
            texts[page],
            _modified(source.pages_root / page),
            _fallback_title(page, source),
            source.pages_root,
            page,
            content,
            targets,
            titles,
        )
        for page in content.pages
    ]
    return pages, _left_out(source, content)


def word_page(
    source: Source, base: PurePosixPath, workdir: Path
) -> tuple[list[Page], list[Finding]]:
    """The one page a Word or OpenDocument file becomes, its images in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    converted = convert_word(source.given, source.kind, workdir)
    header = split_source(converted.markdown)
    title = header.title or take_title(header.body)[0] or title_from_name(source.given.stem)
    slug = slugify(title)
    content = (
        read_folder(workdir)
        if (workdir / MEDIA_FOLDER).exists()
        else FolderContent((), frozenset(), (), ())
    )
    page = Page(
        source.given.as_posix(),
        base / f"{slug}.md",
        converted.markdown,
        _modified(source.given),
        title_from_name(source.given.stem),
        workdir,
        _WORD_PAGE,
        content,
        {},
        {},
        f"{slug}-",
        has_lines=False,
    )
    return [page], [note.at(source.given.as_posix()) for note in converted.notes]


def _fallback_title(page: PurePosixPath, source: Source) -> str:
    """A title from the names: the file's, or for an index page its folder's."""
    if page.stem.lower() not in INDEX_NAMES:
        return title_from_name(page.stem)
    return title_from_name(page.parent.name or source.given.resolve().name)


def _title_of(text: str) -> str | None:
    """A page's title as its import will give it (front matter, else first heading)."""
    header = split_source(text)
    return header.title or take_title(header.body)[0]


def _free_folder(wanted: PurePosixPath, taken: set[PurePosixPath]) -> PurePosixPath:
    """A folder no document of this import uses yet (two sources with one name)."""
    candidate, number = wanted, 2
    while any(t.is_relative_to(candidate) for t in taken):
        candidate = wanted.with_name(f"{wanted.name}-{number}")
        number += 1
    return candidate


def _modified(path: Path) -> date:
    return date.fromtimestamp(path.stat().st_mtime)


def _left_out(source: Source, content: FolderContent) -> list[Finding]:
    """Hidden entries and symbolic links, each named: nothing is skipped silently."""
    findings = []
    for hidden in content.hidden:
        path = source.pages_root / hidden
        findings.append(
            Finding(
                path.as_posix(),
                0,
                "hidden-skipped",
                _(
                    "hidden folder, not imported. Move its pages out of it and import them if "
                    "readers need them."
                )
                if path.is_dir()
                else _("hidden file, not imported."),
                Severity.NOTICE,
            )
        )
    for link in content.symlinks:
        findings.append(
            Finding(
                (source.pages_root / link).as_posix(),
                0,
                "symlink-skipped",
                _(
                    "symbolic link, never followed: it could lead out of the source folder. "
                    "Replace it with a copy of the file if readers need it."
                ),
                Severity.WARNING,
            )
        )
    return findings
