from __future__ import annotations

import os

import pytest

from classeur.binder.check import check
from tests.conftest import TODAY, doc

SHARED_AND_INTERNAL = """\
sources:
  - id: partage
    path: procedures
    kind: repository
    readers: [company, provider]
  - id: interne
    path: procedures/interne
    kind: submodule
    readers: [company]
"""


def rendered(root):
    return [f.render() for f in check(root, today=TODAY).findings]


def test_provider_readable_repository_holding_a_company_only_document(binder):
    root = binder(
        {
            "access_policies/sources.yml": SHARED_AND_INTERNAL,
            "procedures/interne/.git": "gitdir: ../../.git/modules/interne\n",
            "procedures/interne/ok.md": doc(id="OPS-002", access="[secret]"),
            "procedures/paie.md": doc(access="[staff, secret]"),
        }
    )
    assert rendered(root) == [
        "procedures/paie.md:8: repository-exposes-document: provider audiences may not read "
        'this document, but it is kept in source "partage" (procedures), whose repository the '
        'provider can read with its whole history. Move it to source "interne" '
        "(procedures/interne)."
    ]


def test_without_a_company_only_source_the_fix_says_to_declare_one(binder):
    shared = SHARED_AND_INTERNAL.split("  - id: interne")[0]
    root = binder({"access_policies/sources.yml": shared, "procedures/a.md": doc(access="[staff]")})
    [finding] = check(root, today=TODAY).findings
    assert finding.code == "repository-exposes-document"
    assert finding.message.endswith(
        "Move it to a repository the provider cannot read (declare it in "
        "access_policies/sources.yml, e.g. a company-only submodule)."
    )


def test_absent_source_is_one_notice_and_the_rest_is_checked(binder):
    root = binder(
        {
            "access_policies/sources.yml": SHARED_AND_INTERNAL,
            "procedures/a.md": doc(owners="[ghost]"),
        }
    )
    findings = check(root, today=TODAY).findings
    assert [(f.path, f.code, f.severity.label) for f in findings] == [
        ("access_policies/sources.yml", "source-missing", "notice"),
        ("procedures/a.md", "unknown-person", "error"),
    ]
    assert findings[0].render() == (
        'access_policies/sources.yml:7: source-missing: source "interne" (procedures/interne) '
        "is not here, so its documents were not checked; run `git submodule update --init` if "
        "you may read it."
    )


def test_submodule_that_is_a_plain_folder_is_not_separate(binder):
    root = binder(
        {
            "access_policies/sources.yml": SHARED_AND_INTERNAL,
            "procedures/interne/a.md": doc(access="[secret]"),
        }
    )
    assert [f.code for f in check(root, today=TODAY).findings] == ["source-not-separate"]


def test_sibling_checkout_is_a_source(tmp_path):
    from tests.conftest import make_binder

    root = make_binder(
        tmp_path / "partage",
        {
            "access_policies/sources.yml": SHARED_AND_INTERNAL.replace(
                "procedures/interne\n    kind: submodule",
                "../interne/procedures\n    kind: sibling",
            ),
            "procedures/a.md": doc(),
        },
    )
    sibling = tmp_path / "interne" / "procedures"
    sibling.mkdir(parents=True)
    (sibling / "b.md").write_text(doc(id="OPS-002", access="[secret]"), encoding="utf-8")
    report = check(root, today=TODAY)
    assert report.findings == ()
    assert [str(s.document.path) for s in report.documents] == [
        "../interne/procedures/b.md",
        "procedures/a.md",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="platform without symlinks")
def test_symlinks_are_refused(binder, tmp_path):
    root = binder({"procedures/a.md": doc()})
    (tmp_path / "secret.txt").write_text("canary", encoding="utf-8")
    (root / "procedures" / "lien.txt").symlink_to(tmp_path / "secret.txt")
    assert rendered(root) == [
        "procedures/lien.txt: symlink: symbolic links are refused: one could publish a file "
        "from outside the binder. Replace it with a copy of the file."
    ]
