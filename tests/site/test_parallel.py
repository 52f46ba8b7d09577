"""Half the documents converted by a forked helper: the site must not change by a byte."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from material.plugins.search.plugin import SearchIndex  # type: ignore[import-untyped]
from mkdocs.structure.pages import Page

from classeur.binder.check import check
from classeur.common import forked
from classeur.common.errors import PortalError
from classeur.publish.build import build_one
from classeur.publish.regions import Markers
from classeur.publish.renderer import ALONE, Sharing
from classeur.site import internals, parallel, plugin
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
BODY = """# Étapes

Voir [la suite](b.md#controle) et [le modèle](modele.txt).

## Contrôle {{: #controle }}

| Étape | Qui |
|---|---|
| Saisie | Prestataire |

!!! note "À savoir"
    Une remarque[^1].

[^1]: Une note de bas de page.
"""
FILES: dict[str, str | bytes] = {
    f"procedures/ops/{name}.md": doc(id=f"OPS-{n:03d}", title=f"Procédure {name}", body=BODY)
    for n, name in enumerate(["a", "b", "c", "d", "e", "f"], 1)
}
FILES["procedures/ops/modele.txt"] = "modèle\n"

MARKERS = Markers("0123456789abcdef")  # one build's markers, so that conversions are shared


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(plugin, "_HELPER_THRESHOLD", 2)  # a helper even for six documents
    return make_site_binder(tmp_path, FILES)


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build(root: Path, work: str, second_core: bool) -> dict[str, bytes]:
    report = check(root, today=TODAY, overdue_is_error=False, keep_bodies=True)
    built = build_one(
        root, report, "staff", root / work, False, Sharing(second_core=second_core), MKDOCS, MARKERS
    )
    assert built.findings == ()
    return files_of(built.site)


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose helper conversion the build used."""
    used: list[str] = []
    real = parallel.take

    def spy(page, converted, files):
        used.append(page.file.src_uri)
        real(page, converted, files)

    monkeypatch.setattr(plugin, "take", spy)
    return used


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages handed to the helper that writes pages."""
    pages: list[str] = []

    class Spy(parallel.Writer):
        def __init__(self, owned, *rest, **options):
            pages.extend(p.file.src_uri for p in owned)
            super().__init__(owned, *rest, **options)

    monkeypatch.setattr(plugin, "Writer", Spy)
    return pages


def test_the_helpers_change_no_byte_of_the_site(root, taken, handed):
    alone = build(root, "alone", second_core=False)
    assert (taken, handed) == ([], [])
    helped = build(root, "helped", second_core=True)
    assert taken and handed  # both helpers had their half
    pages = [path for path in helped if path.endswith("index.html")]
    # MkDocs converts part of the pages itself (which part depends on who gets there
    # first: on these tiny documents the helper may take them all while MkDocs does
    # the generated pages), and writes part of them.
    assert len(taken) < len(pages)
    assert len(handed) < len(pages)
    assert helped == alone
    assert "Une note de bas de page" in helped["procedures/ops/f/index.html"].decode()


def test_mkdocs_indexes_for_search_only_the_pages_it_wrote(root, handed, monkeypatch):
    """The helper's search entries are taken, not made again (the site is the same:
    test_the_helpers_change_no_byte_of_the_site compares search_index.json too)."""
    parsed: list[str] = []  # in this process only: the helper's list is its own copy
    real = SearchIndex.add_entry_from_context

    def spy(self, page):
        parsed.append(page.file.src_uri)
        real(self, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", spy)
    helped = build(root, "helped", second_core=True)
    assert handed
    assert not set(handed) & set(parsed)
    assert len(parsed) + len(handed) == sum(path.endswith(".html") for path in helped) - 1
    index = helped["search/search_index.json"].decode()
    assert all(f'"location":"{uri.removesuffix(".md")}/' in index for uri in handed)


def test_pages_the_converter_failed_on_are_converted_by_mkdocs(root, taken, monkeypatch):
    real = parallel._convert_one

    def failing(config, files, file, cache):
        if file.src_uri.endswith("f.md"):
            raise RuntimeError("the helper stumbles on this page")
        return real(config, files, file, cache)

    alone = build(root, "alone", second_core=False)
    monkeypatch.setattr(parallel, "_convert_one", failing)
    assert build(root, "helped", second_core=True) == alone
    assert taken and "procedures/ops/f.md" not in taken


def test_pages_the_writer_failed_on_fail_the_build(root, handed, monkeypatch, caplog):
    def failing(page, *rest):
        raise RuntimeError("disk full")

    monkeypatch.setattr(internals, "_build_page", failing)  # in the helper only: it forks after
    with pytest.raises(PortalError, match="could not be built"):
        build(root, "helped", second_core=True)
    first = sorted(handed)[0]
    expected = f"{len(handed)} page(s) were not written, {first} first: RuntimeError: disk full"
    assert expected in caplog.messages


def test_audiences_of_one_build_share_conversions_without_a_byte_changing(tmp_path, monkeypatch):
    files = {**FILES, "procedures/ops/interne.md": doc(id="OPS-020", access="[staff]")}
    root = make_site_binder(tmp_path, files)
    report = check(root, today=TODAY, overdue_is_error=False, keep_bodies=True)
    hits: list[tuple[str, str]] = []
    real = parallel.ConversionCache.get

    def spy(self, src_uri, markdown):
        found = real(self, src_uri, markdown)
        if found is not None:
            hits.append((self.audience, src_uri))
        return found

    monkeypatch.setattr(parallel.ConversionCache, "get", spy)
    shared = tmp_path / "converted"
    for audience in ("staff", "provider"):
        monkeypatch.setattr(parallel.ConversionCache, "audience", audience, raising=False)
        together = build_one(
            root,
            report,
            audience,
            tmp_path / f"t-{audience}",
            False,
            Sharing(cache=shared),
            MKDOCS,
            MARKERS,
        )
        alone = build_one(
            root, report, audience, tmp_path / f"a-{audience}", False, ALONE, MKDOCS, MARKERS
        )
        assert together.findings == alone.findings == ()
        assert files_of(together.site) == files_of(alone.site)
    # provider took staff's conversions of the documents both read; staff had none to take.
    assert sorted(hits) == [("provider", f"procedures/ops/{name}.md") for name in "abcdef"]


def test_a_filler_converting_last_page_first_changes_no_byte(root, tmp_path, taken, monkeypatch):
    report = check(root, today=TODAY, overdue_is_error=False, keep_bodies=True)
    cache = tmp_path / "converted"

    class Patient:
        """MkDocs converts nothing before the filler has handed over a page."""

        @staticmethod
        def render(page, config, files):
            deadline = time.monotonic() + 10
            while not any("." not in p.name for p in cache.iterdir()):
                assert time.monotonic() < deadline, "the filler converted nothing"
                time.sleep(0.01)
            Page.render(page, config, files)

    monkeypatch.setattr(plugin, "Page", Patient)  # the filler, in parallel.py, is not held
    sharing = Sharing(cache=cache, filler=True)
    filled = build_one(root, report, "staff", tmp_path / "filled", False, sharing, MKDOCS, MARKERS)
    assert "procedures/ops/f.md" in taken  # the filler's first, taken from the cache
    alone = build_one(root, report, "staff", tmp_path / "alone", False, ALONE, MKDOCS, MARKERS)
    assert filled.findings == alone.findings == ()
    assert files_of(filled.site) == files_of(alone.site)


def test_a_page_another_process_is_converting_is_waited_for(tmp_path):
    first, second = parallel.ConversionCache(tmp_path), parallel.ConversionCache(tmp_path)
    made = parallel.Converted("d", "<p>x</p>", None, "x", set(), None)
    assert first.claim("a.md", "x")
    assert not second.claim("a.md", "x")  # one conversion per page and Markdown
    assert second.claim("a.md", "changed")
    first.put("a.md", "x", made)
    assert second.wait("a.md", "x") == made
    first.release("a.md", "changed")  # given up: the waiter converts it itself
    assert second.wait("a.md", "changed") is None


HOOKS = """import logging

