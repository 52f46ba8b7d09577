"""The `classeur` MkDocs plugin: navigation, theme glue and a faster build.

The publishing core has already written everything a reader sees into the
staging tree (panels, banners, generated pages, navigation) and sanitises the
output after the build (publish/postbuild.py), so a build without this plugin
publishes the same pages. What the plugin adds: under plain `mkdocs build` or
`mkdocs serve` it stages the tree itself before MkDocs looks at any file and
runs the post-build pass after; under `classeur build` it shares the work
with helper processes (parallel.py) and reports progress; and it installs the
site's French search worker.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from classeur.binder.check import check
from classeur.common.errors import PortalError
from classeur.common.fileio import scratch_folder
from classeur.common.forked import kept_logs, replay, split_by_weight
from classeur.git.history import load_history
from classeur.model.findings import Severity
from classeur.publish.postbuild import finish_site
from classeur.publish.regions import Markers, new_nonce
from classeur.publish.renderer import ALONE, Progress, Sharing
from classeur.publish.renderer_config import SNIPPETS, snippet_confinement
from classeur.publish.staging import Staged, stage
from classeur.site.config import ClasseurConfig
from classeur.site.internals import write_page
from classeur.site.parallel import (
    ConversionCache,
    Converter,
    Filler,
    Writer,
    captured,
    digest,
    take,
)
from classeur.site.search import install_search_worker
from classeur.site.slots import Slots

# What MkDocs has loaded once every page is converted, before any is written.
Keeper = Callable[[MkDocsConfig, Files, Navigation, Environment], None]
# Below this many pages a helper's start costs more than it saves.
_HELPER_THRESHOLD = 200
_THEME_WEIGHT = 15_000  # characters of theme HTML around every page's own


class ClasseurPlugin(BasePlugin[ClasseurConfig]):
    """Staging under plain MkDocs, helpers and progress under `classeur build`."""

    def __init__(self) -> None:
        self.staged: Staged | None = None
        self.progress: Progress | None = None
        self._done = 0
        self._slots = Slots("")
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._documents: set[str] = set()
        self._sharing = ALONE
        self._cache: ConversionCache | None = None
        self._filler: Filler | None = None
        self._nav: Navigation | None = None
        self._converter: Converter | None = None
        self._writer: Writer | None = None
        self._last_own_page = ""  # the last page MkDocs writes before the writer's
        # `serve`'s live preview keeps what MkDocs loaded, to render changed pages later.
        self.keeper: Keeper | None = None

    def use_staging(
        self, staged: Staged, progress: Progress | None = None, sharing: Sharing = ALONE
    ) -> None:
        """Called by `classeur build`, which has staged the tree already."""
        self.staged, self.progress, self._sharing = staged, progress, sharing
        self._cache = ConversionCache(sharing.cache) if sharing.cache is not None else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.staged is None:
            self.staged = self._stage_for_mkdocs(config)
            self._apply(self.staged, config)
        self._documents = {d.src for d in self.staged.manifest.documents}
        self._slots = Slots(self.staged.markers.nonce)
        return config

    @event_priority(-100)  # after other plugins: the blocks leave just before conversion
    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self._slots.take(page.file.src_uri, markdown)

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
            else:
                _convert(page, config, files, cache)

        page.render = render  # type: ignore[method-assign]  # this page only
        return page

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.keeper is not None and self._nav is not None:
            self.keeper(config, files, self._nav, env)
        self._stop_converter()
        if self._filler is not None:  # left with pages others claimed: done soon
            self._filler.join()
            self._filler = None
        pages = [f.page for f in files.documentation_pages() if f.page is not None]
        if not self._sharing.second_core or self._nav is None or len(pages) < _HELPER_THRESHOLD:
            return env
        # Template work grows with the page's own HTML; the theme's part is the same for all.
        owned = split_by_weight(pages, lambda p: len(p.content or "") + _THEME_WEIGHT)
        if not owned:
            return env
        nav, documentation = self._nav, files.documentation_pages()

        def write(page: Page) -> None:
            write_page(page, config, documentation, nav, env)

        # MkDocs then writes nothing for them. The live preview's keeper follows each page's
        # search entries as MkDocs' index makes them: that index makes them all itself.
        self._writer = Writer(owned, write, config, share_search=self.keeper is None)
        self._last_own_page = pages[len(pages) - len(owned) - 1].file.src_uri
        theme = [env.loader] if env.loader is not None else []
        env.loader = ChoiceLoader([DictLoader({Writer.SKIP: ""}), *theme])
        return env

    @event_priority(-100)  # after the search plugin has read the page without the blocks
    def on_page_context(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # The blocks are kept out of the search index anyway (data-search-exclude); put
        # back only now, Material's search does not parse them for nothing (half its time).
        if page.content is not None:
            page.content = self._slots.restore(page.file.src_uri, page.content)
        if self._writer is not None and page.file.src_uri == self._last_own_page:
            # The writer's pages come next: MkDocs renders them if the helper has no result.
            self._writer.take_back()
        return context

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.progress is not None and self.staged is not None:
            self._done += 1
            self.progress(self._done, len(self.staged.pages))
        return html

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
    def _wait_and_install(self, config: MkDocsConfig) -> None:
        if self._writer is not None:
            self._writer.stop_sharing_search()
            problems, self._writer = self._writer.problems(), None
            if problems:
                first, why = sorted(problems.items())[0]
                raise PluginError(f"{len(problems)} page(s) were not written, {first} first: {why}")
        install_search_worker(Path(config.site_dir))

    @event_priority(-100)  # once every plugin has written its files
    def _finish_own_staging(self, config: MkDocsConfig) -> None:
        """Under plain MkDocs, the core's post-build pass (`classeur build` runs its own)."""
        if self._scratch is None or self.staged is None:
            return
        staged = self.staged
        site = Path(config.site_dir)
        problems = finish_site(site, staged.pages, staged.markers, helper=False)
        self._scratch.cleanup()
        self._scratch, self.staged = None, None
        if problems:
            raise PluginError("\n".join(f.render() for f in problems))

    on_post_build = CombinedEvent(_wait_and_install, _finish_own_staging)

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
            self._scratch = scratch_folder("classeur-stage-")
            target = Path(self._scratch.name) / "stage"
            return stage(
                root,
                report,
                audience,
                include_drafts=self.config.include_drafts,
                target=target,
                markers=Markers(new_nonce()),
                site_name=config.site_name,
            )
        except PortalError as error:
            raise PluginError(str(error)) from None

    def _apply(self, staged: Staged, config: MkDocsConfig) -> None:
        """What the staged configuration says, for a build started from the binder's own."""
        config.docs_dir = str(staged.docs_dir)
        config.site_name = escape(staged.site_name)
        config.nav = staged.nav
        if SNIPPETS in config.markdown_extensions:
            options = config.mdx_configs.setdefault(SNIPPETS, {})
            options.update(snippet_confinement(staged.snippets_dir))


def _convert(page: Page, config: MkDocsConfig, files: Files, cache: ConversionCache | None) -> None:
    """MkDocs' own conversion; with a cache, kept there with what it logged for the others."""
    markdown = page.markdown or ""
    records: list[logging.LogRecord] = []
    try:
        with kept_logs(records):
            Page.render(page, config, files)
    except Exception:
        if cache is not None:
            cache.release(page.file.src_uri, markdown)
        raise
    finally:
        replay(records)  # logged here as MkDocs would have
    if cache is not None:
        cache.put(page.file.src_uri, markdown, captured(page, records))
