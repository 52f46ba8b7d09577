from __future__ import annotations

import pytest

from classeur.binder.check import check
from tests.conftest import POLICY, TODAY, doc


def rendered(root):
    return [f.render() for f in check(root, today=TODAY).findings]


def test_provider_document_with_a_restricted_tag_asks_to_confirm(binder):
    root = binder({"procedures/a.md": doc(access="[provider, secret]")})
    [finding] = check(root, today=TODAY).findings
    assert (finding.render(), finding.severity.label) == (
        'procedures/a.md:8: mixed-access: access mixes "provider", read by the provider '
        '(provider), with "secret", restricted to management: provider will read the whole '
        "document. Confirm that it should, or move what only management may read to a "
        "document of its own.",
        "warning",
    )


def test_every_restricted_tag_and_its_readers_are_named(binder):
    audiences = (
        POLICY["access_policies/audiences.yml"]
        .replace(
            "audiences:\n",
            "  - id: rh\n    restricted: true\n    description: HR.\n"
            "audiences:\n  - id: hr\n    name: RH\n    organisation: company\n    reads: [staff, rh]\n",
        )
        .replace("reads: [staff, provider, secret]", "reads: [staff, provider, secret, rh]")
    )
    root = binder(
        {
            "access_policies/audiences.yml": audiences,
            "procedures/a.md": doc(access="[secret, provider, rh]"),
        }
    )
    assert rendered(root) == [
        'procedures/a.md:8: mixed-access: access mixes "provider", read by the provider '
        '(provider), with "secret", "rh", restricted to hr, management: provider will read the '
        "whole document. Confirm that it should, or move what only hr, management may read to "
        "a document of its own."
    ]


@pytest.mark.parametrize(
    "access",
    [
        "[staff, provider]",  # no restricted tag
        "[staff, secret]",  # no provider audience reads it
    ],
)
def test_no_warning_without_both_a_provider_and_a_restricted_tag(binder, access):
    root = binder({"procedures/a.md": doc(access=access)})
    assert rendered(root) == []
