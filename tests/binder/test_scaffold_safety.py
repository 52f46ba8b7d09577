"""`classeur new` checks every option before writing, and writes what `check` accepts."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from classeur.binder.check import check
from classeur.binder.scaffold import template
from classeur.cli.main import main
from classeur.model.records import DocType
from tests.conftest import TODAY, doc

NEW = ["new", "procedure", "--function", "ops", "--today=2026-03-01"]


def invoke(root, *args: str):
    return CliRunner().invoke(main, [*args, "--root", str(root)], catch_exceptions=False)


def written(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in (root / "procedures").rglob("*.md"))


@pytest.fixture
def root(binder):
    return binder({"procedures/a.md": doc()})


def test_an_undeclared_access_tag_is_refused_with_the_closest_one(root):
    result = invoke(root, *NEW, "--title", "Reprise", "--access", "staf")
    assert (result.exit_code, result.output) == (
        2,
        'error: --access: "staf" is not a declared access tag. Did you mean "staff"? Known '
        "tags: provider, secret, staff (access_policies/audiences.yml). Nothing was written.\n",
    )
    assert written(root) == ["procedures/a.md"]


def test_a_title_with_markup_is_refused(root):
    result = invoke(root, *NEW, "--title", "Reprise <urgente>")
    assert (result.exit_code, result.output) == (
        2,
        "error: --title: 'Reprise <urgente>' contains < or >, which the site would read as "
        "HTML. Write the title as plain text (« » for quotes). Nothing was written.\n",
    )
    assert written(root) == ["procedures/a.md"]


def test_a_title_with_a_control_character_is_refused(root):
    result = invoke(root, *NEW, "--title", "Reprise\u202eurgente")
    assert (result.exit_code, result.output) == (
        2,
        "error: --title: 'Reprise\\u202eurgente' contains U+202E RIGHT-TO-LEFT OVERRIDE "
        "(bidirectional control): readers would not see the text as it is written. Write "
        "'Repriseurgente' instead. Nothing was written.\n",
    )
    assert written(root) == ["procedures/a.md"]


def test_a_title_longer_than_the_schema_allows_is_refused(root):
    result = invoke(root, *NEW, "--title", "a" * 201)
    assert (result.exit_code, result.output) == (
        2,
        "error: --title: it is longer than 200 characters. Nothing was written.\n",
    )


def test_an_unknown_function_is_refused_with_the_closest_one(root):
    result = invoke(root, "new", "runbook", "--function", "opz", "--title", "Panne")
    assert (result.exit_code, result.output) == (
        2,
        'error: unknown function "opz". Did you mean "ops"? Known functions: ops.\n',
    )
    assert written(root) == ["procedures/a.md"]


@pytest.mark.parametrize("status", ["active", "deprecated"])
def test_a_status_the_placeholders_would_fail_is_refused(root, status):
    result = invoke(root, *NEW, "--title", "Reprise", "--status", status)
    assert (result.exit_code, result.output) == (
        2,
        "error: a new document is written from a template that still says « À compléter »; "
        f"as {status} it would fail `check` (placeholder-left). Create it as a draft, then set "
        f"`status: {status}` once it is written. Nothing was written.\n",
    )
    assert written(root) == ["procedures/a.md"]


@pytest.mark.parametrize("doc_type", list(DocType))
def test_a_new_draft_of_every_type_passes_check(root, doc_type):
    result = invoke(
        root, "new", doc_type.value, "--function", "ops", "--title", "Reprise", "--today=2026-03-01"
    )
    assert result.exit_code == 0, result.output
    assert check(root, today=TODAY).findings == ()


@pytest.mark.parametrize(
    ("doc_type", "sections"),
    [
        (
            DocType.PROCEDURE,
            ["Objet", "Périmètre", "Responsabilités", "Logigramme", "Étapes", "Contrôles",
             "Indicateurs et SLA"],
        ),
        (
            DocType.RUNBOOK,
            ["Objet", "Responsabilités", "Déclencheur", "Diagnostic", "Actions",
             "Retour à la normale", "Communication"],
        ),
        (
            DocType.HANDOVER,
            ["Objet", "Systèmes et accès à transférer", "Données à exporter", "Contacts",
             "Calendrier", "Risques"],
        ),
    ],
)  # fmt: skip
def test_templates_have_the_sample_documents_sections_and_no_title_heading(doc_type, sections):
    headings = re.findall(r"^(#+) (.*)$", template(doc_type), re.MULTILINE)
    assert headings == [("##", section) for section in sections]
