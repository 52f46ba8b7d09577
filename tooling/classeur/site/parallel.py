"""A site rendered on two cores: MkDocs' work split with forked helpers.

MkDocs builds a site on one core, in two passes: it converts every page's
Markdown, then renders every page's template and writes it. When a core
would otherwise be idle, each pass is shared with a forked helper:

- Converter, once MkDocs knows the files and navigation: the helper converts
  the second half of the pages (MkDocs' own steps: pre_page and
  page_markdown events, then Page.render) and hands back HTML, table of
  contents and anchors. MkDocs takes them only for pages whose final Markdown
  is byte for byte what the helper converted, and converts any other itself.
- Writer, once every page is converted: the helper renders and writes the
  second half of the pages with MkDocs' own page builder, while MkDocs does
  the first half; MkDocs still runs every page's events, and its search index
  takes the entries the helper's made for those pages instead of parsing them
  again (the parse was a fifth of a build, all of it on MkDocs' core). A page
  the helper could not write fails the build, as it would have in MkDocs; if
  the helper gives no result at all, MkDocs writes its pages itself.

What a conversion logs travels with it: a helper's page warnings are emitted
by the process that takes the conversion, so MkDocs' `strict` counts each
exactly as in a build without helpers. What a helper logs while replaying
steps MkDocs runs itself too (page events) is dropped: MkDocs logs it.

The audiences of one `build --all` share conversions (ConversionCache): a
process claims a page before converting it, and one that finds it claimed
waits for that conversion instead of repeating it. Of the first two
audiences built side by side, one has a Filler: a helper converting its pages
last to first while both MkDocs processes go first to last, so each page
they both read is converted once.

Tests compare every byte of a site built with and without them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from classeur.common.forked import Forked, kept_logs, replay
from classeur.site.internals import (
    SearchEntries,
    prepare_page,
    record_search_entries,
    reuse_search_entries,
    set_title_from_render,
    title_from_render,
)

# How long to wait for a page another process is converting before converting it too.
_PATIENCE = 5.0


@dataclass(frozen=True)
class Converted:
    """What Page.render leaves on a page, as the helper made it."""

    digest: str  # of the Markdown converted
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # target src_uri -> links
    records: tuple[logging.LogRecord, ...] = ()  # what the conversion logged, for its taker


def digest(markdown: str) -> str:
    """A fingerprint of the Markdown a page was converted from."""
    return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).hexdigest()


class Converter:
    """Documents' Markdown converted by a helper, for MkDocs to take when it reaches them."""

    def __init__(
        self,
        config: MkDocsConfig,
        files: Files,
        pages: Sequence[File],
        cache: ConversionCache | None = None,
    ) -> None:
        self.owned = {file.src_uri for file in pages}
        self._helper = Forked(lambda: _convert(config, files, pages, cache))

    def result(self, src_uri: str) -> Converted | None:
        """The helper's conversion of this page, None when it has none."""
        return (self._helper.result() or {}).get(src_uri)

    def stop(self) -> None:
        self._helper.stop()


@dataclass(frozen=True)
class Written:
    """What the writing helper did: pages it failed on, search entries it made."""

    failed: dict[str, str]  # src_uri -> why
    search: dict[str, SearchEntries]  # src_uri -> the page's search index entries


