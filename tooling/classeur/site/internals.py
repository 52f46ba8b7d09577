"""The one place that touches MkDocs' and Material's private API.

The parallel build (parallel.py) replays, in a helper process, steps MkDocs
keeps to itself: preparing a page up to its conversion, setting the title a
conversion found, and writing a page with MkDocs' own page builder. It also
hands the search index entries the helper made for its pages to Material's
search plugin in MkDocs' process. They are pinned here, with the versions they
were read from (MkDocs 1.6.x, ProperDocs 1.6.x, which keeps them, Material
9.7–9.8), so that an upgrade breaks one small module, caught by
tests/site/test_parallel.py, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


def prepare_page(config: MkDocsConfig, files: Files, file: File) -> Page:
    """The steps of mkdocs.commands.build._populate_page, up to the Markdown conversion."""
    page = file.page if file.page is not None else Page(None, file, config)
    config._current_page = page
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )
    return page


def title_from_render(page: Page) -> str | None:
    """The title the Markdown conversion found (its first heading)."""
    title: str | None = page._title_from_render
    return title


def set_title_from_render(page: Page, title: str | None) -> None:
    """Give a page the title another process's conversion found."""
    page._title_from_render = title


def write_page(
    page: Page, config: MkDocsConfig, pages: Sequence[File], nav: Navigation, env: Environment
) -> None:
    """Render a page's template and write it, as MkDocs' build does."""
    excluded = page.file.inclusion.is_excluded()
    _build_page(page, config, pages, nav, env, False, excluded)


def populate_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read and convert a page again, with its events, as MkDocs' build does."""
    _populate_page(page, config, files)


# A page's entries in Material's search index: dicts of location, title, text, tags.
SearchEntries = list[dict[str, Any]]


def search_index(config: MkDocsConfig) -> Any | None:
    """Material's search index (its plugin's SearchIndex), None without the plugin."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list) and callable(
            getattr(index, "add_entry_from_context", None)
        ):
            return index
    return None


def record_search_entries(config: MkDocsConfig, into: dict[str, SearchEntries]) -> None:
    """From now on, keep in `into` the entries the search index makes for each page."""
    index = search_index(config)
    if index is None:
        return
    add: Callable[[Page], None] = index.add_entry_from_context

    def recording(page: Page) -> None:
        start = len(index.entries)
        add(page)
        into[page.file.src_uri] = index.entries[start:]

    index.add_entry_from_context = recording


def reuse_search_entries(
    config: MkDocsConfig, made: dict[str, SearchEntries]
) -> Callable[[], None]:
    """Let the search index take the entries made elsewhere for a page instead of
    parsing the page again (once each); the function returned ends it."""
    index = search_index(config)
    if index is None:
        return lambda: None
    before = vars(index).get("add_entry_from_context")  # another wrapper, or the class's
    add: Callable[[Page], None] = index.add_entry_from_context

    def reusing(page: Page) -> None:
        entries = made.pop(page.file.src_uri, None)
        if entries is None:
            add(page)
        else:
            index.entries.extend(entries)

    def stop() -> None:
        if before is None:
            vars(index).pop("add_entry_from_context", None)
        else:
            index.add_entry_from_context = before

    index.add_entry_from_context = reusing
    return stop
