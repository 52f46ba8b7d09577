"""The `classeur` MkDocs plugin: glue between MkDocs events and Classeur.

It never filters a full tree: MkDocs only ever reads a staging tree that holds
what the audience may read. Under `classeur build` the tree is staged before
MkDocs starts; under plain `mkdocs build` or `mkdocs serve`, `on_config`
stages it before MkDocs looks at any file.
"""

from __future__ import annotations

import posixpath
import re
import tempfile
from collections.abc import Callable
from datetime import date
from html import escape, unescape
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.commands.build import _build_page  # the helper writes pages as MkDocs does
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from classeur.check import check
from classeur.errors import PortalError
from classeur.forked import split_by_weight
from classeur.history import load_history
from classeur.manifest import PublishedDocument
from classeur.model import Severity
from classeur.site import pages
from classeur.site.config import ClasseurConfig
from classeur.site.panel import LinkMaker, page_header, page_history
from classeur.site.parallel import (
    ConversionCache,
    Converter,
    Filler,
    Writer,
    captured,
    digest,
    take,
)
from classeur.site.render import ALONE, Sharing
from classeur.site.sanitize import sanitize_html, sanitize_toc
from classeur.site.search import install_search_worker
from classeur.staging import Staged, site_path, stage

_GENERATED_NAV = (
    ("Accueil", pages.HOME),
    ("Revues", pages.REVIEWS),
    ("Responsables", pages.OWNERS),
    ("Couverture", pages.COVERAGE),
    ("Étiquettes", pages.TAGS),
    ("Dernières modifications", pages.CHANGES),
)
# Below this many pages a helper's start costs more than it saves.
_HELPER_THRESHOLD = 200
# A relative link to a page's Markdown, as generated pages write them in their tables.
_MARKDOWN_HREF = re.compile(r'href="([^":?#]+\.md)"')
_THEME_WEIGHT = 15_000  # characters of theme HTML around every page's own


