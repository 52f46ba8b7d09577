"""A heading's attr_list id reaches the table of contents, which the theme prints
unescaped outside the content the post-build pass sanitises: check refuses such an
id, and staging never passes one on (found by a review, run in Chromium)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from classeur.binder.check import check
from classeur.publish.build import build_one
from classeur.publish.regions import Markers
from classeur.publish.renderer import ALONE
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
PAYLOADS = [
    "## Autre {: id='yy\"><svg/onload=alert(document.domain)//@>' }",
    '## Autre {: id=\'zz"/onmouseover="alert(1)"/style="position:fixed;inset:0\' }',
    '## Autre {#a"/onfocus=alert(2)/autofocus/x}',
]


class _Handlers(HTMLParser):
    """Every event-handler attribute of a whole page, theme included."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [f"{tag}[{name}]" for name, _ in attrs if name.startswith("on")]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_check_refuses_an_id_the_table_of_contents_would_print_as_markup(binder, payload):
    root = binder({"procedures/a.md": doc(body=f"Étape.\n\n{payload}\n")})
    codes = [(f.line, f.code) for f in check(root, today=TODAY).findings]
    assert codes == [(14, "unsafe-attribute")]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_page_runs_script_even_if_such_a_document_were_built(tmp_path, payload):
    root = make_site_binder(tmp_path, {"procedures/ops/a.md": doc(body=f"Étape.\n\n{payload}\n")})
    report = check(root, today=TODAY, overdue_is_error=False, keep_bodies=True)
    built = build_one(root, report, "staff", tmp_path / "w", False, ALONE, MKDOCS, Markers("n"))
    parser = _Handlers()
    parser.feed((built.site / "procedures/ops/a/index.html").read_text(encoding="utf-8"))
    assert parser.found == []
