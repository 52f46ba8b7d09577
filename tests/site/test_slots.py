"""The plugin keeps the core's HTML blocks out of the Markdown conversion: pages
come out the same as a build without the plugin."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date

from classeur.binder.check import check
from classeur.publish.build import build_sites
from classeur.publish.postbuild import finish_site
from classeur.publish.regions import Markers, new_nonce
from classeur.publish.renderer_config import CONFIG_NAME
from classeur.publish.staging import stage
from classeur.site.render import MKDOCS
from classeur.site.slots import Slots
from tests.conftest import doc
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
BODY = '## Étapes\n\n1. Saisir.\n\n!!! warning "Attention"\n    Vérifier [l\'autre](b.md).\n'


def article(page: str) -> str:
    found = re.search(r"<article[^>]*>(.*?)</article>", page, re.DOTALL)
    assert found is not None
    return found[1]


def test_a_page_is_the_same_with_and_without_the_plugin(tmp_path):
    root = make_site_binder(
        tmp_path,
        {
            "procedures/ops/a.md": doc(body=BODY, last_reviewed="2025-01-10"),
            "procedures/ops/b.md": doc(id="OPS-002", related="[OPS-001]"),
        },
    )
    assert (
        build_sites(root, ["staff"], root / "public", today=TODAY, renderer=MKDOCS).findings == ()
    )
    report = check(root, today=TODAY, overdue_is_error=False, keep_bodies=True)
    markers = Markers(new_nonce())
    staged = stage(
        root,
        report,
        "staff",
        include_drafts=False,
        target=tmp_path / "s",
        markers=markers,
        keep_plugin=False,
    )
    plain = tmp_path / "plain"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(staged.root / CONFIG_NAME)]
    subprocess.run([*command, "-d", str(plain)], check=True, capture_output=True)
    assert finish_site(plain, staged.pages, markers, helper=False) == []
    for name in ("a", "b"):
        with_plugin = (root / f"public/staff/procedures/ops/{name}/index.html").read_text("utf-8")
        without = (plain / f"procedures/ops/{name}/index.html").read_text("utf-8")
        assert article(with_plugin) == article(without)
    index = "search/search_index.json"
    entries = [
        sorted((d["location"], d["title"], d["text"]) for d in json.loads(site.read_text())["docs"])
        for site in (root / "public/staff" / index, plain / index)
    ]
    assert entries[0] == entries[1]
    assert "classeur-panel" in article(with_plugin) and "Revue en retard" in article(
        (root / "public/staff/procedures/ops/a/index.html").read_text("utf-8")
    )


def test_blocks_are_taken_out_and_put_back_in_place():
    slots = Slots("n1")
    markdown = "Avant\n\n<section data-search-exclude>\n<p>panneau</p></section>\n\nAprès\n"
    taken = slots.take("a.md", markdown)
    assert taken == 'Avant\n\n<div data-classeur-slot="n1-0"></div>\n\nAprès\n'
    html = '<p>Avant</p>\n<div data-classeur-slot="n1-0"></div>\n<p>Après</p>'
    assert slots.restore("a.md", html) == (
        "<p>Avant</p>\n<section data-search-exclude>\n<p>panneau</p></section>\n<p>Après</p>"
    )
