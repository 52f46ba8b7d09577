"""Write one audience's staging tree: only what it may read, ready for any renderer.

The renderer only ever sees this tree: the site's own pages from site_src/,
the published documents' bodies re-emitted by the strict parser (under a
header the core writes itself: title, tags, canary), with their banners,
metadata panel, related documents and history already in place, the
generated pages, the attachments, and a standalone renderer configuration.
Every page's content sits between the build's region markers, which the
post-build pass sanitises. Nothing else exists there, so a renderer that
ignores plugins still cannot publish a restricted page, nor skip a panel.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _
from classeur.model.corpus import SITE_SOURCE
from classeur.model.links import LinkFate, neutralise_unsafe_ids, rewrite_links
from classeur.model.report import Report
from classeur.pilotage.records import SteeringPack
from classeur.publish.continuity_pages import continuity_site
from classeur.publish.feed import FEED, atom_feed
from classeur.publish.manifest import MANIFEST_NAME, Manifest, PublishedDocument, build_manifest
from classeur.publish.navigation import Nav, navigation
from classeur.publish.pages import generated_pages
from classeur.publish.panel import EmailOf, LinkMaker, page_footer, page_header
from classeur.publish.pilotage_pages import (
    FROM_BINDER,
    FromBinder,
    audience_pack,
    latest_status_words,
    pilotage_section,
    with_latest_status,
)
from classeur.publish.regions import Markers
from classeur.publish.renderer_config import write_config
from classeur.publish.urls import site_path

OVERRIDES = "overrides"  # theme templates: read by the theme, never published as pages
SNIPPETS = "snippets"  # the only folder snippet includes may read
# pymdownx.snippets markers at a line start; escaped in documents so none can include a file.
_SNIPPET_MARKER = re.compile(r"^(\s*)(-+8<-+)", re.MULTILINE)
# attr_list's data-toc-label goes into the table of contents unescaped: never from a document.
_TOC_LABEL = re.compile(r"data-toc-label", re.IGNORECASE)
_OWN_HEADER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.DOTALL)
_TITLE_LINE = re.compile(r"(?:[ \t]*\n)*# [^\n]*\n")


@dataclass(frozen=True)
class Staged:
    """A staging tree on disk."""

    root: Path
    manifest: Manifest
    markers: Markers
    site_name: str
    nav: Nav
    pages: tuple[str, ...]  # every staged Markdown page, site paths

    @property
    def docs_dir(self) -> Path:
        """The renderer's input folder."""
        return self.root / "docs"

    @property
    def snippets_dir(self) -> Path:
        """Where snippet includes may read from (a copy of site_src/snippets)."""
        return self.root / SNIPPETS


def stage(
    root: Path,
    report: Report,
    audience: str,
    *,
    include_drafts: bool,
    target: Path,
    markers: Markers,
    site_name: str = "Classeur des procédures",
    keep_plugin: bool = True,
    pilotage: SteeringPack | FromBinder | None = FROM_BINDER,
    writer: StageWriter | None = None,
    site_url: str | None = None,
) -> Staged:
    """Write the staging tree of `audience` at `target` (which must not exist).

    `pilotage`: the audience's steering pack for the Pilotage section (None: no
    section), computed here by default; `build` computes every audience's once.
    `writer`: how its files are written; `serve`'s live preview passes one that
    stages again over the same tree, writing only the files that changed.
    `site_url`: where the site is published (the audience's `url`), for the pages
    that must name it whole: the 404 page, served at any depth, loads its styles so.
    """
    writer = writer or StageWriter()
    if audience not in report.policy.audiences:
        known = ", ".join(report.policy.audiences) or "none"
        raise PortalError(
            _('unknown audience "{audience}". Known audiences: {known}.').format(
                audience=audience, known=known
            )
        )
    manifest = build_manifest(report, audience, include_drafts=include_drafts, files=report.files)
    target.mkdir(parents=True, exist_ok=writer.over_existing)
    docs = target / "docs"
    own = _copy_site_source(root / SITE_SOURCE, target, markers, writer)
    generated = generated_pages(manifest)
    continuity = continuity_site(root, report, manifest)  # issue #13: Réversibilité
    generated |= continuity.pages
    # Pilotage (issue #12): its pages are generated pages; its charts are files beside them.
    pack = audience_pack(root, report, audience) if pilotage is FROM_BINDER else pilotage
    section = pilotage_section(report, pack, manifest) if pack is not None else None
    if section is not None:
        generated |= section.pages
        for path, svg in section.charts.items():
            writer.page(docs / path, svg)
    for path, markdown in generated.items():
        if path in own:
            raise PortalError(
                _("{path} clashes with a page Classeur generates. Rename it.").format(
                    path=f"{SITE_SOURCE}/{path}"
                )
            )
        writer.page(docs / path, _wrap_page(markdown, markers))
    writer.page(docs / FEED, atom_feed(manifest))  # issue #15: « Quoi de neuf » in feed readers
    fates = _link_fates(report, manifest)
    bodies = {str(s.document.path): s.document.body for s in report.documents}
    published = {site_path(d.src) for d in manifest.documents}
    latest = latest_status_words(pack)
    email_of = _first_emails(report)
    context = _context_digest(fates, published, report) if writer.remembers else ""
    for document in manifest.documents:
        shown = continuity.panel_document(document)  # a plan's panel shows its readiness
        shown = with_latest_status(shown, latest)
        text = bodies.get(document.src)
        body = writer.body(
            (context, shown.model_dump_json(), text) if writer.remembers else None,
            lambda: _staged_body(shown, text, fates, published, email_of),  # noqa: B023
        )
        writer.page(docs / site_path(document.src), _header(document) + markers.wrap(body))
    for attachment in manifest.attachments:
        writer.copy(root / attachment, docs / site_path(attachment))
    name = f"{site_name} — {manifest.audience_name}"
    nav = navigation(manifest, generated, own)
    write_config(root, target, site_name=name, nav=nav, keep_plugin=keep_plugin, site_url=site_url)
    write_atomic(target / MANIFEST_NAME, manifest.model_dump_json(indent=1).encode("utf-8"))
    pages = tuple(sorted([*own, *generated, *published]))
    return Staged(target, manifest, markers, name, nav, pages)