class ClasseurPlugin(BasePlugin[ClasseurConfig]):
    """Metadata panel, banners, generated pages and navigation for one audience's site."""

    def __init__(self) -> None:
        self.staged: Staged | None = None
        self.progress: Callable[[int, int], None] | None = None  # (pages done, pages in all)
        self._done = 0
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._documents: dict[str, PublishedDocument] = {}
        self._generated: dict[str, str] = {}
        self._files = Files([])
        self._sharing = ALONE
        self._cache: ConversionCache | None = None
        self._filler: Filler | None = None
        self._nav: Navigation | None = None
        self._converter: Converter | None = None
        self._writer: Writer | None = None

    def use_staging(
        self,
        staged: Staged,
        progress: Callable[[int, int], None] | None = None,
        sharing: Sharing = ALONE,
    ) -> None:
        """Called by `classeur build`, which has staged the tree already."""
        self.staged, self.progress, self._sharing = staged, progress, sharing
        self._cache = ConversionCache(sharing.cache) if sharing.cache is not None else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.staged is None:
            self.staged = self._stage_for_mkdocs(config)
        manifest = self.staged.manifest
        config.docs_dir = str(self.staged.docs_dir)
        config.site_name = escape(f"{config.site_name} — {manifest.audience_name}")
        self._documents = {site_path(d.src): d for d in manifest.documents}
        self._generated = pages.generated_pages(manifest)
        config.nav = self._navigation()
        self._restrict_snippets(config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for path, markdown in self._generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"site_src/{path} clashes with a page Classeur generates. Rename it."
                )
            files.append(File.generated(config, path, content=markdown))
        self._files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        pages = files.documentation_pages()
        if self._sharing.second_core and len(pages) >= _HELPER_THRESHOLD:
            owned = split_by_weight(pages, lambda f: len(f.content_bytes))
            self._converter = Converter(config, files, owned, self._cache)
        if self._sharing.filler and self._cache is not None and len(pages) >= _HELPER_THRESHOLD:
            documents = [f for f in pages if f.src_uri in self._documents]
            self._filler = Filler(config, files, documents, self._cache)
        return nav

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        converter, cache, uri = self._converter, self._cache, page.file.src_uri
        owned = converter is not None and uri in converter.owned
        if not owned and (cache is None or uri not in self._documents):
            return page

        def render(config: MkDocsConfig, files: Files) -> None:
            markdown = page.markdown or ""
            found = cache.get(uri, markdown) if cache is not None else None
            if found is None and converter is not None and owned:
                made = converter.result(uri)
                # Only if it converted this very Markdown; otherwise MkDocs converts it.
                found = made if made is not None and made.digest == digest(markdown) else None
            if found is None and cache is not None and not cache.claim(uri, markdown):
                found = cache.wait(uri, markdown)  # another process is converting it now
            if found is not None:
                take(page, found, files)
                return
            try:
                Page.render(page, config, files)
            except Exception:
                if cache is not None:
                    cache.release(uri, markdown)
                raise
            if cache is not None:
                cache.put(uri, markdown, captured(page))

        page.render = render  # type: ignore[method-assign]  # this page only
        return page

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self._stop_converter()
        if self._filler is not None:  # left with pages others claimed: done soon
            self._filler.join()
            self._filler = None
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        if not self._sharing.second_core or self._nav is None or len(pages) < _HELPER_THRESHOLD:
            return env
        # Template work grows with the page's own HTML; the theme's part is the same for all.
        owned = split_by_weight(pages, lambda p: len(p.content or "") + _THEME_WEIGHT)
        nav, documentation = self._nav, files.documentation_pages()

        def write(page: Page) -> None:
            excluded = page.file.inclusion.is_excluded()
            _build_page(page, config, documentation, nav, env, False, excluded)

        self._writer = Writer(owned, write)
        for page in owned:  # MkDocs renders nothing for them (and so writes nothing)
            page.meta["template"] = Writer.SKIP
        theme = [env.loader] if env.loader is not None else []
        env.loader = ChoiceLoader([DictLoader({Writer.SKIP: ""}), *theme])
        return env

    @event_priority(100)  # before the tags plugin reads `tags`
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        document = self._documents.get(page.file.src_uri)
        if document is not None:
            page.meta["title"] = document.title
            page.meta["tags"] = list(document.access)
            page.meta["classeur_canary"] = document.canary
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.progress is not None:
            self._done += 1
            self.progress(self._done, len(self._documents) + len(self._generated))
        sanitize_toc(page.toc)
        if page.file.src_uri in self._generated:
            html = _resolve_links(html, page, files)
        return sanitize_html(html)

    @event_priority(-100)  # after the search plugin has indexed the page's own text
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Panel, banners, related documents and history around the page's text.

        Added once the search plugin has read the page: the same labels on every
        page would only swell the search index and blur its results.
        """
        document = self._documents.get(page.file.src_uri)
        if document is not None and page.content is not None:
            files = self._files
            link = LinkMaker(lambda path: _url_of(path, files, page))
            related = "".join(f"<li>{link(r)}</li>" for r in document.related)
            see_also = f'<h2 id="voir-aussi">Voir aussi</h2><ul>{related}</ul>' if related else ""
            page.content = (
                page_header(document, link) + page.content + see_also + page_history(document)
            )
        return context

    def on_build_error(self, error: Exception) -> None:
        self._stop_converter()
        if self._filler is not None:
            self._filler.stop()
            self._filler = None
        if self._writer is not None:
            self._writer.stop()
            self._writer = None

    def _stop_converter(self) -> None:
        if self._converter is not None:
            self._converter.stop()
            self._converter = None

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self._writer is not None:
            problems, self._writer = self._writer.problems(), None
            if problems:
                first, why = sorted(problems.items())[0]
                raise PluginError(f"{len(problems)} page(s) were not written, {first} first: {why}")
        install_search_worker(Path(config.site_dir))
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch, self.staged = None, None

    def _stage_for_mkdocs(self, config: MkDocsConfig) -> Staged:
        audience = self.config.audience
        if not audience:
            raise PluginError(
                "the classeur plugin needs an audience: nothing is published by default. Set "
                "`audience:` under `- classeur:` in mkdocs.yml, or run "
                "`classeur build --audience NAME`."
            )
        root = Path(config.config_file_path or ".").resolve().parent
        today = date.fromisoformat(self.config.today) if self.config.today else date.today()
        try:
            report = check(
                root,
                today=today,
                overdue_is_error=False,
                keep_bodies=True,
                history=load_history(root),
            )
            errors = [f.render() for f in report.findings if f.severity is Severity.ERROR]
            if errors:
                raise PluginError("invalid documents are never published:\n" + "\n".join(errors))
            self._scratch = tempfile.TemporaryDirectory(prefix="classeur-stage-")
            target = Path(self._scratch.name) / "stage"
            return stage(
                root, report, audience, include_drafts=self.config.include_drafts, target=target
            )
        except PortalError as error:
            raise PluginError(str(error)) from None

    def _navigation(self) -> list[Any]:
        """A constant-size navigation: generated pages and functions, never every document.

        Material repeats the navigation in every page; listing each document there
        would make the site grow with the square of the binder (5,000 pages: 7 GB).
        """
        assert self.staged is not None
        nav: list[Any] = [{title: path} for title, path in _GENERATED_NAV[:2]]
        functions = [
            {escape(f.label): pages.function_page(f.id)}
            for f in self.staged.manifest.functions
            if pages.function_page(f.id) in self._generated
        ]
        nav.append({"Fonctions": functions})
        nav += [{title: path} for title, path in _GENERATED_NAV[2:]]
        docs = self.staged.docs_dir
        own = sorted(
            p.relative_to(docs).as_posix()
            for p in docs.rglob("*.md")
            if p.relative_to(docs).as_posix() not in self._documents
        )
        return nav + own

    def _restrict_snippets(self, config: MkDocsConfig) -> None:
        """Snippet includes may read site_src/snippets only, never a document or a system file."""
        if self.staged is None or "pymdownx.snippets" not in config.markdown_extensions:
            return
        options = config.mdx_configs.setdefault("pymdownx.snippets", {})
        options.update(
            base_path=[str(self.staged.snippets_dir)],
            restrict_base_path=True,
            check_paths=True,
            url_download=False,
            auto_append=[],
        )


def _resolve_links(html: str, page: Page, files: Files) -> str:
    """Links to Markdown in a generated page's HTML tables, made URLs as MkDocs makes them."""
    folder = posixpath.dirname(page.file.src_uri)

    def url(link: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(folder, unescape(link[1])))
        found = _url_of(target, files, page)
        return f'href="{escape(found)}"' if found is not None else link[0]

    return _MARKDOWN_HREF.sub(url, html)


def _url_of(path: str, files: Files, page: Page) -> str | None:
    """The URL of a site path relative to `page` (None when not in the site)."""
    file = files.get_file_from_path(path)
    return get_relative_url(file.url, page.url) if file is not None else None
