"""Where a staged page lands in a built site, and the URL between two pages.

The staged configuration asks for directory URLs (MkDocs' default, which
every MkDocs-family renderer follows): `a/b.md` is written to `a/b/index.html`
and linked as `a/b/`; `a/index.md` and `a/README.md` to `a/index.html`.
"""

from __future__ import annotations

import posixpath

from classeur.model.needles import site_path

__all__ = ["folder_of", "page_output", "relative_url", "site_path"]


def page_output(src: str) -> str:
    """The HTML file a staged Markdown page (site path) is written to."""
    stem = src[: -len(".md")]
    if posixpath.basename(stem) in ("index", "README"):
        return f"{posixpath.dirname(stem)}/index.html".lstrip("/")
    return f"{stem}/index.html"


def folder_of(output: str) -> str:
    """The folder a page's relative URLs are resolved against ("" at the site root)."""
    return posixpath.dirname(output)


def relative_url(target_output: str, from_folder: str) -> str:
    """The relative URL from a page in `from_folder` to a site file (pages as folders)."""
    if target_output == "index.html" or target_output.endswith("/index.html"):
        target = posixpath.dirname(target_output)
        relative = posixpath.relpath(target or ".", from_folder or ".")
        return "./" if relative == "." else relative + "/"
    return posixpath.relpath(target_output, from_folder or ".")
