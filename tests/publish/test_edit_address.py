"""« Proposer une modification »: the forge's edit page, for readers of the repository only."""

from __future__ import annotations

from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.model.policy import load_policy
from classeur.publish.manifest import build_manifest
from tests.conftest import POLICY, TODAY, doc, make_binder

FORGE = "https://forge.example.fr/pme/classeur/-/edit/main/{path}"


def sources(*entries: str) -> str:
    return "sources:\n" + "".join(entries)


def entry(id_: str, path: str, kind: str, readers: str, edit_url: str | None = None) -> str:
    url = f"    edit_url: {edit_url}\n" if edit_url else ""
    return f"  - id: {id_}\n    path: {path}\n    kind: {kind}\n    readers: {readers}\n{url}"


def edit_urls(root: Path, audience: str) -> dict[str, str | None]:
    report = check(root, today=TODAY)
    assert [f.code for f in report.findings if f.severity.name == "ERROR"] == []
    manifest = build_manifest(report, audience, include_drafts=False, files=report.files)
    return {d.id: d.edit_url for d in manifest.documents}


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A repository both sides read, with a forge; the provider edits through pull requests."""
    return make_binder(
        tmp_path,
        {
            "access_policies/sources.yml": sources(
                entry("main", "procedures", "repository", "[company, provider]", FORGE)
            ),
            "procedures/ops/relance client.md": doc(id="OPS-001"),
        },
    )


@pytest.mark.parametrize("audience", ["staff", "provider", "management"])
def test_every_reader_of_the_repository_gets_the_forge_page_of_the_file(shared, audience):
    assert edit_urls(shared, audience) == {
        "OPS-001": "https://forge.example.fr/pme/classeur/-/edit/main/"
        "procedures/ops/relance%20client.md"
    }


def test_a_side_that_may_not_read_the_repository_gets_no_link(tmp_path):
    root = make_binder(
        tmp_path,
        {
            "access_policies/sources.yml": sources(
                entry("main", "procedures", "repository", "[company]", FORGE)
            ),
            "procedures/ops/a.md": doc(id="OPS-001"),
        },
    )
    assert edit_urls(root, "staff") == {"OPS-001": FORGE.replace("{path}", "procedures/ops/a.md")}
    assert edit_urls(root, "provider") == {"OPS-001": None}


def test_without_an_edit_url_no_site_offers_the_link(tmp_path):
    root = make_binder(tmp_path, {"procedures/ops/a.md": doc(id="OPS-001")})
    assert "edit_url" not in POLICY["access_policies/sources.yml"]
    assert edit_urls(root, "staff") == {"OPS-001": None}


def test_a_document_of_another_repository_is_named_by_its_path_in_that_repository(tmp_path):
    root = make_binder(
        tmp_path,
        {
            "access_policies/sources.yml": sources(
                entry("main", "procedures", "repository", "[company, provider]"),
                entry(
                    "partage",
                    "procedures/partage",
                    "sibling",
                    "[company, provider]",
                    "https://forge.example.fr/bo/partage/-/edit/main/{path}",
                ),
            ),
            "procedures/partage/ops/a.md": doc(id="OPS-001"),
            "procedures/ops/b.md": doc(id="OPS-002"),
        },
    )
    assert edit_urls(root, "provider") == {
        "OPS-001": "https://forge.example.fr/bo/partage/-/edit/main/ops/a.md",
        "OPS-002": None,
    }


@pytest.mark.parametrize(
    "written",
    [
        "https://forge.example.fr/edit/main/",  # no {path}
        "https://forge.example.fr/{path}/{path}",
        "https://forge.example.fr/{path}?ref={branch}",
        "javascript:alert(1)//{path}",
        '"https://forge.example.fr/a b/{path}"',
    ],
)
def test_an_edit_url_that_is_not_a_web_address_with_one_path_is_refused_at_its_line(
    tmp_path, written
):
    root = make_binder(
        tmp_path,
        {
            "access_policies/sources.yml": sources(
                entry("main", "procedures", "repository", "[company]", written)
            )
        },
    )
    _policy, findings = load_policy(root)
    assert [(f.path, f.line) for f in findings] == [("access_policies/sources.yml", 6)]
    assert "edit address" in findings[0].message or "brace" in findings[0].message


@pytest.mark.parametrize(
    "written",
    ["https://intranet.example.fr/classeur/staff", "/classeur/staff/", "ftp://x.fr/staff/"],
)
def test_an_audience_url_must_be_a_web_address_ending_with_a_slash(tmp_path, written):
    audiences = POLICY["access_policies/audiences.yml"].replace(
        "    reads: [staff]\n", f"    reads: [staff]\n    url: {written}\n"
    )
    root = make_binder(tmp_path, {"access_policies/audiences.yml": audiences})
    _policy, findings = load_policy(root)
    assert [f.path for f in findings] == ["access_policies/audiences.yml"]
    assert "is not a site's address" in findings[0].message