log = logging.getLogger("mkdocs.hooks.test")
PAGE = "zz/liens.md"


def on_page_markdown(markdown, page, **rest):
    if page.file.src_uri == PAGE:
        log.warning("page_markdown event of %s", PAGE)
    return markdown


def on_page_context(context, page, **rest):
    if page.file.src_uri == PAGE:
        log.warning("page_context event of %s", PAGE)
    return context


def on_post_page(output, page, **rest):
    if page.file.src_uri == PAGE and output.strip():
        log.warning("post_page event of %s", PAGE)
    return output
"""


def warning_binder(tmp_path: Path, strict: bool) -> Path:
    """FILES and a site page with a broken link, last of all: in the helpers' halves."""
    files = {**FILES, "site_src/zz/liens.md": "# Liens\n\nVoir [la page](absente.md).\n"}
    root = make_site_binder(tmp_path, {**files, "hooks/warn.py": HOOKS})
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("strict: false", f"strict: {strict}")
    config.write_text(f"{text}\nhooks:\n  - hooks/warn.py\n", encoding="utf-8")
    return root


def test_a_strict_build_fails_alike_with_and_without_helpers(tmp_path, monkeypatch, taken):
    monkeypatch.setattr(plugin, "_HELPER_THRESHOLD", 2)
    root = warning_binder(tmp_path, strict=True)
    failures = []
    for second_core in (False, True):
        with pytest.raises(PortalError) as failed:
            build(root, f"work-{second_core}", second_core)
        failures.append(str(failed.value))
    assert "zz/liens.md" in taken  # converted by the helper
    assert failures == ["the site could not be built: Aborted with 4 warnings in strict mode!"] * 2


