"""Hostile or broken input never makes `check` raise: it answers with findings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classeur.binder.check import check
from tests.conftest import TODAY, VALID_FIELDS, make_binder

CODE = re.compile(r"^[a-z]+(-[a-z0-9]+)*$")

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
# Mostly-valid headers with some fields replaced by arbitrary values reach the schema's corners.
mutated_headers = st.dictionaries(
    st.sampled_from([*VALID_FIELDS, "sla", "related", "review_every", "sites", "other"]),
    yaml_values,
).map(lambda changes: {**{k: yaml.safe_load(v) for k, v in VALID_FIELDS.items()}, **changes})


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_binder(tmp_path_factory.mktemp("fuzz"), {"procedures/a.md": "placeholder"})


def assert_answers_with_findings(root: Path, content: bytes) -> None:
    (root / "procedures" / "a.md").write_bytes(content)
    report = check(root, today=TODAY)
    for finding in report.findings:
        assert CODE.match(finding.code), finding
        assert finding.path == "procedures/a.md"
        assert finding.message.endswith("."), finding
    assert report.findings or len(report.documents) == 1


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(root: Path, content: bytes) -> None:
    assert_answers_with_findings(root, content)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_inside_a_header(root: Path, content: bytes) -> None:
    assert_answers_with_findings(root, b"---\n" + content + b"\n---\nbody\n")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(yaml_values)
def test_arbitrary_yaml_header(root: Path, value: object) -> None:
    header = yaml.safe_dump(value, allow_unicode=True)
    assert_answers_with_findings(root, f"---\n{header}---\nbody\n".encode())


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutated_headers)
def test_mutated_valid_header(root: Path, fields: dict[str, object]) -> None:
    header = yaml.safe_dump(fields, allow_unicode=True)
    assert_answers_with_findings(root, f"---\n{header}---\nbody [x](y.md)\n".encode())
