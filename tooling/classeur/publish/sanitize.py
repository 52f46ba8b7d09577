"""HTML sanitising of rendered documents: nh3 with an allowlist that keeps
Material's layout (admonitions, details, tabs, tables, code, Mermaid) and drops
script, event handlers, `javascript:` URLs and embedded content."""

from __future__ import annotations

from typing import Any

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q",
    "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "var",
}  # fmt: skip
_EVERYWHERE = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
_ATTRIBUTES = {
    "*": _EVERYWHERE,
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "details": {"open"},
    "input": {"type", "name", "checked", "disabled"},  # pymdownx.tabbed, task lists
    "label": {"for"},
    "ol": {"start", "type"},
    "code": {"data-lang"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}
# Made once: passing the allowlists to nh3.clean converts them again for every page.
_PAGE_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    url_schemes=_SCHEMES,
    strip_comments=True,
    link_rel="noopener noreferrer",
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), attributes={})


def sanitize_html(html: str) -> str:
    """Only the allowed tags, attributes and URL schemes survive; comments go too."""
    return _PAGE_CLEANER.clean(html)


def plain_text(html: str) -> str:
    """Text with every tag removed and special characters escaped (for TOC titles)."""
    return _TEXT_CLEANER.clean(html)


def sanitize_toc(items: Any) -> None:
    """Table-of-contents titles are printed raw by the theme: strip their tags."""
    for item in items:
        item.title = plain_text(item.title)
        sanitize_toc(item.children)
