from __future__ import annotations

import pytest
from click.testing import CliRunner

from classeur.binder.check import check
from classeur.cli.main import main
from tests.conftest import POLICY, TODAY, doc

PEOPLE = POLICY["access_policies/people.yml"].replace(
    "    emails: [ops@example.fr]\n", "    emails: [ops@example.fr]\n    handles: [olivia]\n"
)
NEW = [
    "new",
    "procedure",
    "--function",
    "ops",
    "--title",
    "Émission des avoirs",
    "--today=2026-03-01",
]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("location", ["CODEOWNERS", ".github/CODEOWNERS"])
def test_new_rewrites_committed_codeowners_so_check_stays_clean(binder, location):
    root = binder({"access_policies/people.yml": PEOPLE, "procedures/a.md": doc()})
    (root / location).parent.mkdir(exist_ok=True)
    (root / location).write_text(invoke("codeowners", "--root", str(root)).output, "utf-8")
    result = invoke(*NEW, "--root", str(root))
    assert (result.exit_code, result.output) == (
        0,
        "Created procedures/ops/emission-des-avoirs.md (OPS-002). Fill in the sections, then run "
        f"`classeur check`.\nUpdated {location}: commit it with the new document.\n",
    )
    assert check(root, today=TODAY).findings == ()


def test_new_lists_the_new_document_in_codeowners(binder):
    root = binder({"access_policies/people.yml": PEOPLE, "procedures/a.md": doc()})
    (root / "CODEOWNERS").write_text(invoke("codeowners", "--root", str(root)).output, "utf-8")
    invoke(*NEW, "--root", str(root))
    assert (root / "CODEOWNERS").read_text("utf-8").splitlines()[2:] == [
        "/access_policies/ @olivia",
        "/procedures/a.md @olivia",
        "/procedures/ops/emission-des-avoirs.md @olivia",
    ]
