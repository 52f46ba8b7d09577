from __future__ import annotations

import pytest

from classeur.binder.check import check
from classeur.common.errors import PortalError
from tests.conftest import POLICY, TODAY, doc


def rendered(root):
    return [f.render() for f in check(root, today=TODAY).findings]


def test_missing_policy_folder_stops_the_check(tmp_path):
    with pytest.raises(PortalError, match="access_policies/ not found"):
        check(tmp_path, today=TODAY)


def test_missing_policy_file_is_reported_and_its_references_are_not(binder, tmp_path):
    root = binder({"procedures/a.md": doc()})
    (root / "access_policies" / "people.yml").unlink()
    assert rendered(root) == [
        "access_policies/people.yml: missing-policy-file: policy file missing. Create "
        "access_policies/people.yml; the README shows its format."
    ]


def test_audience_reading_an_unknown_tag(binder):
    audiences = POLICY["access_policies/audiences.yml"].replace(
        "reads: [staff]\n", "reads: [staf]\n"
    )
    root = binder({"access_policies/audiences.yml": audiences, "procedures/a.md": doc()})
    assert rendered(root) == [
        'access_policies/audiences.yml:16: unknown-access-tag: "staf" is not declared. Known: '
        "provider, secret, staff."
    ]


def test_function_owned_by_the_provider(binder):
    functions = POLICY["access_policies/functions.yml"].replace("owner: ops", "owner: vendor")
    root = binder({"access_policies/functions.yml": functions, "procedures/a.md": doc()})
    assert rendered(root) == [
        'access_policies/functions.yml:4: owner-not-company: "vendor" owns function "ops" but '
        "is on the provider side; control stays internal. Name a company person as its owner."
    ]


def test_team_member_unknown_or_from_the_other_side(binder):
    people = POLICY["access_policies/people.yml"].replace(
        "members: [ops]", "members: [ops, vendor, ghost]"
    )
    root = binder({"access_policies/people.yml": people, "procedures/a.md": doc()})
    assert rendered(root) == [
        'access_policies/people.yml:17: team-organisation-mismatch: "vendor" is on the provider '
        'side but team "paie" is on the company side. Move them to a provider team.',
        'access_policies/people.yml:17: unknown-person: "ghost" is not declared. Known: boss, '
        "ops, vendor.",
    ]


def test_duplicate_policy_ids(binder):
    sites = "sites:\n  - id: lyon\n    name: Lyon\n  - id: lyon\n    name: Lyon bis\n"
    root = binder({"access_policies/sites.yml": sites, "procedures/a.md": doc()})
    assert rendered(root) == [
        'access_policies/sites.yml:4: duplicate-policy-id: id "lyon" is already declared on '
        "line 2. Keep one, or rename this one."
    ]


def test_policy_schema_errors_use_the_same_words(binder):
    people = POLICY["access_policies/people.yml"].replace(
        "organisation: provider", "organisation: vendor", 1
    )
    root = binder({"access_policies/people.yml": people, "procedures/a.md": doc()})
    assert rendered(root) == [
        'access_policies/people.yml:11: invalid-value: "people[2].organisation" is "vendor"; '
        "it must be one of 'company' or 'provider'."
    ]


def test_policy_yaml_errors_are_findings(binder):
    root = binder(
        {
            "access_policies/sites.yml": "sites:\n  - id: lyon\n    id: paris\n",
            "procedures/a.md": doc(),
        }
    )
    assert [f.code for f in check(root, today=TODAY).findings] == ["duplicate-key"]


def test_unknown_policy_file_is_a_warning(binder):
    root = binder({"access_policies/extra.yml": "x: 1\n", "procedures/a.md": doc()})
    assert [(f.code, f.severity.label) for f in check(root, today=TODAY).findings] == [
        ("unknown-policy-file", "warning")
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "where", "shown", "named", "fixed"),
    [
        (
            "name: Olivia Ops",
            'name: "Olivia \\u202Espo"',
            3,
            "people[0].name",
            "'Olivia \\u202espo'",
            "U+202E RIGHT-TO-LEFT OVERRIDE (bidirectional control)",
            "'Olivia spo'",
        ),
        (
            "name: Paie",
            'name: "Pa\\u200Die"',
            15,
            "teams[0].name",
            "'Pa\\u200die'",
            "U+200D ZERO WIDTH JOINER (invisible character)",
            "'Paie'",
        ),
    ],
)
def test_hidden_characters_in_display_names_are_refused(
    binder, old, new, line, where, shown, named, fixed
):
    people = POLICY["access_policies/people.yml"].replace(old, new, 1)
    root = binder({"access_policies/people.yml": people, "procedures/a.md": doc()})
    assert rendered(root) == [
        f'access_policies/people.yml:{line}: unsafe-character: "{where}": {shown} contains '
        f"{named}: readers would not see the text as it is written. Write {fixed} instead."
    ]


def test_hidden_character_in_a_policy_id_is_named(binder):
    people = POLICY["access_policies/people.yml"].replace("id: boss", 'id: "bo\\u00ADss"')
    root = binder({"access_policies/people.yml": people, "procedures/a.md": doc()})
    assert rendered(root) == [
        "access_policies/people.yml:6: unsafe-character: \"people[1].id\": 'bo\\xadss' contains "
        "U+00AD SOFT HYPHEN (invisible character): readers would not see the text as it is "
        "written. Write 'boss' instead."
    ]
