"""The post-build pass on hand-made sites: what any renderer's output becomes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from classeur.publish.postbuild import _Chrome, _outside_scripts, finish_site
from classeur.publish.regions import Markers

MARKERS = Markers("feedc0ffee")


def site_with(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for path, text in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    return site


def page(content: str, chrome: str = "") -> str:
    return f"<html><body>{chrome}<article>{MARKERS.begin}{content}{MARKERS.end}</article></body></html>"


def finished(tmp_path: Path, content: str, chrome: str = "") -> str:
    site = site_with(
        tmp_path,
        {
            "a/b/index.html": page(content, chrome),
            "a/c/index.html": page("<p>c</p>"),
            "a/fiche.pdf": "%PDF",
            "index.html": page("<p>accueil</p>"),
        },
    )
    pages = ["a/b.md", "a/c.md", "index.md"]
    assert finish_site(site, pages, MARKERS, helper=False) == []
    return (site / "a/b/index.html").read_text(encoding="utf-8")


def test_the_region_is_sanitised_and_the_markers_removed(tmp_path):
    html = finished(tmp_path, '<p onclick="x()">texte</p><script>alert(1)</script>')
    assert html == "<html><body><article><p>texte</p></article></body></html>"


def test_theme_scripts_stay_but_handlers_in_theme_html_go(tmp_path):
    chrome = '<script>if (a<b) { go() }</script><nav><a href="#x" onmouseover="steal()">T</a></nav>'
    html = finished(tmp_path, "<p>ok</p>", chrome)
    assert '<script>if (a<b) { go() }</script><nav><a href="#x" >T</a></nav>' in html


def test_handlers_on_their_own_line_go_but_multiline_scripts_stay(tmp_path):
    chrome = '<script>\nwindow.onload = start\n</script>\n<img\n onerror="steal()" src="a.png">\n'
    html = finished(tmp_path, "<p>ok</p>", chrome)
    assert '<script>\nwindow.onload = start\n</script>\n<img\n  src="a.png">' in html


def test_handlers_after_a_slash_or_a_quote_go_too(tmp_path):
    chrome = '<a href="#yy"><svg/onload=alert(1)//@>" class="x"><b"onclick="y()">T</b></a>'
    html = finished(tmp_path, "<p>ok</p>", chrome)
    assert '<a href="#yy"><svg/>" class="x"><b">T</b></a>' in html


def test_a_tag_that_only_starts_like_script_does_not_shield_what_follows(tmp_path):
    html = finished(tmp_path, "<p>ok</p>", '<scriptx@> <img src="a.png" onerror="steal()">')
    assert '<scriptx@> <img src="a.png" >' in html


def test_a_link_to_a_published_page_written_as_markdown_becomes_its_url(tmp_path):
    html = finished(
        tmp_path, '<p><a href="c.md#etape">suite</a> <a href="../index.md">accueil</a></p>'
    )
    assert '<a href="../c/#etape" rel="noopener noreferrer">suite</a>' in html
    assert '<a href="../../" rel="noopener noreferrer">accueil</a>' in html


def test_a_link_already_made_by_the_renderer_is_kept(tmp_path):
    html = finished(tmp_path, '<p><a href="../c/">suite</a> <a href="../fiche.pdf">fiche</a></p>')
    assert 'href="../c/"' in html and 'href="../fiche.pdf"' in html


def test_an_attachment_written_relative_to_the_source_is_made_to_work(tmp_path):
    html = finished(tmp_path, '<p><img src="fiche.pdf" alt="fiche"></p>')
    assert '<img src="../fiche.pdf" alt="fiche">' in html


def test_links_that_lead_nowhere_lose_their_target_not_their_words(tmp_path):
    html = finished(
        tmp_path,
        '<p><a href="../rh/disciplinaire.md">voir</a> <a href="/procedures/rh/x.md">aussi</a></p>',
    )
    assert "disciplinaire" not in html and "procedures/rh" not in html
    assert "voir" in html and "aussi" in html


def test_external_links_and_anchors_are_kept(tmp_path):
    html = finished(
        tmp_path, '<p><a href="https://exemple.fr/x">x</a> <a href="#haut">haut</a></p>'
    )
    assert 'href="https://exemple.fr/x"' in html and 'href="#haut"' in html


def test_a_page_whose_markers_do_not_pair_is_refused(tmp_path):
    site = site_with(tmp_path, {"a/index.html": f"<p>{MARKERS.begin}<script>x()</script></p>"})
    findings = finish_site(site, ["a/index.md"], MARKERS, helper=False)
    assert [f.render() for f in findings] == [
        f"{site.as_posix()}/a/index.html: unchecked-page: the markers around this page's content "
        "are missing or out of order, so it could not be sanitised. Do not publish this site; "
        "look for unclosed HTML in its document."
    ]


def test_a_forged_marker_without_the_nonce_opens_no_region(tmp_path):
    forged = '<div data-classeur-region="/guess"></div><script>x()</script>'
    html = finished(tmp_path, forged + "<p>suite</p>")
    assert "<script>" not in html and "suite" in html


_FRAGMENTS = [
    "on", "load", "onload=", "onClick =", "=", " ", '"', "'", "/", ">", "<", "<script>",
    "</script>", "<script src=x>", "\n", "x", "content=", "href=", "javascript:", "Data:",
    "<img", "\t",
]  # fmt: skip


def _inert(chrome: str) -> str:
    """The theme's HTML made inert line by line, with no line remembered."""
    lines, in_script = chrome.split("\n"), False
    for index, line in enumerate(lines):
        lines[index], in_script = _outside_scripts(line, in_script)
    return "\n".join(lines)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=24).map("".join))
def test_theme_html_a_page_has_not_shown_before_is_made_inert_whole(chrome):
    """The pass skips lines it saw unchanged on earlier pages, and lines in which no
    handler or script URL can be found: the result is the same as doing every line."""
    assert _Chrome()(chrome) == _inert(chrome)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), max_size=16).map("".join), max_size=4))
@example(["<script>\nonload=x\n</script>", "onload=x"])  # met in a script, then outside
def test_theme_html_is_made_inert_whatever_the_pages_before_it(pages):
    """Lines remembered from earlier pages are skipped only where skipping them changes
    nothing: a line met inside a script on one page can stand outside one on the next."""
    chrome = _Chrome()
    assert [chrome(page) for page in pages] == [_inert(page) for page in pages]
