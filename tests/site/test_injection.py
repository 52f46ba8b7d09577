"""Hostile Markdown from a pull request cannot run script in a reader's browser
nor make the build read files outside the binder."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.common.errors import PortalError
from classeur.publish.build import build_sites
from classeur.publish.regions import Markers
from classeur.publish.staging import stage
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder
from tests.site.hostile import article_elements, hostile_files

TODAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site_binder(
        tmp_path_factory.mktemp("injection"),
        {
            **hostile_files("procedures/ops", {}, {"id": "OPS-003", "title": "Brouillon"}),
            "procedures/ops/secret.md": doc(
                id="OPS-002", title="Secret", access="[secret]", body="canari-secret-snippet\n"
            ),
        },
    )
    assert (
        build_sites(root, ["staff"], root / "public", today=TODAY, renderer=MKDOCS).findings == ()
    )
    return root / "public" / "staff"


def test_no_script_element_in_the_document(built):
    tags = {tag for tag, _ in article_elements(built / "procedures/ops/hostile/index.html")}
    assert tags & {"script", "iframe", "object", "embed", "style", "form"} == set()


def test_no_event_handler_attribute(built):
    elements = article_elements(built / "procedures/ops/hostile/index.html")
    handlers = [
        (tag, name) for tag, attrs in elements for name, _ in attrs if name.startswith("on")
    ]
    assert handlers == []


def test_no_javascript_url(built):
    elements = article_elements(built / "procedures/ops/hostile/index.html")
    urls = [value for _, attrs in elements for name, value in attrs if name in ("href", "src")]
    assert [
        u for u in urls if u and u.strip().lower().startswith(("javascript:", "data:", "file:"))
    ] == []


def test_harmless_content_survives_sanitising(built):
    page = (built / "procedures/ops/hostile/index.html").read_text(encoding="utf-8")
    assert "dans un bloc" in page and "Titre" in page


def test_toc_titles_are_plain_text(built):
    page = (built / "procedures/ops/hostile/index.html").read_text(encoding="utf-8")
    assert "onerror" not in page


def test_snippet_includes_in_documents_are_refused_and_read_nothing(tmp_path):
    body = 'Étape.\n\n--8<-- "/etc/passwd"\n\n--8<-- "secret.md"\n'
    root = make_site_binder(tmp_path, {"procedures/ops/a.md": doc(body=body)})
    outcome = build_sites(root, ["staff"], root / "public", today=TODAY, renderer=MKDOCS)
    assert [(f.line, f.code) for f in outcome.findings] == [
        (14, "include-directive"),
        (16, "include-directive"),
    ]
    assert not (root / "public" / "staff").exists()


def test_staging_escapes_snippet_markers_whatever_check_said(tmp_path):
    body = 'Étape.\n\n--8<-- "/etc/passwd"\n'
    root = make_site_binder(tmp_path, {"procedures/ops/a.md": doc(body=body)})
    report = check(root, today=TODAY, keep_bodies=True)
    staged = stage(
        root, report, "staff", include_drafts=False, target=tmp_path / "s", markers=Markers("n")
    )
    text = (staged.docs_dir / "procedures/ops/a.md").read_text(encoding="utf-8")
    assert '\\--8<-- "/etc/passwd"' in text


def test_site_pages_cannot_include_files_outside_site_src_snippets(tmp_path):
    root = make_site_binder(
        tmp_path,
        {
            "procedures/ops/a.md": doc(),
            "site_src/fuite.md": '# Fuite\n\n--8<-- "../procedures/ops/a.md"\n\n--8<-- "/etc/passwd"\n',
        },
    )
    with pytest.raises(
        PortalError, match=re.escape("Snippet at path '../procedures/ops/a.md' could not be found")
    ):
        build_sites(root, ["staff"], root / "public", today=TODAY, renderer=MKDOCS)
    assert not (root / "public" / "staff").exists()


def test_symlink_in_site_src_is_refused(tmp_path):
    root = make_site_binder(tmp_path, {"procedures/ops/a.md": doc()})
    (root / "site_src" / "passwd.md").symlink_to("/etc/passwd")
    findings = check(root, today=TODAY).findings
    assert [(f.path, f.code) for f in findings] == [("site_src/passwd.md", "symlink")]
    outcome = build_sites(root, ["staff"], root / "public", today=TODAY, renderer=MKDOCS)
    assert [f.code for f in outcome.findings] == ["symlink"]
    assert not (root / "public" / "staff").exists()


def test_document_with_yaml_tag_is_never_published(tmp_path):
    root = make_site_binder(
        tmp_path,
        {
            "procedures/ops/a.md": doc(title="!!python/object/apply:os.system [touch /tmp/pwned]"),
        },
    )
    outcome = build_sites(root, ["staff"], root / "public", today=TODAY, renderer=MKDOCS)
    assert [f.code for f in outcome.findings] == ["unsafe-yaml-tag"]
    assert not (root / "public" / "staff").exists()
