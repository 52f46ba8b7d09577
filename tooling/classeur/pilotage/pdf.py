"""The printable steering pack: the HTML pack laid out on A4 by WeasyPrint.

WeasyPrint is imported here only, when a PDF is asked for: it loads the
system's Pango library on import, which a binder that never prints needs not
have. Without Pango the command stops with the package to install.
"""

from __future__ import annotations

import logging
from typing import Any

from classeur.common.errors import PortalError
from classeur.common.i18n import _


def _missing_pango(reason: str) -> str:
    return _(
        "the PDF needs WeasyPrint and the system's Pango library, which could not be loaded "
        "({reason}). Install Pango (Debian, Ubuntu: `apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0`; Fedora: `dnf install pango`; macOS: `brew install pango`), "
        "or write --format html and print it from a browser."
    ).format(reason=reason)


def render_pdf(html: str) -> bytes:
    """The HTML pack as PDF bytes (A4 portrait and page numbers come from its print rules)."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: cffi could not load libpango
        raise PortalError(_missing_pango(_first_line(error))) from None
    # WeasyPrint logs every CSS property it ignores: noise for the reader of a report.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_no_fetcher(weasyprint))
    pdf: bytes = document.write_pdf()
    return pdf


def _no_fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that fetches nothing: the pack is self-contained, whatever a text holds."""

    def refuse(url: str, *args: object, **kwargs: object) -> Any:
        raise ValueError(f"the steering pack fetches nothing ({url[:60]})")  # never shown

    base = getattr(weasyprint.urls, "URLFetcher", None)
    if base is None:  # WeasyPrint before 67 takes a plain function
        return refuse

    class NoFetcher(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: object = None) -> Any:
            return refuse(url)

    return NoFetcher()


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
