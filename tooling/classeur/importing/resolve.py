"""Where each reference of an imported page points once imported: another imported
page, a folder's index page, or an attachment copied beside the document. What leads
nowhere (a missing file, a file outside the source, a symbolic link, a type the site
never publishes) is reported, and the Markdown link keeps its words."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from classeur.common.i18n import _
from classeur.importing.links import is_local, rewrite_links, split_target
from classeur.importing.pages import Page
from classeur.importing.placement import INDEX_NAMES, attachment_name, free_path, relative_link
from classeur.importing.report import Note
from classeur.model.attachments import ATTACHMENT_SUFFIXES, is_attachment_type
from classeur.model.findings import Severity


@dataclass
class Resolver:
    """Resolves one page's references; copies planned in the import's `attachments`."""

    page: Page
    root: Path
    attachments: dict[PurePosixPath, Path]  # shared by the whole import
    notes: list[Note] = field(default_factory=list)
    used: list[PurePosixPath] = field(default_factory=list)

    def rewrite(self, body: str, first_line: int) -> str:
        """`body` with its references pointing where the imported files are."""
        return rewrite_links(body, first_line, self.resolve)

    def resolve(self, raw: str, line: int) -> str | None:
        """The target to write for `raw`, or None when it leads to nothing imported."""
        path, rest = split_target(raw)
        if not is_local(raw) or not path:
            return raw
        # GitBook reads `/a/b.md` from the top of the space
        start = "." if path.startswith("/") else str(self.page.relative.parent)
        joined = posixpath.normpath(posixpath.join(start, path.lstrip("/")))
        if joined == ".." or joined.startswith("../"):
            return self._lost(line, raw, _("it points outside the source folder, which "
                                           "import never reads"))  # fmt: skip
        found = PurePosixPath(joined)
        content = self.page.content
        if found in content.symlinks:
            return self._lost(line, raw, _("it is a symbolic link, never followed"))
        page = self._page_at(found)
        if page is not None:
            return relative_link(self.page.targets[page], self.page.target) + rest
        if found in content.files and found.suffix.lower() != ".md":
            return self._attachment(found, raw, line, rest)
        if _is_folder(found, content.files):
            return self._lost(line, raw, _("the folder has no README.md or index.md page"))
        return self._lost(line, raw, _("no such file in the source"))

    def title_of(self, raw: str) -> str | None:
        """The title of the imported page `raw` leads to, if it leads to one."""
        path = split_target(raw)[0]
        if not is_local(raw) or not path:
            return None
        start = "." if path.startswith("/") else str(self.page.relative.parent)
        page = self._page_at(
            PurePosixPath(posixpath.normpath(posixpath.join(start, path.lstrip("/"))))
        )
        return self.page.titles.get(page) if page is not None else None

    def _page_at(self, found: PurePosixPath) -> PurePosixPath | None:
        """The source page at `found`, or the index page of the folder `found`."""
        return found if found in self.page.targets else self._index_of(found)

    def _index_of(self, folder: PurePosixPath) -> PurePosixPath | None:
        for page in self.page.targets:
            if page.parent == folder and page.stem.lower() in INDEX_NAMES:
                return page
        return None

    def _attachment(self, found: PurePosixPath, raw: str, line: int, rest: str) -> str | None:
        if not is_attachment_type(found.name):
            kinds = ", ".join(sorted(s.lstrip(".") for s in ATTACHMENT_SUFFIXES))
            return self._lost(
                line,
                raw,
                _(
                    "the site never publishes files of this type; convert it to one of: {kinds}"
                ).format(kinds=kinds),
            )
        origin = self.page.origin / found
        folder = self.page.target.parent
        target = next(
            (t for t, o in self.attachments.items() if o == origin and t.parent == folder), None
        )
        if target is None:
            wanted = folder / (self.page.attachment_prefix + attachment_name(found.name))
            target = free_path(wanted, self._taken)
            self.attachments[target] = origin
        if target not in self.used:
            self.used.append(target)
        return relative_link(target, self.page.target) + rest

    def _taken(self, path: PurePosixPath) -> bool:
        on_disk = self.root / path
        return path in self.attachments or on_disk.exists() or on_disk.is_symlink()

    def _lost(self, line: int, raw: str, why: str) -> str | None:
        self.notes.append(
            Note(
                line,
                "unresolved-link",
                _(
                    "`{target}`: {why}. A Markdown link keeps its words and shows the target as "
                    "code; fix it by hand."
                ).format(target=raw, why=why),
                Severity.WARNING,
            )
        )
        return None


def _is_folder(found: PurePosixPath, files: frozenset[PurePosixPath]) -> bool:
    return any(f.is_relative_to(found) and f != found for f in files)
