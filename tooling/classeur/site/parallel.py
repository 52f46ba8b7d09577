"""Documents' Markdown converted on a second core while MkDocs works on the first.

MkDocs builds a site on one core: it converts every page's Markdown, then
renders every page's template. Once MkDocs knows the site's files and
navigation, a forked helper converts the second half of the documents (the
very steps of MkDocs' own page reading: pre_page and page_markdown events,
then Page.render) and hands back their HTML, table of contents and anchors.
MkDocs then reaches those pages and takes the helper's result instead of
converting them again, but only when the Markdown it holds for the page is
byte for byte what the helper converted; otherwise, or when the helper
failed on a page, MkDocs converts the page itself, errors included.

The helper writes nothing to the site: it only sends results back through a
pipe, and is stopped if the build ends without them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page


@dataclass(frozen=True)
class Converted:
    """What Page.render leaves on a page, as the helper made it."""

    digest: str  # of the Markdown converted
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # target src_uri -> links


def digest(markdown: str) -> str:
    """A fingerprint of the Markdown a page was converted from."""
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).hexdigest()


def second_half(pages: Sequence[File]) -> list[File]:
    """The pages after the middle of the Markdown to convert (by size, not count)."""
    sizes = [len(file.content_bytes) for file in pages]
    half, running = sum(sizes) / 2, 0
    for index, size in enumerate(sizes):
        running += size
        if running >= half:
            return list(pages[index + 1 :])
    return []


class Helper:
    """A forked process converting some pages; its results are read once, when needed."""

    def __init__(self, config: MkDocsConfig, files: Files, pages: Sequence[File]) -> None:
        self.owned = {file.src_uri for file in pages}
        self._results: dict[str, Converted] | None = None
        reading, writing = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the helper
            os.close(reading)
            status = 0
            try:
                with os.fdopen(writing, "wb") as out:
                    pickle.dump(_convert(config, files, pages), out, pickle.HIGHEST_PROTOCOL)
            except BaseException:  # MkDocs converts them all itself then
                status = 1
            os._exit(status)
        os.close(writing)
        self._reading = reading

    def result(self, src_uri: str) -> Converted | None:
        """The helper's conversion of this page (waits for the helper the first time)."""
        if self._results is None:
            self._results = self._collect()
        return self._results.get(src_uri)

    def stop(self) -> None:
        """End the helper if its results were never read (a failed build)."""
        if self._results is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._results = {}
            self._close()

    def _collect(self) -> dict[str, Converted]:
        try:
            with os.fdopen(self._reading, "rb") as source:
                results: dict[str, Converted] = pickle.load(source)
        except (EOFError, pickle.UnpicklingError):
            results = {}  # the helper died: every page is converted here instead
        os.waitpid(self._pid, 0)
        return results

    def _close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._reading)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def _convert(config: MkDocsConfig, files: Files, pages: Sequence[File]) -> dict[str, Converted]:
    converted = {}
    for file in pages:
        try:
            converted[file.src_uri] = _convert_one(config, files, file)
        except Exception:  # left to MkDocs, which reports the error
            continue
    return converted


def _convert_one(config: MkDocsConfig, files: Files, file: File) -> Converted:
    # The steps of mkdocs.commands.build._populate_page, up to the Markdown conversion.
    page = file.page if file.page is not None else Page(None, file, config)
    config._current_page = page
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None
    page.markdown = config.plugins.on_page_markdown(
        page.markdown, page=page, config=config, files=files
    )
    page.render(config, files)
    assert page.content is not None
    links = page.links_to_anchors
    return Converted(
        digest(page.markdown),
        page.content,
        page.toc,
        page._title_from_render,
        page.present_anchor_ids,
        {target.src_uri: found for target, found in links.items()} if links else None,
    )


def take(page: Page, converted: Converted, files: Files) -> None:
    """Put the helper's conversion on `page`, as Page.render would have."""
    page.content = converted.content
    page.toc = converted.toc
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchors
    if converted.links_to_anchors is not None:
        page.links_to_anchors = {
            target: found
            for uri, found in converted.links_to_anchors.items()
            if (target := files.get_file_from_path(uri)) is not None
        }
