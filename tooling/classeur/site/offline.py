"""A built site made to work from file://, search included, for the handover dossier.

A browser opening a page from disk does not turn a folder URL (`relance/`)
into its `index.html`, will not start Material's search worker, and will not
fetch the search index. So, on a copy of an audited site: every relative link
to a folder names its `index.html` (pages, and search results), the index is
also written as a script (`search/search_index.js`, which Material loads from
file://), and every page loads a stand-in for `Worker` (offline_worker.js)
with the worker's scripts beside it. Material's own `offline` plugin does the
same but fetches its stand-in from a CDN, and the dossier must work with no
network at all. The online sites are never touched.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from importlib.resources import files
from pathlib import Path

SCRIPTS = "assets/javascripts"
SHIM = f"{SCRIPTS}/classeur-offline.js"
SOURCES = f"{SCRIPTS}/classeur-offline-sources.js"
INDEX = "search/search_index.json"
INDEX_SCRIPT = "search/search_index.js"
# Lunr's extra scripts per language, beside `lunr/min/lunr.<lang>.min.js` (Material's worker).
_LANGUAGE_EXTRAS = {"ja": "lunr/tinyseg.js", "hi": "lunr/wordcut.js", "th": "lunr/wordcut.js"}
_URL = re.compile(r'(\s(?:href|src)=)"([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HEAD_END = "</head>"


def make_offline(site: Path) -> None:
    """Make the site at `site` work when opened from disk (file://), search included."""
    languages = _write_search_index(site)
    _write_worker_scripts(site, languages)
    folders = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        done = offline_page(text, posixpath.dirname(relative), folders)
        if done != text:
            page.write_text(done, encoding="utf-8")


def offline_page(text: str, folder: str, indexes: set[str]) -> str:
    """A page whose folder links name their index.html, and which loads the worker stand-in."""

    def relink(match: re.Match[str]) -> str:
        url = html.unescape(match[2])
        done = file_url(url, folder, indexes)
        return match[0] if done == url else f'{match[1]}"{html.escape(done)}"'

    text = _URL.sub(relink, text)
    shim = posixpath.relpath(SHIM, folder or ".")
    tag = f'<script src="{html.escape(shim)}"></script>'
    return text.replace(_HEAD_END, tag + _HEAD_END, 1)


def file_url(url: str, folder: str, indexes: set[str]) -> str:
    """`url`, from a page in `folder`, naming the index.html of the site folder it points to."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url  # anchors, site-absolute and external URLs are left as they are
    path, mark, rest = _split(url)
    target = posixpath.normpath(posixpath.join(folder, path))
    if ("index.html" if target == "." else f"{target}/index.html") not in indexes:
        return url  # a file, or nothing of this site
    base = path.rstrip("/")
    return ("index.html" if base == "." else f"{base}/index.html") + mark + rest


def _split(url: str) -> tuple[str, str, str]:
    """(path, the first `?` or `#`, what follows it)."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=-1)
    return (url, "", "") if cut < 0 else (url[:cut], url[cut], url[cut + 1 :])


def _write_search_index(site: Path) -> list[str]:
    """Search results link to index.html files; the index also as a script for file://.

    Returns the index's languages (what the worker will import for).
    """
    source = site / INDEX
    if not source.is_file():
        return []
    index = json.loads(source.read_text(encoding="utf-8"))
    for entry in index.get("docs", []):
        entry["location"] = _file_location(str(entry.get("location", "")))
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    source.write_text(text, encoding="utf-8")
    # The variable Material reads when it runs from file:// (its offline plugin writes the same).
    (site / INDEX_SCRIPT).write_text(f"var __index = {text}", encoding="utf-8")
    languages = index.get("config", {}).get("lang", [])
    return [str(language) for language in languages] if isinstance(languages, list) else []


def _file_location(location: str) -> str:
    path, mark, rest = _split(location)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path + mark + rest


def _importable(languages: list[str]) -> list[str]:
    """What Material's search worker imports for these languages, and the workers themselves."""
    wanted = ["workers/*.js", "lunr/min/lunr.stemmer.support.min.js", "lunr/min/lunr.multi.min.js"]
    wanted += [f"lunr/min/lunr.{language}.min.js" for language in languages]
    return wanted + [_LANGUAGE_EXTRAS[lang] for lang in languages if lang in _LANGUAGE_EXTRAS]


def _write_worker_scripts(site: Path, languages: list[str]) -> None:
    """The stand-in for Worker, and every script the search worker may import, keyed by URL."""
    scripts = site / SCRIPTS
    shipped = {
        path.relative_to(scripts).as_posix(): path.read_text(encoding="utf-8")
        for pattern in _importable(languages)
        for path in sorted(scripts.glob(pattern))
        if path.is_file()
    }
    table = json.dumps(shipped, ensure_ascii=False, sort_keys=True)
    (site / SOURCES).write_text(
        "window.__classeurWorkerSources = (function (base, files) {\n"
        "  var known = {};\n"
        "  Object.keys(files).forEach(function (path) {\n"
        "    known[new URL(path, base).href] = files[path];\n"
        "  });\n"
        "  return known;\n"
        f"}})(document.currentScript.src, {table});\n",
        encoding="utf-8",
    )
    shim = files("classeur.site").joinpath("offline_worker.js").read_text("utf-8")
    sources = posixpath.relpath(SOURCES, SCRIPTS)
    (site / SHIM).write_text(shim.replace("{{sources}}", sources), encoding="utf-8")
