"""The site's search: Material's worker, wrapped so French queries forgive
plurals, conjugations, missing accents and typos, keep business words apart,
leave the generated pages out of the results and put a deprecated document,
marked « Obsolète », below its successor (see search_worker.js)."""

from __future__ import annotations

import json
import posixpath
import re
from importlib.resources import files
from pathlib import Path

WORKERS = Path("assets/javascripts/workers")
# The banner publish/panel.py puts on a deprecated document, with links to its successors.
_OBSOLETE = re.compile(r'<p class="admonition-title">Document obsolète</p>\s*<p>(.*?)</p>', re.S)
# The banner's fixed words, as bytes: a page without them is not decoded (a build reads
# every page here, and decoding tens of megabytes of pages without a banner was its cost).
_OBSOLETE_BYTES = '<p class="admonition-title">Document obsolète</p>'.encode()
_LINK = re.compile(r'<a href="([^"#]*)[^"]*"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]*>")


def generated_locations() -> dict[str, list[str]]:
    """The search index's locations of generated pages, and of folders of them.

    Generated pages are tables and lists of documents: their text, run together by
    the search index, was found before the documents themselves (issue #15).
    """
    # Imported here, once the pages are written: MkDocs loads this module with the
    # plugin, and these bring Whoosh and the continuity rules, too slow for its start.
    from classeur.publish.continuity_pages import REVERSIBILITY
    from classeur.publish.pages import (
        CHANGES,
        COVERAGE,
        FUNCTIONS_DIR,
        HOME,
        OWNERS,
        REVIEWS,
        TAGS,
    )
    from classeur.publish.pilotage_pages import PILOTAGE_DIR

    generated = (REVIEWS, OWNERS, COVERAGE, TAGS, CHANGES, REVERSIBILITY)
    pages = [page.removesuffix(".md") + "/" for page in generated if page != HOME]
    return {"pages": ["", *pages], "folders": [f"{f}/" for f in (FUNCTIONS_DIR, PILOTAGE_DIR)]}


def deprecated_pages(site: Path) -> dict[str, dict[str, list[str]]]:
    """Each deprecated document's location -> its successors' locations and labels."""
    found = {}
    for page in sorted(site.rglob("index.html")):
        location, successors = deprecation_of(site, page)
        if successors is not None:
            found[location] = successors
    return found


def deprecation_of(site: Path, page: Path) -> tuple[str, dict[str, list[str]] | None]:
    """A page's location, and its successors when it is a deprecated document's."""
    folder = page.parent.relative_to(site).as_posix()
    location = "" if folder == "." else folder + "/"
    data = page.read_bytes()
    if _OBSOLETE_BYTES not in data:
        return location, None
    # As read_text reads it: universal newlines.
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    banner = _OBSOLETE.search(text)
    if banner is None:
        return location, None
    links = _LINK.findall(banner.group(1))
    return location, {
        "successors": [_location(location, href) for href, _ in links],
        "labels": [_TAG.sub("", label) for _, label in links],  # already escaped HTML
    }


def _location(page: str, href: str) -> str:
    """The location a banner's link points to, from the page at location `page`."""
    if href.endswith(".md"):
        # Still the source's link (the post-build pass relinks later): relative to
        # the Markdown file, which sits in the page's parent folder.
        source = posixpath.dirname(page.rstrip("/"))
        return posixpath.normpath(posixpath.join(source, href)).removesuffix(".md") + "/"
    target = posixpath.normpath(posixpath.join(page, href)).removesuffix("index.html")
    return "" if target in (".", "") else target.rstrip("/") + "/"


def install_search_worker(site: Path) -> None:
    """Put the wrapper where Material loads its worker; keep Material's beside it."""
    folder = site / WORKERS
    for worker in sorted(folder.glob("search.*.min.js")):
        if worker.name.endswith(".material.min.js"):
            continue
        original = worker.with_name(worker.name.replace(".min.js", ".material.min.js"))
        worker.replace(original)
        worker.write_text(worker_script(original.name, deprecated_pages(site)), encoding="utf-8")
        source_map = worker.with_name(worker.name + ".map")
        source_map.unlink(missing_ok=True)  # it described Material's file, not this one


def installed_worker(site: Path) -> tuple[Path, str] | None:
    """The wrapper install_search_worker wrote, and the name of Material's worker it loads."""
    for original in sorted((site / WORKERS).glob("search.*.material.min.js")):
        return original.with_name(original.name.replace(".material.min.js", ".min.js")), (
            original.name
        )
    return None


def worker_script(material_worker: str, deprecated: dict[str, dict[str, list[str]]]) -> str:
    """The wrapper's text around Material's worker of that name."""
    from classeur.search.analysis import PROTECTED_WORDS

    template = files("classeur.site").joinpath("search_worker.js").read_text("utf-8")
    return (
        template.replace("{{material_worker}}", material_worker)
        .replace('"{{generated}}"', json.dumps(generated_locations()))
        .replace('"{{protected}}"', json.dumps(PROTECTED_WORDS, ensure_ascii=False))
        .replace('"{{deprecated}}"', json.dumps(deprecated, ensure_ascii=False))
    )
