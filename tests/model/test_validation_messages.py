"""Errors pydantic finds in the policy files reach people in our words, never pydantic's."""

from __future__ import annotations

from classeur.binder.check import check
from tests.conftest import POLICY, TODAY, doc

FUNCTIONS = "access_policies/functions.yml"
SOURCES = "access_policies/sources.yml"


def rendered(binder, path: str, text: str) -> list[str]:
    root = binder({"procedures/a.md": doc(), path: text})
    return [f.render() for f in check(root, today=TODAY).findings if f.path == path]


def test_a_value_not_in_its_expected_form_is_named_with_our_words(binder):
    text = POLICY[FUNCTIONS].replace("prefix: OPS", "prefix: ops")
    assert rendered(binder, FUNCTIONS, text) == [
        f'{FUNCTIONS}:6: wrong-type: "functions[0].prefix" is "ops", which is not written as '
        "expected. Check what it holds."
    ]


def test_a_value_outside_a_closed_list_lists_the_choices(binder):
    text = POLICY[SOURCES].replace("kind: repository", "kind: depot")
    assert rendered(binder, SOURCES, text) == [
        f'{SOURCES}:4: invalid-value: "sources[0].kind" is "depot"; it must be one of '
        "'repository', 'submodule' or 'sibling'."
    ]
