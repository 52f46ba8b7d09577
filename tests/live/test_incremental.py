"""The live preview's rebuilds: only what a save changed, and the same bytes as a full build."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from classeur.common import i18n
from classeur.live.incremental import LivePreview, Rebuilt, _Counts
from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
PAGE = "procedures/ops/a.md"
AUDIENCES = ["provider", "staff"]
SECRET = "procedures/ops/secret.md"


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, Path, LivePreview]]:
    """A binder of a few documents and its preview, built once (staff and provider)."""
    files = {
        PAGE: doc(body="Étape une.\n\n## Contrôle\n\nVérifier le total.\n"),
        SECRET: doc(id="OPS-099", title="Réservé", access="[secret]"),
    } | {
        f"procedures/ops/p{n}.md": doc(
            id=f"OPS-{n:03d}", title=f"Procédure {n}", related="[OPS-001]"
        )
        for n in range(10, 14)
    }
    root = make_site_binder(tmp_path / "binder", files)
    out = tmp_path / "public"
    out.mkdir()
    live = LivePreview(root, out, AUDIENCES, TODAY, include_drafts=False)
    started = live.start()
    assert started.updated, started.lines
    yield root, out, live
    live.close()


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (the preview's scratch folder aside) and its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".live-")
    }


def full_build(root: Path, target: Path) -> dict[str, bytes]:
    outcome = build_sites(root, AUDIENCES, target, renderer=MKDOCS, today=TODAY)
    assert outcome.findings == ()
    return tree(target)


def without_time(rebuilt: Rebuilt) -> list[str]:
    return [re.sub(r"\d+\.\d s", "X s", line) for line in rebuilt.lines]


def assert_same_trees(ours: dict[str, bytes], theirs: dict[str, bytes]) -> None:
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []


def test_a_body_edit_rebuilds_its_page_and_the_pages_that_list_it(preview):
    root, _out, live = preview
    (root / PAGE).write_text(doc(body="Étape une, revue.\n"), encoding="utf-8")
    rebuilt = live.update({PAGE})
    assert without_time(rebuilt) == [
        "Rebuilt 1 page and 0 generated pages for provider, staff in X s."
    ]
    assert rebuilt.urls == ("/provider/procedures/ops/a/", "/staff/procedures/ops/a/")


def test_a_body_edit_gives_the_same_files_as_a_full_build(preview, tmp_path):
    root, out, live = preview
    (root / PAGE).write_text(doc(body="Étape une, revue.\n\n## Fin\n\nC'est tout.\n"), "utf-8")
    live.update({PAGE})
    assert_same_trees(tree(out), full_build(root, tmp_path / "full"))


def test_a_title_change_rebuilds_every_page_and_gives_the_same_files(preview, tmp_path):
    root, out, live = preview
    (root / PAGE).write_text(doc(title="Un autre titre"), encoding="utf-8")
    rebuilt = live.update({PAGE})
    assert without_time(rebuilt) == [
        "Rebuilt every page of provider, staff in X s (a page was added, removed or renamed, "
        "or the policy, site_src/ or mkdocs.yml changed)."
    ]
    assert rebuilt.urls is None  # every open page reloads
    assert_same_trees(tree(out), full_build(root, tmp_path / "full"))


def test_a_new_document_gives_the_same_files_as_a_full_build(preview, tmp_path):
    root, out, live = preview
    new = "procedures/ops/nouvelle.md"
    (root / new).write_text(doc(id="OPS-050", title="Nouvelle"), encoding="utf-8")
    rebuilt = live.update({new})
    assert rebuilt.urls is None
    assert_same_trees(tree(out), full_build(root, tmp_path / "full"))


def test_a_document_no_previewed_site_reads_rebuilds_nothing(preview):
    root, out, live = preview
    before = tree(out)
    (root / SECRET).write_text(doc(id="OPS-099", title="Réservé", access="[secret]", body="B.\n"))
    rebuilt = live.update({SECRET})
    assert without_time(rebuilt) == ["Nothing to rebuild: no site shows this change (X s)."]
    assert rebuilt.urls == ()
    assert tree(out) == before


def test_an_invalid_save_leaves_the_sites_as_they_were(preview):
    root, out, live = preview
    before = tree(out)
    (root / PAGE).write_text(doc(access=None), encoding="utf-8")
    rebuilt = live.update({PAGE})
    assert rebuilt.updated is False
    assert rebuilt.lines[-1] == "The sites were not updated."
    assert tree(out) == before


def test_the_preview_keeps_the_day_it_was_given(tmp_path):
    root = make_site_binder(
        tmp_path / "binder", {PAGE: doc(last_reviewed="2025-09-15", review_every="6 months")}
    )
    out = tmp_path / "public"
    out.mkdir()
    live = LivePreview(root, out, ["staff"], TODAY, include_drafts=False)
    try:
        live.start()
        (root / PAGE).write_text(
            doc(last_reviewed="2025-09-15", review_every="6 months", body="Revue.\n"), "utf-8"
        )
        live.update({PAGE})
    finally:
        live.close()
    page = (out / "staff/procedures/ops/a/index.html").read_text(encoding="utf-8")
    # Due on 2026-03-15: soon seen from TODAY, overdue seen from the real day.
    assert '<p class="admonition-title">À revoir bientôt</p>' in page
    assert "Revue en retard" not in page


def test_drafts_are_previewed_with_their_banner_when_asked(tmp_path):
    root = make_site_binder(tmp_path / "binder", {PAGE: doc(status="draft")})
    out = tmp_path / "public"
    out.mkdir()
    live = LivePreview(root, out, ["staff"], TODAY, include_drafts=True)
    try:
        assert live.start().updated
    finally:
        live.close()
    page = (out / "staff/procedures/ops/a/index.html").read_text(encoding="utf-8")
    assert '<p class="admonition-title">Brouillon</p>' in page


def test_drafts_are_not_previewed_unless_asked(tmp_path):
    root = make_site_binder(tmp_path / "binder", {PAGE: doc(status="draft")})
    out = tmp_path / "public"
    out.mkdir()
    live = LivePreview(root, out, ["staff"], TODAY, include_drafts=False)
    try:
        assert live.start().updated
    finally:
        live.close()
    assert not (out / "staff/procedures/ops/a/index.html").exists()


@pytest.fixture
def french(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr")
    i18n.reset()
    yield
    monkeypatch.undo()
    i18n.reset()


def counts_of(pages: list[str], documents: set[str]) -> _Counts:
    counts = _Counts()
    counts.add("staff", pages, documents)
    counts.add("provider", pages, documents)
    return counts


def test_what_a_rebuild_did_is_said_in_french_under_a_french_locale(french):
    counts = counts_of(["procedures/a.md", "fonctions/ops.md", "index.md"], {"procedures/a.md"})
    assert counts.say(["staff", "provider"], 0.42, first=False) == (
        "1 page et 2 pages générées reconstruites pour staff, provider en 0.4 s."
    )


def test_one_generated_page_is_said_in_the_singular_in_french(french):
    counts = counts_of(
        ["procedures/a.md", "procedures/b.md", "index.md"], {"procedures/a.md", "procedures/b.md"}
    )
    assert counts.say(["staff"], 1.0, first=False) == (
        "2 pages et 1 page générée reconstruites pour staff, provider en 1.0 s."
    )


@pytest.mark.parametrize(
    ("pages", "said"),
    [
        (["procedures/a.md"], "Rebuilt 1 page and 0 generated pages for staff, provider in 0.4 s."),
        (
            ["procedures/a.md", "procedures/b.md", "index.md"],
            "Rebuilt 2 pages and 1 generated page for staff, provider in 0.4 s.",
        ),
    ],
)
def test_what_a_rebuild_did_is_counted_in_english(pages, said):
    counts = counts_of(pages, {"procedures/a.md", "procedures/b.md"})
    assert counts.say(["staff", "provider"], 0.4, first=False) == said