def test_the_helpers_change_no_warning_of_the_build(tmp_path, monkeypatch, taken, handed, caplog):
    monkeypatch.setattr(plugin, "_HELPER_THRESHOLD", 2)
    root = warning_binder(tmp_path, strict=False)

    def warnings() -> list[tuple[str, str]]:
        found = sorted((r.name, r.getMessage()) for r in caplog.records if r.levelno >= 30)
        caplog.clear()
        return found

    alone = build(root, "alone", second_core=False)
    logged_alone = warnings()
    helped = build(root, "helped", second_core=True)
    assert "zz/liens.md" in taken and "zz/liens.md" in handed  # both helpers had it
    assert (helped, warnings()) == (alone, logged_alone)
    assert logged_alone == [
        ("mkdocs.hooks.test", "page_context event of zz/liens.md"),
        ("mkdocs.hooks.test", "page_markdown event of zz/liens.md"),
        ("mkdocs.hooks.test", "post_page event of zz/liens.md"),
        (
            "mkdocs.structure.pages",
            "Doc file 'zz/liens.md' contains a link 'absente.md', but the target "
            "'zz/absente.md' is not found among documentation files.",
        ),
    ]


def test_pages_of_a_writer_that_hangs_are_written_by_mkdocs(root, handed, monkeypatch, caplog):
    alone = build(root, "alone", second_core=False)

    def hanging(page, *rest):
        time.sleep(600)

    monkeypatch.setattr(internals, "_build_page", hanging)  # in the helper only: it forks after
    monkeypatch.setattr(forked, "PATIENCE", 1.0)
    assert build(root, "helped", second_core=True) == alone
    assert handed  # the helper had its half, and never wrote it
    assert "a helper process gave no result within 1 s: this process does its share." in (
        caplog.messages
    )