class Writer:
    """Pages whose template a helper renders and writes (MkDocs' _build_page).

    MkDocs still runs every page_context event in its own process (the search
    index is written there, from every page) but renders an empty template for
    these pages, which makes it write nothing for them. `take_back` gives them
    their templates again when the helper has no result: MkDocs writes them;
    with a result, MkDocs' search index takes the helper's entries for them.
    """

    SKIP = "classeur-written-by-helper.html"

    def __init__(
        self,
        pages: Sequence[Page],
        write: Callable[[Page], None],
        config: MkDocsConfig,
        *,
        share_search: bool = True,
    ) -> None:
        self.owned = {page.file.src_uri for page in pages}
        self._templates = [(page, page.meta.get("template")) for page in pages]
        self._taken_back = False
        self._config = config
        self._share_search = share_search
        self._stop_sharing: Callable[[], None] = lambda: None
        self._helper = Forked(lambda: _write(pages, write, config))
        for page in pages:  # here only: the helper renders their own templates
            page.meta["template"] = self.SKIP

    def take_back(self) -> None:
        """Wait for the helper; without its result, MkDocs renders its pages (call it before)."""
        written = self._helper.result()
        if written is not None:
            if self._share_search:
                self._stop_sharing = reuse_search_entries(self._config, written.search)
            return
        self._taken_back = True
        for page, template in self._templates:
            if template is None:
                del page.meta["template"]
            else:
                page.meta["template"] = template

    def stop_sharing_search(self) -> None:
        """The search index parses every page itself again (call it once all are written)."""
        self._stop_sharing()
        self._stop_sharing = lambda: None

    def problems(self) -> dict[str, str]:
        """Pages the helper did not write: src_uri -> why (waits for the helper)."""
        if self._taken_back:
            return {}
        written = self._helper.result()
        if written is None:
            return dict.fromkeys(self.owned, "the helper process died")
        return written.failed

    def stop(self) -> None:
        self.stop_sharing_search()
        self._helper.stop()


def _write(pages: Sequence[Page], write: Callable[[Page], None], config: MkDocsConfig) -> Written:
    search: dict[str, SearchEntries] = {}
    record_search_entries(config, search)  # in the helper: MkDocs' process takes them
    events = config.plugins.on_page_context

    def page_context(context: Any, **details: Any) -> Any:
        with kept_logs([]):  # MkDocs runs these events too, and logs what they log
            return events(context, **details)

    config.plugins.on_page_context = page_context  # type: ignore[method-assign]  # in the helper
    failed = {}
    for page in pages:
        try:
            write(page)
        except Exception as error:  # reported by MkDocs' process, which fails the build
            failed[page.file.src_uri] = f"{type(error).__name__}: {error}"
            search.pop(page.file.src_uri, None)  # MkDocs' process fails the build anyway
    return Written(failed, search)


class Filler:
    """A helper converting pages last to first into the cache, skipping claimed ones."""

    def __init__(
        self, config: MkDocsConfig, files: Files, pages: Sequence[File], cache: ConversionCache
    ) -> None:
        self._helper = Forked(lambda: _fill(config, files, pages, cache))

    def join(self) -> None:
        """Wait for the helper: once MkDocs has every page, it has only claimed ones left."""
        self._helper.result()

    def stop(self) -> None:
        self._helper.stop()


def _fill(config: MkDocsConfig, files: Files, pages: Sequence[File], cache: ConversionCache) -> int:
    filled = 0
    for file in reversed(pages):
        try:
            page = _prepare(config, files, file)
        except Exception:  # left to MkDocs, which reports the error
            continue
        markdown = page.markdown or ""
        if cache.has(file.src_uri, markdown) or not cache.claim(file.src_uri, markdown):
            continue
        records: list[logging.LogRecord] = []
        try:
            with kept_logs(records):
                Page.render(page, config, files)
        except Exception:
            cache.release(file.src_uri, markdown)  # whoever waits converts it (and reports)
            continue
        cache.put(file.src_uri, markdown, captured(page, records))
        filled += 1
    return filled


def _convert(
    config: MkDocsConfig, files: Files, pages: Sequence[File], cache: ConversionCache | None
) -> dict[str, Converted]:
    converted = {}
    for file in pages:
        try:
            made = _convert_one(config, files, file, cache)
        except Exception:  # left to MkDocs, which reports the error
            continue
        if made is not None:
            converted[file.src_uri] = made
    return converted


def _convert_one(
    config: MkDocsConfig, files: Files, file: File, cache: ConversionCache | None = None
) -> Converted | None:
    """The page converted, or None when another audience's conversion awaits MkDocs."""
    page = _prepare(config, files, file)
    if cache is not None and cache.has(file.src_uri, page.markdown or ""):
        return None
    records: list[logging.LogRecord] = []
    with kept_logs(records):
        page.render(config, files)  # with a cache, the plugin's stand-in also keeps it there
    return captured(page, records)


