"""The dossier's site opened from disk: folder links name their index.html, search runs."""

from __future__ import annotations

import json

import pytest

from classeur.site.offline import SHIM, file_url, make_offline, offline_page

INDEXES = {"index.html", "procedures/ops/relance/index.html", "procedures/ops/index.html"}


@pytest.mark.parametrize(
    ("url", "folder", "expected"),
    [
        ("../relance/", "procedures/ops/autre", "../relance/index.html"),
        ("../relance/#etapes", "procedures/ops/autre", "../relance/index.html#etapes"),
        ("../relance/?h=x", "procedures/ops/autre", "../relance/index.html?h=x"),
        ("../../..", "procedures/ops/autre", "../../../index.html"),
        ("./", "", "index.html"),
        ("..", "procedures/ops/relance", "../index.html"),
        ("relance", "procedures/ops", "relance/index.html"),
    ],
)
def test_a_link_to_a_folder_names_its_index(url, folder, expected):
    assert file_url(url, folder, INDEXES) == expected


@pytest.mark.parametrize(
    "url",
    [
        "#etapes",
        "https://example.fr/a/",
        "mailto:ops@example.fr",
        "/procedures/ops/relance/",
        "../assets/classeur.css",
        "../absent/",
        "../../../../../etc/",
        "?q=1",
    ],
)
def test_other_links_are_left_as_they_are(url):
    assert file_url(url, "procedures/ops/autre", INDEXES) == url


def test_a_page_loads_the_worker_stand_in_before_its_head_ends():
    page = '<html><head><title>T</title></head><body><a href="../relance/">R</a></body></html>'
    assert offline_page(page, "procedures/ops/autre", INDEXES) == (
        '<html><head><title>T</title><script src="../../../assets/javascripts/'
        'classeur-offline.js"></script></head><body><a href="../relance/index.html">R</a>'
        "</body></html>"
    )


def test_the_search_index_links_index_files_and_is_written_as_a_script(tmp_path):
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "assets/javascripts/workers").mkdir(parents=True)
    (site / "assets/javascripts/workers/search.1.min.js").write_text("// worker", encoding="utf-8")
    index = {"config": {"lang": ["fr"]}, "docs": [{"location": ""}, {"location": "a/b/#c"}]}
    (site / "search/search_index.json").write_text(json.dumps(index), encoding="utf-8")
    make_offline(site)
    expected = '{"config":{"lang":["fr"]},"docs":[{"location":"index.html"},{"location":"a/b/index.html#c"}]}'
    assert (site / "search/search_index.json").read_text(encoding="utf-8") == expected
    assert (site / "search/search_index.js").read_text(
        encoding="utf-8"
    ) == f"var __index = {expected}"
    sources = (site / "assets/javascripts/classeur-offline-sources.js").read_text(encoding="utf-8")
    assert '{"workers/search.1.min.js": "// worker"}' in sources
    shim = (site / SHIM).read_text(encoding="utf-8")
    assert 'new URL("classeur-offline-sources.js", document.currentScript.src)' in shim
