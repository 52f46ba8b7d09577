"""The audit's needles: file names and stems on path boundaries, page URLs where they end."""

from __future__ import annotations

from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.model import needles
from classeur.publish.audit import audit_site
from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import TODAY, doc, make_binder
from tests.site.conftest import make_site_binder

# OPS-050 and its attachment are read by management only.
FILES: dict[str, str | bytes] = {
    "procedures/rh/secret.md": doc(
        id="OPS-050", title="Plan social", access="[secret]", body="[Bulletin](paie-2026.pdf)\n"
    ),
    "procedures/rh/paie-2026.pdf": b"%PDF-1.4",
    "procedures/ops/visible.md": doc(body="Étape une.\n"),
}


def audited(
    tmp_path: Path,
    planted: str,
    files: dict[str, str | bytes] = FILES,
    assets: tuple[str, ...] = (),
) -> list[str]:
    """The audit of a staff site whose 404 page holds `planted`, beside theme `assets`."""
    root = make_binder(tmp_path, files)
    site = tmp_path / "site"
    for asset in assets:
        (site / asset).parent.mkdir(parents=True, exist_ok=True)
        (site / asset).write_text("/* theme */", encoding="utf-8")
    site.mkdir(exist_ok=True)
    (site / "404.html").write_text(f"<html><body>{planted}</body></html>", encoding="utf-8")
    report = check(root, today=TODAY, keep_bodies=True)
    findings = audit_site(site, root, report, "staff", include_drafts=False)
    return [f.render().removeprefix(f"{site}/") for f in findings]


def test_a_restricted_attachments_file_name_is_a_leak(tmp_path):
    assert audited(tmp_path, '<a href="fichiers/paie-2026.pdf">') == [
        "404.html: leaked-document: contains the file name of procedures/rh/paie-2026.pdf, "
        'which "staff" may not read. Do not publish this site; find how it got there (a link, '
        "a commit, a plugin)."
    ]


@pytest.mark.parametrize(
    ("planted", "what"),
    [
        ("<p>voir secret.md</p>", "file name of OPS-050"),
        ('<a href="../../rh/secret/">', "stem of OPS-050"),
        ('<a href="../secret#haut">', "stem of OPS-050"),
        ('<img src="/x/paie-2026.png">', "stem of procedures/rh/paie-2026.pdf"),
        ('{"location": "procedures/rh/secret/"}', "path of OPS-050"),
    ],
)
def test_names_on_path_boundaries_are_leaks(tmp_path, planted, what):
    assert [f.split("contains the ")[1].split(",")[0] for f in audited(tmp_path, planted)] == [what]


@pytest.mark.parametrize(
    "planted",
    [
        "<p>un secret bien gardé</p>",  # a stem in prose
        "<p>topsecret.md, secret.mdx</p>",  # inside longer names
        '<a href="../procedures/rh/secret/guide/">',  # a readable folder named like the page
        "<p>paie-2026 en cours</p>",  # an attachment's stem in prose
    ],
)
def test_names_inside_other_words_or_paths_are_not_leaks(tmp_path, planted):
    assert audited(tmp_path, planted) == []


def test_a_name_a_readable_document_also_has_is_not_a_leak(tmp_path):
    files: dict[str, str | bytes] = {**FILES, "procedures/ops/secret.md": doc(id="OPS-002")}
    assert audited(tmp_path, '<p>secret.md</p><a href="../secret/">', files) == []


def test_a_name_a_file_of_the_site_also_has_is_not_a_leak(tmp_path):
    files: dict[str, str | bytes] = {
        **FILES,
        "procedures/rh/search.md": doc(id="OPS-051", access="[secret]"),
    }
    worker = "assets/javascripts/workers/search.f1.min.js"
    assert audited(tmp_path, f'<script src="../{worker}"></script>', files, (worker,)) == []


def test_a_restricted_page_beside_a_readable_folder_of_its_name_builds(tmp_path):
    # procedures/rh.md is restricted; every page under procedures/rh/ has a URL starting
    # with its page URL "procedures/rh/".
    root = make_site_binder(
        tmp_path,
        {
            "procedures/rh.md": doc(id="OPS-050", access="[secret]"),
            "procedures/rh/conges.md": doc(id="OPS-001", title="Congés"),
            "procedures/rh/absences.md": doc(id="OPS-002", title="Absences"),
        },
    )
    outcome = build_sites(root, ["staff"], tmp_path / "out", renderer=MKDOCS, today=TODAY)
    assert (outcome.findings, [b.pages > 0 for b in outcome.built]) == ((), [True])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("procedures/rh/secret.md", "procedures/rh/secret.md"),
        ("../interne/procedures/rh/secret.md", "interne/procedures/rh/secret.md"),
        ("./procedures/a.md", "procedures/a.md"),
    ],
)
def test_a_sibling_sources_file_lands_in_the_site_without_its_dots(path, expected):
    assert needles.site_path(path) == expected
