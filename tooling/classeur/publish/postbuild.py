"""The post-build pass: what the core does to a rendered site, whatever rendered it.

For every HTML page, the regions staging marked (the binder's content) are
sanitised with nh3, and their links are checked against the files the site
really holds: a link to a published page or attachment is made a working URL,
any other relative link loses its target (the words stay). Outside the
regions (the theme's own HTML), event-handler attributes and script URLs are
removed, in case a renderer copied document text there (a table of contents).
Then the audit runs on the result.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from classeur.common.fileio import tree_files
from classeur.common.forked import shared
from classeur.common.i18n import _
from classeur.model.findings import Finding
from classeur.publish.regions import Markers
from classeur.publish.sanitize import sanitize_html
from classeur.publish.urls import folder_of, page_output, relative_url

# nh3 writes every attribute as name="value", so this finds every link of a clean region.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src))="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Browsers also take `/` and quotes as attribute separators (`<svg/onload=…>`).
_SCRIPT_OPEN = re.compile(r"<script[\s>]", re.IGNORECASE)
_HANDLER = re.compile(r"""(^|[\s/"'])on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)

_SCRIPT_URL = re.compile(
    r"""([\s/"'](?:href|src|action|formaction|xlink:href)\s*=\s*["']?)\s*(?:javascript|vbscript|data):""",
    re.IGNORECASE,
)
# What any change below needs in a line: _HANDLER's pieces of a line start at the line's
# start or at `</script`, so a match in a piece is one in the whole line; the script URL
# without the attribute before it.
_MAY_CHANGE = re.compile(
    r"""(?:^|[\s/"'])on[a-z]+\s*=|(?:javascript|vbscript|data):""", re.IGNORECASE
)
_HELPER_THRESHOLD = 200  # pages below which a helper's start costs more than it saves


@dataclass(frozen=True)
class SiteMap:
    """What the post-build pass knows of the site: pages by source, every file."""

    sources: dict[str, str]  # output HTML path -> staged Markdown path (site paths)
    outputs: dict[str, str]  # staged Markdown path -> output HTML path
    files: frozenset[str]  # every file of the built site, `/` separators


def finish_site(
    site: Path, pages: Iterable[str], markers: Markers, *, helper: bool
) -> list[Finding]:
    """Sanitise and relink every page of `site`; `pages` are the staged Markdown paths."""
    files = frozenset(tree_files(site))
    outputs = {src: page_output(src) for src in pages}
    site_map = SiteMap({out: src for src, out in outputs.items()}, outputs, files)
    documents = sorted(f for f in files if f.endswith(".html"))

    def run(chosen: Sequence[str]) -> list[Finding]:
        return finish_pages(site, chosen, site_map, markers)

    if not helper:
        return run(documents)
    return shared(documents, run, lambda p: (site / p).stat().st_size, at_least=_HELPER_THRESHOLD)


def finish_pages(
    site: Path, paths: Iterable[str], site_map: SiteMap, markers: Markers
) -> list[Finding]:
    """Sanitise and relink these HTML files of `site` (site paths) in place."""
    chrome = _Chrome()
    return [f for path in paths for f in _finish_page(site, path, site_map, markers, chrome)]


def _finish_page(
    site: Path, path: str, site_map: SiteMap, markers: Markers, chrome: _Chrome
) -> list[Finding]:
    target = site / path
    text = target.read_text(encoding="utf-8")
    pieces = markers.split(text)
    if pieces is None:
        return [_unpaired(site, path)]
    source = site_map.sources.get(path)
    finished = "".join(
        _finish_region(body, path, source, site_map) if is_region else chrome(body)
        for is_region, body in pieces
    )
    if finished != text:
        target.write_text(finished, encoding="utf-8")
    return []


def _finish_region(region: str, path: str, source: str | None, site_map: SiteMap) -> str:
    clean = sanitize_html(region)
    folder = folder_of(path)
    decided: dict[str, str] = {}  # a page names the same targets again and again

    def relink(match: re.Match[str]) -> str:
        url = match[2]
        if url not in decided:
            found = _resolve(html.unescape(url), folder, source, site_map)
            # The attribute goes when the link leads nowhere; a link's words stay.
            decided[url] = "" if found is None else f'="{html.escape(found)}"'
        return f"{match[1]}{decided[url]}" if decided[url] else ""

    return _URL_ATTRIBUTE.sub(relink, clean)


def _resolve(url: str, folder: str, source: str | None, site_map: SiteMap) -> str | None:
    """The URL to keep for `url` in a page of `folder`, None when it leads nowhere."""
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return url  # anchors and external URLs (nh3 kept only the safe schemes)
    path, hash_, fragment = url.partition("#")
    path, suffix = path.split("?", 1)[0], hash_ + fragment
    if url.startswith("/"):  # an author's site-absolute URL: kept only if it names a file here
        return url if _names_file(path.strip("/"), site_map.files) else None
    if _names_file(posixpath.normpath(posixpath.join(folder, path)), site_map.files):
        return url  # as the renderer made it, or written relative to the page's URL
    if source is None:
        return None
    as_written = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    output = site_map.outputs.get(as_written)
    if output is None and as_written in site_map.files and not as_written.endswith(".md"):
        output = as_written  # an attachment linked from raw HTML, relative to the source
    if output is None:
        return None
    return relative_url(output, folder) + suffix


def _names_file(path: str, files: frozenset[str]) -> bool:
    """Whether a site path is a file of the site, or a folder with its index page."""
    path = "" if path == "." else path
    return not path or path in files or f"{path}/index.html" in files


class _Chrome:
    """Strips handlers and script URLs from the theme's HTML, line by line.

    A theme repeats most of its lines on every page (header, navigation,
    footer): a line seen clean once is not searched again, which keeps the
    pass cheap on thousands of pages. Lines inside inline scripts are left
    alone (they are the theme's code, not markup).
    """

    def __init__(self) -> None:
        # Lines that come out unchanged whether or not a script is open before them. A line
        # met unchanged only inside a script is not one: outside, its handler is markup.
        self._clean: set[str] = set()

    def __call__(self, chrome: str) -> str:
        lines = chrome.split("\n")
        unknown = set(lines).difference(self._clean)
        if not unknown:  # the usual page: every line met before (in C)
            return chrome
        if not any(_MAY_CHANGE.search(line) for line in unknown):
            # No handler or script URL anywhere in them, whatever the context: unchanged.
            self._clean.update(unknown)
            return chrome
        in_script = False
        for index, line in enumerate(lines):
            if not in_script and line in self._clean:
                continue
            fixed, in_script_after = _outside_scripts(line, in_script)
            if fixed == line and not in_script and not in_script_after:
                self._clean.add(line)
            lines[index], in_script = fixed, in_script_after
        return "\n".join(lines)


def _outside_scripts(line: str, in_script: bool) -> tuple[str, bool]:
    """The line with markup outside inline scripts made inert; whether a script is still open."""
    pieces, position = [], 0
    while position < len(line):
        if in_script:
            end = line.find("</script", position)
            if end < 0:
                pieces.append(line[position:])
                return "".join(pieces), True
            pieces.append(line[position:end])
            position, in_script = end, False
            continue
        found = _SCRIPT_OPEN.search(line, position)  # `<script>` or `<script …>`, no other tag
        start = found.start() if found else -1
        chunk = line[position : start if start >= 0 else len(line)]
        pieces.append(_SCRIPT_URL.sub(r"\1#", _HANDLER.sub(r"\1", chunk)))
        if start < 0:
            break
        close = line.find(">", start)
        if close < 0:  # a script tag broken over lines: the rest is the tag and its code
            pieces.append(line[start:])
            return "".join(pieces), True
        pieces.append(line[start : close + 1])
        position, in_script = close + 1, True
    return "".join(pieces), in_script


def _unpaired(site: Path, path: str) -> Finding:
    return Finding(
        f"{site.as_posix()}/{path}",
        0,
        "unchecked-page",
        _(
            "the markers around this page's content are missing or out of order, so it could "
            "not be sanitised. Do not publish this site; look for unclosed HTML in its document."
        ),
    )
