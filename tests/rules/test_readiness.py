"""`check` reports the problems of access_policies/readiness.yml, when it is there."""

from __future__ import annotations

from classeur.binder.check import check
from tests.conftest import TODAY, doc

WHERE = "access_policies/readiness.yml"


def test_a_bad_weight_is_reported_at_its_line(binder):
    root = binder({"procedures/a.md": doc(), WHERE: "weights:\n  recent-drill: 150\n"})
    found = [f.render() for f in check(root, today=TODAY).findings if f.code == "wrong-type"]
    assert found == [
        f'{WHERE}:2: wrong-type: "weights.recent-drill" is 150; it must be at most 100.'
    ]


def test_no_file_no_finding(binder):
    root = binder({"procedures/a.md": doc()})
    assert [f for f in check(root, today=TODAY).findings if f.path == WHERE] == []
