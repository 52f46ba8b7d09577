from __future__ import annotations

import pytest

from classeur.binder.check import check
from tests.conftest import TODAY, doc


def rendered(root):
    return [f.render() for f in check(root, today=TODAY).findings]


def test_undefined_access_tag_is_reported(binder):
    root = binder({"procedures/a.md": doc(access="[admins]")})
    assert rendered(root) == [
        'procedures/a.md:8: unknown-access-tag: "admins" is not declared. Known tags: provider, '
        "secret, staff (access_policies/audiences.yml)."
    ]


@pytest.mark.parametrize(
    ("field", "value", "code", "known"),
    [
        ("function", "compta", "unknown-function", "Known: ops (access_policies/functions.yml)"),
        (
            "owners",
            "[ghost]",
            "unknown-person",
            "Known: boss, ops, vendor (access_policies/people.yml)",
        ),
        (
            "maintainers",
            "[team:ghosts]",
            "unknown-team",
            "Known: team:paie, team:presta (access_policies/people.yml)",
        ),
        (
            "reviewed_by",
            "ghost",
            "unknown-person",
            "Known: boss, ops, vendor (access_policies/people.yml)",
        ),
        ("sites", "[paris]", "unknown-site", "Known sites: lyon (access_policies/sites.yml)"),
    ],
)
def test_unknown_reference(binder, field, value, code, known):
    root = binder({"procedures/a.md": doc(**{field: value})})
    [finding] = check(root, today=TODAY).findings
    name = value.strip("[]")
    assert (finding.code, finding.message) == (code, f'"{name}" is not declared. {known}.')


@pytest.mark.parametrize("owner", ["vendor", "team:presta"])
def test_owner_on_the_provider_side_is_refused(binder, owner):
    root = binder({"procedures/a.md": doc(owners=f"[ops, {owner}]")})
    assert rendered(root) == [
        f'procedures/a.md:6: owner-not-company: "{owner}" is on the provider side; owners are '
        "accountable and stay internal. Move them to `maintainers` and name a company owner."
    ]


def test_provider_may_maintain(binder):
    root = binder({"procedures/a.md": doc(maintainers="[team:presta, vendor]")})
    assert rendered(root) == []


def test_team_cannot_be_the_reviewer(binder):
    root = binder({"procedures/a.md": doc(reviewed_by="team:paie")})
    assert [f.code for f in check(root, today=TODAY).findings] == ["reviewer-not-person"]


def test_document_no_audience_reads_is_a_warning(binder):
    policy = {
        "access_policies/audiences.yml": (
            "tags:\n  - {id: staff, description: S}\n  - {id: orphan, description: O}\n"
            "audiences:\n  - {id: staff, name: P, organisation: company, reads: [staff]}\n"
        ),
        "access_policies/functions.yml": (
            "functions:\n  - {id: ops, label: O, owner: ops, outsourced: false, prefix: OPS}\n"
        ),
    }
    root = binder({**policy, "procedures/a.md": doc(access="[orphan]")})
    assert rendered(root) == [
        'access_policies/audiences.yml:3: unread-tag: no audience reads tag "orphan", so '
        "documents tagged only with it are published nowhere. Add it to an audience's `reads` "
        "or remove it.",
        "procedures/a.md:8: unread-document: no audience reads any of its tags (orphan), so it "
        "is published nowhere. Add a tag that an audience reads.",
    ]
