from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from classeur.model.yamlload import StrictLoader, YamlProblem, load_yaml

# What PyYAML's own constructor makes of a text, with the strict reader's resolvers
# (dates stay text): load_yaml builds its data itself and must make the same.
_scalars = (
    st.text(max_size=12)
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.dates().map(str)
    | st.sampled_from(["yes", "no", "on", "off", "0o17", "0x1F", "1_000", "1:20", "~", ".inf"])
)
_keys = st.text(min_size=1, max_size=8) | st.integers(0, 99) | st.booleans()
_data = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


def _pyyaml(text: str) -> object:
    loader = StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@settings(max_examples=300, deadline=None)
@given(_data, st.sampled_from([None, "'", '"']))
def test_data_is_what_pyyaml_constructs(data, style):
    text = yaml.safe_dump(data, default_style=style, allow_unicode=True)
    assert load_yaml(text).data == _pyyaml(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: yes\nb: 017\nc: 1_000\nd: ~\ne: 2026-11-16\n", {
            "a": True, "b": 15, "c": 1000, "d": None, "e": "2026-11-16",
        }),
        ("1: un\nvrai: true\n", {1: "un", "vrai": True}),
        ("- a: [1, 2]\n  b: {c: d}\n- x\n", [{"a": [1, 2], "b": {"c": "d"}}, "x"]),
        ("", None),
    ],
)  # fmt: skip
def test_values_keep_their_yaml_types(text, expected):
    assert load_yaml(text).data == expected


def test_positions_are_file_lines_of_each_value():
    document = load_yaml("id: FAC-003\nowners:\n  - alice\n  - bob\n", first_line=2)
    assert document.positions[("owners", 1)] == (5, 5)
    assert document.line_of(("id",)) == 2


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\na: 2\n", "duplicate-key", 2),
        ("1: un\n0x1: encore un\n", "duplicate-key", 2),
        ("a: &x 1\nb: *x\n", "yaml-alias", 1),  # the node is the anchor's, with its place
        ("a: !!python/name:os.system x\n", "unsafe-yaml-tag", 1),
        ("!!binary a: x\n", "unsafe-yaml-tag", 1),
        ("<<: {a: 1}\nb: 2\n", "unsafe-yaml-tag", 1),
        ("? [a]\n: x\n", "yaml-syntax", 1),
    ],
)
def test_doubtful_yaml_is_refused_at_its_line(text, code, line):
    with pytest.raises(YamlProblem) as raised:
        load_yaml(text)
    assert (raised.value.code, raised.value.line) == (code, line)
