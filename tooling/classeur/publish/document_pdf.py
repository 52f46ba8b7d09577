"""The dossier's PDFs: one per document, and one of them all with a table of contents.

Made from the audience's built and audited site, not from the Markdown: each
PDF shows the page the reader of the site sees (metadata panel, banners,
related documents, history), sanitised and relinked by the post-build pass,
with no second renderer whose output could differ or leak. The page's article
is cut out of the theme and laid out on A4 in French by WeasyPrint. Images are
read from the site folder only, never from the network. Links to other pages
become links inside the combined PDF, or plain words in a single one.
Mermaid diagrams, drawn by the browser, show as their text.

WeasyPrint is imported only here, when PDFs are made: it loads the system's
Pango library, which a binder that never exports needs not have.
"""

from __future__ import annotations

import io
import logging
import posixpath
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from classeur.common.errors import PortalError
from classeur.common.forked import Forked, can_fork
from classeur.common.i18n import _
from classeur.publish.labels import french_date
from classeur.publish.manifest import PublishedDocument
from classeur.publish.urls import page_output, site_path

# A fixed base for the pages' URLs: WeasyPrint resolves images against it and the
# fetcher below maps it to the site folder (the PDF never holds a temporary path).
_BASE = "file:///dossier/"
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)
_TAGS = re.compile(r'<nav class="md-tags"[^>]*>.*?</nav>', re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_HREF = re.compile(r'\shref="([^"]*)"')
_SRC = re.compile(r'\ssrc="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HELPER_THRESHOLD = 8  # documents below which a helper's start costs more than it saves
_CSS = """
@page {
  size: A4; margin: 22mm 18mm 20mm;
  @top-left { content: "{dossier}"; font-size: 7.5pt; color: #555; }
  @top-right { content: "{day}"; font-size: 7.5pt; color: #555; }
  @bottom-left { content: string(document); font-size: 7.5pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " sur " counter(pages); font-size: 7.5pt; }
}
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9.5pt; }
body { margin: 0; line-height: 1.4; }
h1 { font-size: 16pt; margin: 0 0 8pt; string-set: document content(); bookmark-level: 1; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; bookmark-level: 2; }
h3 { font-size: 10.5pt; bookmark-level: 3; }
h4, h5, h6 { bookmark-level: none; }
.document { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 8.5pt; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
td, th, p, li { overflow-wrap: break-word; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
pre { white-space: pre-wrap; background: #f3f3f6; padding: 4pt; }
img { max-width: 100%; }
a { color: inherit; text-decoration: none; }
a[href] { color: #1f3a93; }
.classeur-panel { border: 0.5pt solid #999; padding: 4pt 8pt; margin: 0 0 10pt; }
.classeur-panel__id { font-weight: bold; margin: 0 0 2pt; }
.classeur-panel table { margin: 0; }
.classeur-panel th { width: 9em; }
.classeur-badge { font-weight: bold; }
.admonition { border-left: 3pt solid #c0392b; padding: 2pt 8pt; margin: 6pt 0; }
.admonition-title { font-weight: bold; margin: 0; }
.cover { text-align: center; padding-top: 60mm; }
.cover h1 { font-size: 22pt; bookmark-level: none; string-set: none; }
.toc { break-before: page; }
.toc h2 { bookmark-level: 1; }
.toc ol { list-style: none; padding: 0; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }
"""


@dataclass(frozen=True)
class Cover:
    """What the dossier's PDFs say of the dossier itself (French, for their readers)."""

    title: str  # e.g. "Dossier de réversibilité — Prestataire (BO Conseil)"
    day: str  # ISO date of the dossier
    lines: tuple[str, ...]  # the cover's other lines: audience, function, commit


@dataclass(frozen=True)
class Pdf:
    """A PDF made, and its text as read back from its bytes (what the audit searches)."""

    data: bytes
    text: str


@dataclass(frozen=True)
class Pdfs:
    """Per document id its PDF, and the combined PDF."""

    documents: tuple[tuple[str, Pdf], ...]
    combined: Pdf


def render_pdfs(
    site: Path,
    documents: Sequence[PublishedDocument],
    cover: Cover,
    *,
    helper: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Pdfs:
    """The PDFs of `documents` from their pages in the built `site`, with their text.

    `helper`: a forked process makes the single PDFs while this one makes the
    combined one (on an idle core). `progress` is told after each PDF this
    process makes how many are done.
    """
    weasyprint = _weasyprint()
    fetch = _fetcher(site, weasyprint)
    articles = {d.id: _article(site, d) for d in documents}
    outputs = {page_output(site_path(d.src)): d.id for d in documents}
    counter = _Counter(progress)

    def singles(chosen: list[PublishedDocument]) -> list[tuple[str, Pdf]]:
        made = []
        for document in chosen:
            body = _single(articles[document.id])
            made.append((document.id, _pdf(weasyprint, fetch, body, cover, document.title)))
            counter.tick()
        return made

    ordered = list(documents)
    # The combined PDF lays out (and reads back) every page once more: as long as all the
    # single ones. So a helper makes the single ones while this process makes the combined.
    forking = helper and can_fork() and len(ordered) >= _HELPER_THRESHOLD
    helper_run = Forked(lambda: singles(ordered)) if forking else None
    combined = _pdf(weasyprint, fetch, _combined(documents, articles, outputs, cover), cover, "")
    counter.tick()
    helped = helper_run.result() if helper_run is not None else None
    made = dict(helped if helped is not None else singles(ordered))
    return Pdfs(tuple((d.id, made[d.id]) for d in documents), combined)


class _Counter:
    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress, self.done = progress, 0

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: cffi could not load libpango
        text = str(error).strip().splitlines()
        reason = text[0] if text else type(error).__name__
        raise PortalError(
            _(
                "the dossier's PDFs need WeasyPrint and the system's Pango library, which could "
                "not be loaded ({reason}). Install Pango (Debian, Ubuntu: `apt-get install "
                "libpango-1.0-0 libpangoft2-1.0-0`; Fedora: `dnf install pango`; macOS: `brew "
                "install pango`), or run classeur export with --no-pdf."
            ).format(reason=reason)
        ) from None
    # WeasyPrint logs every CSS property it ignores (the theme's): noise for the reader.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint


def _fetcher(site: Path, weasyprint: Any) -> Callable[[str], Any]:
    """Reads images from the site folder only; anything else is refused (no network)."""
    root = site.resolve()

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
        if not url.startswith(_BASE):
            raise ValueError(f"{url} is not in the dossier")
        relative = unquote(url[len(_BASE) :].split("#", 1)[0].split("?", 1)[0])
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise ValueError(f"{url} is not in the dossier")
        return weasyprint.default_url_fetcher(path.as_uri())

    return fetch


def _article(site: Path, document: PublishedDocument) -> str:
    """The page's own content: the article, without the tags line and the heading anchors,
    its images' URLs made absolute under the fixed base."""
    output = page_output(site_path(document.src))
    page = site / output
    found = _ARTICLE.search(page.read_text(encoding="utf-8"))
    if found is None:
        raise PortalError(
            _("{page} has no article: the site's theme is not the one expected.").format(page=page)
        )
    folder = posixpath.dirname(output)

    def absolute(match: re.Match[str]) -> str:
        url = unescape(match[1])
        if _SCHEME.match(url) or url.startswith(("#", "/")):
            return match[0]  # refused by the fetcher unless it is in the dossier
        return f' src="{_BASE}{escape(posixpath.normpath(posixpath.join(folder, url)))}"'

    return _SRC.sub(absolute, _HEADERLINK.sub("", _TAGS.sub("", found[1])))


def _single(article: str) -> str:
    """One document: anchors kept, other links become words."""
    return f'<div class="document-single">{_HREF.sub(_keep_anchor, article)}</div>'


def _keep_anchor(match: re.Match[str]) -> str:
    url = match[1]
    return match[0] if url.startswith("#") or _SCHEME.match(url) else ""


def _combined(
    documents: Sequence[PublishedDocument],
    articles: dict[str, str],
    outputs: dict[str, str],
    cover: Cover,
) -> str:
    """The cover, the table of contents, then every document on its own pages."""
    lines = "".join(f"<p>{escape(line)}</p>" for line in cover.lines)
    entries = "".join(
        f'<li><a href="#{escape(_anchor(d.id))}">{escape(d.id)} — {escape(d.title)}</a></li>'
        for d in documents
    )
    parts = [
        f'<section class="cover"><h1>{escape(cover.title)}</h1>{lines}</section>',
        f'<nav class="toc"><h2>Sommaire</h2><ol>{entries}</ol></nav>',
    ]
    for document in documents:
        folder = posixpath.dirname(page_output(site_path(document.src)))
        body = _local_links(articles[document.id], document.id, folder, outputs)
        parts.append(
            f'<section class="document" id="{escape(_anchor(document.id))}">{body}</section>'
        )
    return "".join(parts)


def _anchor(identifier: str) -> str:
    return f"doc-{identifier}"


def _local_links(article: str, identifier: str, folder: str, outputs: dict[str, str]) -> str:
    """Ids made unique per document; links to a page of the dossier point inside the PDF."""
    article = _ID.sub(lambda m: f' id="{escape(identifier)}--{m[1]}"', article)

    def relink(match: re.Match[str]) -> str:
        url = match[1]
        if _SCHEME.match(url):
            return match[0]
        path, _hash, fragment = url.partition("#")
        if not path:
            return f' href="#{escape(identifier)}--{fragment}"'
        target = posixpath.normpath(posixpath.join(folder, path))
        output = target if target.endswith(".html") else f"{target}/index.html"
        other = outputs.get(output.removeprefix("./"))
        if other is None:
            return ""  # an attachment or a page outside the dossier: the words stay
        inside = f"{other}--{fragment}" if fragment else _anchor(other)
        return f' href="#{escape(inside)}"'

    return _HREF.sub(relink, article)


def _pdf(weasyprint: Any, fetch: Callable[[str], Any], body: str, cover: Cover, title: str) -> Pdf:
    """A French A4 PDF of `body`, its dates pinned to the dossier's day (same input, same
    bytes), and its text read back."""
    heading = escape(title or cover.title)
    css = _CSS.replace("{dossier}", _css_string(cover.title))
    css = css.replace("{day}", _css_string(french_date(cover.day)))
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{heading}</title>"
        '<meta name="generator" content="Classeur">'
        f'<meta name="dcterms.created" content="{cover.day}">'
        f'<meta name="dcterms.modified" content="{cover.day}">'
        f"<style>{css}</style></head><body>{body}</body></html>"
    )
    document = weasyprint.HTML(string=page, base_url=_BASE, url_fetcher=fetch)
    data: bytes = document.write_pdf()
    return Pdf(data, read_back(data))


def read_back(data: bytes) -> str:
    """The text of every page of a PDF, as a reader's viewer extracts it.

    Unlike model/textextract.py (attachments, for the search index), it never
    stops at a length: the audit must read all of it.
    """
    from pypdf import PdfReader  # imported here: only the dossier reads its PDFs back

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _css_string(text: str) -> str:
    """`text` inside a CSS double-quoted string (no markup can close the style element)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return escaped.replace("<", "\\3c ")