def _prepare(config: MkDocsConfig, files: Files, file: File) -> Page:
    """prepare_page in a helper: MkDocs runs these steps too, and logs what they log."""
    with kept_logs([]):
        return prepare_page(config, files, file)


def captured(page: Page, records: Sequence[logging.LogRecord] = ()) -> Converted:
    """What Page.render left on `page`, and the records it logged."""
    assert page.content is not None and page.markdown is not None
    links = page.links_to_anchors
    return Converted(
        digest(page.markdown),
        page.content,
        page.toc,
        title_from_render(page),
        page.present_anchor_ids,
        {target.src_uri: found for target, found in links.items()} if links else None,
        tuple(records),
    )


class ConversionCache:
    """Conversions shared by the audiences of one `build --all`, in its scratch folder.

    A document most audiences read is staged as the same Markdown for each of
    them: converted once, its HTML serves them all. The key is the page's path
    and its exact Markdown, so a page whose links were redacted for one
    audience is converted again for it. Links resolve the same way for equal
    Markdown: staging keeps a link only to a page published on that site.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def get(self, src_uri: str, markdown: str) -> Converted | None:
        """The conversion another audience made of this very page, if any."""
        try:
            with (self.folder / _cache_key(src_uri, markdown)).open("rb") as stored:
                found: Converted = pickle.load(stored)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        return found

    def claim(self, src_uri: str, markdown: str) -> bool:
        """Take this page's conversion on; False when another process has it already."""
        try:
            os.close(os.open(self._claim(src_uri, markdown), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def release(self, src_uri: str, markdown: str) -> None:
        """Give a claimed page up (its conversion failed): whoever waits converts it."""
        with contextlib.suppress(FileNotFoundError):
            self._claim(src_uri, markdown).unlink()

    def wait(self, src_uri: str, markdown: str) -> Converted | None:
        """The conversion of a page another process claimed, once it is there.

        None when that process gave it up or takes too long: the caller then
        converts the page itself (the same HTML, only later).
        """
        target, claim = self.folder / _cache_key(src_uri, markdown), self._claim(src_uri, markdown)
        deadline = time.monotonic() + _PATIENCE
        while time.monotonic() < deadline:
            if target.exists():
                return self.get(src_uri, markdown)
            if not claim.exists():
                return None
            time.sleep(0.0005)  # a page converts in a few milliseconds
        return None

    def _claim(self, src_uri: str, markdown: str) -> Path:
        return self.folder / f"{_cache_key(src_uri, markdown)}.claim"

    def has(self, src_uri: str, markdown: str) -> bool:
        """Whether another audience has converted this very page already."""
        return (self.folder / _cache_key(src_uri, markdown)).is_file()

    def put(self, src_uri: str, markdown: str, converted: Converted) -> None:
        """Keep a conversion for the other audiences (written whole, then renamed)."""
        target = self.folder / _cache_key(src_uri, markdown)
        partial = target.with_name(f"{target.name}.{os.getpid()}")
        with partial.open("wb") as out:
            pickle.dump(converted, out, pickle.HIGHEST_PROTOCOL)
        partial.replace(target)


def _cache_key(src_uri: str, markdown: str) -> str:
    return hashlib.blake2b(f"{src_uri}\0{markdown}".encode(), digest_size=20).hexdigest()


def take(page: Page, converted: Converted, files: Files) -> None:
    """Put the helper's conversion on `page`, as Page.render would have (logs included)."""
    replay(converted.records)
    page.content = converted.content
    page.toc = converted.toc
    set_title_from_render(page, converted.title)
    page.present_anchor_ids = converted.anchors
    if converted.links_to_anchors is not None:
        page.links_to_anchors = {
            target: found
            for uri, found in converted.links_to_anchors.items()
            if (target := files.get_file_from_path(uri)) is not None
        }
