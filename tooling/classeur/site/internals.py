"""The one place that touches MkDocs' private API.

The parallel build (parallel.py) replays, in a helper process, steps MkDocs
keeps to itself: preparing a page up to its conversion, setting the title a
conversion found, and writing a page with MkDocs' own page builder. They are
pinned here, with the MkDocs versions they were read from (1.6.x, and
ProperDocs 1.6.x, which keeps them), so that a MkDocs upgrade breaks one small
module, caught by tests/site/test_parallel.py, and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

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
