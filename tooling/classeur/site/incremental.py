"""A site MkDocs keeps loaded, so that `serve` renders only the pages a save changed.

The first build is MkDocs' own, with the Classeur plugin; what MkDocs loaded
for it (configuration, files, navigation, template environment, every page
converted) stays in memory. A later change whose pages keep their place,
title and tags in the navigation is rendered page by page with MkDocs' own
steps (the same events, so the same HTML), into a folder of its own; the
search index is the first build's with those pages' entries replaced in place.
Anything else (a page added or removed, a title changed) needs a new build.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from classeur.common.errors import PortalError
from classeur.publish.renderer_config import CONFIG_NAME
from classeur.publish.staging import Staged
from classeur.site.internals import populate_page, record_search_entries, write_page
from classeur.site.plugin import ClasseurPlugin
from classeur.site.search import deprecated_pages, deprecation_of, installed_worker, worker_script

SEARCH_INDEX = "search/search_index.json"
Entries = list[dict[str, Any]]
Deprecated = dict[str, dict[str, list[str]]]


@dataclass
class _Loaded:
    """What MkDocs loaded for the first build."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment
    index: Any  # Material's SearchIndex
    entries: dict[str, Entries] = field(default_factory=dict)  # page -> its entries, in order
    # MkDocs keeps one instance of a plugin with startup hooks (search, tags) per process,
    # and every audience's build gave it its own state: put this audience's back first.
    plugins: dict[str, dict[str, Any]] = field(default_factory=dict)

    def restore(self) -> None:
        """Give the plugins MkDocs shares between configurations this site's state again."""
        for name, plugin in self.config.plugins.items():
            plugin.__dict__.update(self.plugins[name])


class LiveSite:
    """One audience's site, built once by MkDocs, then re-rendered page by page."""

    def __init__(self, staged: Staged, site: Path, loaded: _Loaded, deprecated: Deprecated):
        self.staged, self.site = staged, site
        self._loaded, self._deprecated = loaded, deprecated

    @classmethod
    def build(cls, staged: Staged, site: Path) -> LiveSite:
        """Build `staged` into `site` (which must not exist) with MkDocs, keeping its state."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        kept: list[_Loaded] = []
        try:
            config = load_config(str(staged.root / CONFIG_NAME), site_dir=str(site.resolve()))
            plugin = next(p for p in config.plugins.values() if isinstance(p, ClasseurPlugin))
            plugin.use_staging(staged)
            plugin.keeper = lambda *state: kept.append(_keep(*state))
            build(config)
        except StopIteration:
            raise PortalError(
                "mkdocs.yml does not enable the classeur plugin; add `- classeur` under plugins."
            ) from None
        except MkDocsException as error:
            raise PortalError(f"the site could not be built: {error}") from None
        kept[0].index.entries = []  # kept per page from now on
        # What the search worker names, read before the post-build pass relinks the pages.
        return cls(staged, site, kept[0], deprecated_pages(site))

    def moved_to(self, site: Path) -> None:
        """The built site now lives at `site` (swapped into place)."""
        self.site = site
        self._loaded.config.site_dir = str(site.resolve())
        for file in self._loaded.files:
            file.dest_dir = str(site.resolve())
            file.__dict__.pop("abs_dest_path", None)  # a cached property

    def render(self, pages: list[str], into: Path) -> list[str]:
        """Render these staged pages into `into`, with the search files; their site paths."""
        loaded = self._loaded
        loaded.restore()
        chosen = [self._page(uri) for uri in pages]
        documentation = loaded.files.documentation_pages()
        for page in chosen:
            page.file.abs_dest_path = str(into / page.file.dest_uri)
        try:
            for page in chosen:
                populate_page(page, loaded.config, loaded.files)
            for page in chosen:  # the search plugin notes each page's entries (see _keep)
                write_page(page, loaded.config, documentation, loaded.nav, loaded.env)
        finally:
            loaded.index.entries = []
            for page in chosen:
                page.file.__dict__.pop("abs_dest_path", None)
        written = [page.file.dest_uri for page in chosen]
        self._write_search(into, written)
        return written

    def _page(self, src_uri: str) -> Page:
        file: File | None = self._loaded.files.get_file_from_path(src_uri)
        if file is None or file.page is None:
            raise PortalError(f"{src_uri} is not a page of the site being previewed.")
        return file.page

    def _write_search(self, into: Path, written: list[str]) -> None:
        """The search index and the search worker, as the first build would write them now."""
        index = self._loaded.index
        index.entries = [entry for entries in self._loaded.entries.values() for entry in entries]
        try:
            text = index.generate_search_index(None)
        finally:
            index.entries = []
        target = into / SEARCH_INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        for path in written:
            if path.endswith("index.html"):
                location, successors = deprecation_of(into, into / path)
                self._deprecated.pop(location, None)
                if successors is not None:
                    self._deprecated[location] = successors
        worker = installed_worker(self.site)
        if worker is None:
            return
        ordered = sorted(self._deprecated, key=lambda loc: self.site / loc / "index.html")
        script = worker_script(worker[1], {loc: self._deprecated[loc] for loc in ordered})
        target = into / worker[0].relative_to(self.site)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(script, encoding="utf-8")


def _keep(config: MkDocsConfig, files: Files, nav: Navigation, env: Environment) -> _Loaded:
    """Called once every page is converted: follow which search entries each page adds."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    if index is None:
        raise PortalError("the live preview needs the search plugin of the Material theme.")
    plugins = {name: dict(vars(plugin)) for name, plugin in config.plugins.items()}
    loaded = _Loaded(config, files, nav, env, index, plugins=plugins)
    record_search_entries(config, loaded.entries)
    return loaded
