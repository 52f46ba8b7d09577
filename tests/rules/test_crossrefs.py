from __future__ import annotations

from classeur.binder.check import check
from tests.conftest import TODAY, doc


def rendered(root):
    return [f.render() for f in check(root, today=TODAY).findings]


def test_duplicate_id_names_the_other_file(binder):
    root = binder({"procedures/a.md": doc(), "procedures/b.md": doc()})
    assert rendered(root) == [
        'procedures/b.md:2: duplicate-id: id "OPS-001" is already used by procedures/a.md. '
        "Give this document a new id (`classeur new` picks a free one)."
    ]


def test_unknown_related_and_supersedes(binder):
    root = binder({"procedures/a.md": doc(related="[OPS-404]", supersedes="[OPS-405]")})
    assert rendered(root) == [
        'procedures/a.md:11: unknown-related: "OPS-404" in `related` is not the id of any '
        "document. Fix the id or remove it.",
        'procedures/a.md:12: unknown-supersedes: "OPS-405" in `supersedes` is not the id of any '
        "document. Fix the id or remove it.",
    ]


def test_superseded_document_still_active_is_a_warning(binder):
    root = binder(
        {
            "procedures/a.md": doc(supersedes="[OPS-002]"),
            "procedures/b.md": doc(id="OPS-002"),
        }
    )
    assert [(f.code, f.severity.label) for f in check(root, today=TODAY).findings] == [
        ("superseded-still-active", "warning")
    ]


def test_broken_relative_link(binder):
    root = binder({"procedures/x/a.md": doc(body="Voir [la suite](../y/b.md#etape-2).\n")})
    assert rendered(root) == [
        'procedures/x/a.md:12: broken-link: link "../y/b.md" points to '
        "procedures/y/b.md, which does not exist. Fix the path (relative to this file) or "
        "remove the link."
    ]


def test_links_to_existing_files_urls_and_code_are_fine(binder):
    body = (
        "[b](b.md) [pdf](formulaire%20A.pdf) [web](https://example.fr) [ancre](#x)\n"
        "`[pas un lien](absent.md)`\n```\n[pas un lien](absent.md)\n```\n"
        "Une remarque[^1].\n\n[^1]: Une note de bas de page, pas un lien.\n"
    )
    root = binder(
        {
            "procedures/a.md": doc(body=body),
            "procedures/b.md": doc(id="OPS-002"),
            "procedures/formulaire A.pdf": b"%PDF-1.4",
        }
    )
    assert rendered(root) == []


def test_link_outside_the_binder(binder):
    root = binder({"procedures/a.md": doc(body="[cfg](../mkdocs.yml)\n")})
    assert [f.code for f in check(root, today=TODAY).findings] == ["link-outside-binder"]


def test_link_to_a_document_some_readers_may_not_read(binder):
    root = binder(
        {
            "procedures/a.md": doc(body="Voir [le secret](b.md).\n"),
            "procedures/b.md": doc(id="OPS-002", access="[staff]"),
        }
    )
    assert rendered(root) == [
        "procedures/a.md:12: restricted-link: link to OPS-002, which provider may not read "
        "although they read this document: they would see a dead link. Remove it, or give "
        "both documents the same readers."
    ]


def test_related_to_a_document_some_readers_may_not_read(binder):
    root = binder(
        {
            "procedures/a.md": doc(related="[OPS-002]"),
            "procedures/b.md": doc(id="OPS-002", access="[secret]"),
        }
    )
    assert [f.code for f in check(root, today=TODAY).findings] == ["restricted-related"]


def test_restricted_document_may_link_to_a_wider_one(binder):
    root = binder(
        {
            "procedures/a.md": doc(access="[secret]", body="[b](b.md)\n", related="[OPS-002]"),
            "procedures/b.md": doc(id="OPS-002"),
        }
    )
    assert rendered(root) == []
