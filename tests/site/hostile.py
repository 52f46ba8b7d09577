"""Hostile Markdown a pull request could carry, and how tests read a page's article.

HOSTILE passes `check` (its targets exist: the binder holds x.png and a draft
brouillon.md): what it tries is left to the sanitiser. Include directives and
hidden text are refused by `check` itself (tests/rules/test_markup.py).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import doc

HOSTILE = """\
<script>alert("canari-script")</script>

<img src="x.png" onerror="alert('canari-onerror')">

[clic](javascript:alert('canari-js'))

<a href="javascript:alert('canari-a')">lien</a>

Texte {onclick="alert('canari-attr')"}
{: onmouseover="alert('canari-attr-list')" }

<iframe src="file:///etc/passwd"></iframe>

<div markdown="1" onclick="alert('canari-div')">dans un bloc</div>

## Titre <img src="x.png" onerror="alert('canari-toc')">

## Étiquette {: data-toc-label="<img src=z onerror=alert('canari-label')>" }

<a href="brouillon.md">un lien brut vers un document non publié</a>
"""


class _Elements(HTMLParser):
    """Tags and attributes of the page's article (the theme's own scripts are outside)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        if self.depth:
            self.found.append((tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1


def article_elements(page: Path) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.found, "no article in the page"
    return parser.found


def active_content(page: Path) -> list[str]:
    """What in the page's article could run script or load a frame: tags, handlers, URLs."""
    found = []
    for tag, attrs in article_elements(page):
        if tag in {"script", "iframe", "object", "embed", "style", "form"}:
            found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            if (
                name in ("href", "src")
                and value
                and value.strip().lower().startswith(("javascript:", "data:", "file:"))
            ):
                found.append(f"{tag}[{name}={value}]")
    return found


def hostile_files(
    folder: str, page: dict[str, str], draft: dict[str, str]
) -> dict[str, str | bytes]:
    """The hostile page (header `page`) and what its links name: an image, a draft."""
    return {
        f"{folder}/hostile.md": doc(body=HOSTILE, **page),
        f"{folder}/x.png": b"\x89PNG\r\n\x1a\n",
        f"{folder}/brouillon.md": doc(status="draft", **draft),
    }
