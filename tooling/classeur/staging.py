"""Write one audience's staging tree: only what it may read, ready for a renderer.

The renderer (MkDocs) only ever sees this tree: the site's own pages from
site_src/, the published documents' bodies re-emitted by the strict parser
(no YAML header left for the renderer to interpret), their attachments, and
the manifest beside them (outside the pages). Nothing else exists there, so a
renderer that ignores plugins still cannot publish a restricted page.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from classeur.check import SITE_SOURCE, Report
from classeur.errors import PortalError
from classeur.fileio import write_atomic
from classeur.links import LinkFate, rewrite_links
from classeur.manifest import MANIFEST_NAME, Manifest, PublishedDocument, build_manifest

OVERRIDES = "overrides"  # theme templates: read by the theme, never published as pages
SNIPPETS = "snippets"  # the only folder snippet includes may read
# pymdownx.snippets markers at a line start; escaped in documents so none can include a file.
_SNIPPET_MARKER = re.compile(r"^(\s*)(-+8<-+)", re.MULTILINE)


@dataclass(frozen=True)
class Staged:
    """A staging tree on disk."""

    root: Path
    manifest: Manifest

    @property
    def docs_dir(self) -> Path:
        """The renderer's input folder."""
        return self.root / "docs"

    @property
    def snippets_dir(self) -> Path:
        """Where snippet includes may read from (a copy of site_src/snippets)."""
        return self.root / SNIPPETS


def site_path(src: str) -> str:
    """Where a binder file lands in the site: a sibling source's `../` is dropped."""
    if not src.startswith("."):
        return src  # the usual case, and a hot path
    parts = [part for part in PurePosixPath(src).parts if part not in ("..", ".")]
    return "/".join(parts)


def stage(
    root: Path, report: Report, audience: str, *, include_drafts: bool, target: Path
) -> Staged:
    """Write the staging tree of `audience` at `target` (which must not exist)."""
    if audience not in report.policy.audiences:
        known = ", ".join(report.policy.audiences) or "none"
        raise PortalError(f'unknown audience "{audience}". Known audiences: {known}.')
    manifest = build_manifest(report, audience, include_drafts=include_drafts, files=report.files)
    staged = Staged(target, manifest)
    target.mkdir(parents=True)
    _copy_site_source(root / SITE_SOURCE, staged)
    fates = _link_fates(report, manifest)
    bodies = {str(s.document.path): s.document.body for s in report.documents}
    for document in manifest.documents:
        _stage_document(document, bodies.get(document.src), fates, staged.docs_dir)
    for attachment in manifest.attachments:
        _copy_file(root / attachment, staged.docs_dir / site_path(attachment))
    write_atomic(target / MANIFEST_NAME, manifest.model_dump_json(indent=1).encode("utf-8"))
    return staged


def _copy_site_source(source: Path, staged: Staged) -> None:
    staged.docs_dir.mkdir()
    staged.snippets_dir.mkdir()
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_symlink():
            raise PortalError(
                f"{SITE_SOURCE}/{relative.as_posix()} is a symbolic link; links are refused. "
                "Replace it with a copy."
            )
        if not path.is_file() or relative.parts[0] == OVERRIDES:
            continue
        if relative.parts[0] == SNIPPETS:
            _copy_file(path, staged.snippets_dir / Path(*relative.parts[1:]))
        else:
            _copy_file(path, staged.docs_dir / relative)


def _link_fates(report: Report, manifest: Manifest) -> dict[str, LinkFate]:
    """For every document file: keep links to it, unlink them, or redact them."""
    published = {d.src for d in manifest.documents}
    fates: dict[str, LinkFate] = {}
    for summary in report.documents:
        src = str(summary.document.path)
        if src in published:
            fates[src] = LinkFate.KEEP
        elif manifest.audience in summary.audiences:
            fates[src] = LinkFate.UNLINK  # readable but not published (draft, archived)
        else:
            fates[src] = LinkFate.REDACT
    return fates


def _stage_document(
    document: PublishedDocument, body: str | None, fates: dict[str, LinkFate], docs: Path
) -> None:
    if body is None:  # a caller forgot check(keep_bodies=True): a bug, so a traceback
        raise RuntimeError(f"no body kept for {document.src}")
    folder = posixpath.dirname(document.src)

    def decide(target: str) -> LinkFate:
        resolved = posixpath.normpath(posixpath.join(folder, target))
        if not resolved.endswith(".md"):
            return LinkFate.KEEP  # attachments: copied when they exist
        return fates.get(resolved, LinkFate.REDACT)  # unknown or invalid: say nothing of it

    if "](" in body or "]:" in body:
        body = rewrite_links(body, decide)
    if "8<" in body:
        body = _SNIPPET_MARKER.sub(r"\1\\\2", body)
    # The leading blank line stops MkDocs from reading any line of the body as metadata.
    target = docs / site_path(document.src)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n" + body, encoding="utf-8")


def _copy_file(source: Path, target: Path) -> None:
    if source.is_symlink() or not source.is_file():
        raise PortalError(f"{source} is not a regular file; it cannot be published.")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