def _copy_site_source(
    source: Path, target: Path, markers: Markers, writer: StageWriter
) -> list[str]:
    """Copy site_src/ (pages wrapped in the markers); return its pages' site paths."""
    docs, snippets = target / "docs", target / SNIPPETS
    docs.mkdir(exist_ok=writer.over_existing)
    snippets.mkdir(exist_ok=writer.over_existing)
    pages: list[str] = []
    if not source.is_dir():
        return pages
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_symlink():
            raise PortalError(
                _("{path} is a symbolic link; links are refused. Replace it with a copy.").format(
                    path=f"{SITE_SOURCE}/{relative.as_posix()}"
                )
            )
        if not path.is_file() or relative.parts[0] == OVERRIDES:
            continue
        if relative.parts[0] == SNIPPETS:
            writer.copy(path, snippets / Path(*relative.parts[1:]))
        elif path.suffix == ".md":
            pages.append(relative.as_posix())
            writer.page(docs / relative, _wrap_page(path.read_text(encoding="utf-8"), markers))
        else:
            writer.copy(path, docs / relative)
    return pages


def _wrap_page(text: str, markers: Markers) -> str:
    """A site or generated page's content between the markers.

    Its YAML header and its opening `# Title` line stay first: MkDocs takes a
    page's title from its first element only. Both are the company's own text
    (site_src/ is protected from the provider) or the core's escaped text.
    """
    header = _OWN_HEADER.match(text)
    start = header.end() if header else 0
    title = _TITLE_LINE.match(text, start)
    if title is not None:
        start = title.end()
    return text[:start] + markers.wrap(text[start:])


def _header(document: PublishedDocument) -> str:
    """The page's metadata for the renderer, written by the core as inert JSON values."""
    return (
        "---\n"
        # Material prints the title unescaped (header, <h1>): the core escapes it.
        f"title: {json.dumps(escape(document.title, quote=False), ensure_ascii=False)}\n"
        f"tags: [{', '.join(json.dumps(t, ensure_ascii=False) for t in document.access_labels)}]\n"
        f"classeur_canary: {json.dumps(document.canary)}\n"
        "---\n\n"
    )


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


def _context_digest(fates: dict[str, LinkFate], published: set[str], report: Report) -> str:
    """What a staged body depends on beyond its document and text, as one fingerprint."""
    people = sorted((p, tuple(person.emails)) for p, person in report.policy.people.items())
    seen = repr((sorted(fates.items()), sorted(published), people))
    return hashlib.blake2b(seen.encode("utf-8"), digest_size=20).hexdigest()


def _first_emails(report: Report) -> EmailOf:
    """A person's first e-mail in people.yml (owners and maintainers become contacts)."""
    people = report.policy.people

    def email_of(person: str) -> str | None:
        found = people.get(person)
        return found.emails[0] if found is not None and found.emails else None

    return email_of


def _staged_body(
    document: PublishedDocument,
    body: str | None,
    fates: dict[str, LinkFate],
    published: set[str],
    email_of: EmailOf,
) -> str:
    """Banners and panel, the body with its links decided, related documents and history."""
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
    if "toc-label" in body:
        body = _TOC_LABEL.sub("data-classeur-ignored", body)
    if "{" in body:  # check refuses unsafe attr_list ids; they are never staged as written
        body = neutralise_unsafe_ids(body)
    page_folder = posixpath.dirname(site_path(document.src))

    def url_of(path: str) -> str | None:
        # Source-relative Markdown paths, as authors write them; the post-build pass makes URLs.
        return posixpath.relpath(path, page_folder or ".") if path in published else None

    link = LinkMaker(url_of)
    header, footer = page_header(document, link, email_of), page_footer(document, link)
    return f"{header}\n\n{body}\n\n{footer}" if footer else f"{header}\n\n{body}"


class StageWriter:
    """Writes a staging tree's files, into a folder that did not exist."""

    over_existing = False  # whether the tree may exist already (then only changes are written)
    remembers = False  # whether `body` keeps what it made, for the next staging

    def body(self, key: Hashable, make: Callable[[], str]) -> str:
        """A document's staged body; `key` is all it depends on (for a writer that remembers)."""
        return make()

    def page(self, target: Path, text: str) -> None:
        """Write a page (or any text) of the tree."""
        _write_page(target, text)

    def copy(self, source: Path, target: Path) -> None:
        """Copy a file of the binder into the tree."""
        _copy_file(source, target)


def _write_page(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _copy_file(source: Path, target: Path) -> None:
    if source.is_symlink() or not source.is_file():
        raise PortalError(
            _("{path} is not a regular file; it cannot be published.").format(path=source)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
