"""`placeholder-left`: an active or deprecated document still holding a template's
« À compléter » is an error at that line; a draft may keep them."""

from __future__ import annotations

import pytest

from classeur.binder.check import check
from classeur.binder.scaffold import template
from classeur.common import i18n
from classeur.model.frontmatter import PLACEHOLDERS, find_placeholders
from classeur.model.records import DocType
from tests.conftest import TODAY, doc

PATH = "procedures/ops/a.md"


def message(status: str) -> str:
    return (
        f"this line still says « À compléter », left by the template, and the document is "
        f"{status}: readers would find nothing to follow here. Write the text, or set "
        "`status: draft` until it is written."
    )


def placeholder_findings(binder, body: str, status: str = "active") -> list[str]:
    report = check(binder({PATH: doc(body=body, status=status)}), today=TODAY)
    return [f.render() for f in report.findings if f.code == "placeholder-left"]


@pytest.mark.parametrize("doc_type", list(DocType))
def test_every_template_left_as_is_fires_the_rule_once_active(binder, doc_type):
    # The rule and the templates cannot drift: each template holds the markers it looks for.
    body = template(doc_type).replace("{owners}", "ops").replace("{title}", "T")
    found = placeholder_findings(binder, body)
    expected = [
        12 + index
        for index, line in enumerate(body.split("\n"))
        if any(marker.casefold() in line.casefold() for marker in PLACEHOLDERS)
    ]
    assert expected  # the template leaves something to write
    assert found == [f"{PATH}:{line}: placeholder-left: {message('active')}" for line in expected]


@pytest.mark.parametrize("doc_type", list(DocType))
def test_a_draft_left_as_the_template_is_not_judged(binder, doc_type):
    body = template(doc_type).replace("{owners}", "ops")
    assert placeholder_findings(binder, body, status="draft") == []


def test_a_deprecated_document_is_judged_too(binder):
    body = "## Objet\n\nÀ compléter : le résultat.\n"
    assert placeholder_findings(binder, body, status="deprecated") == [
        f"{PATH}:14: placeholder-left: {message('deprecated')}"
    ]


def test_an_archived_document_is_not_judged(binder):
    assert placeholder_findings(binder, "À compléter.\n", status="archived") == []


def test_the_finding_is_an_error(binder):
    report = check(binder({PATH: doc(body="À compléter.\n")}), today=TODAY)
    assert [(f.code, f.severity.label) for f in report.findings] == [("placeholder-left", "error")]


@pytest.mark.parametrize("line", ["a completer", "A COMPLÉTER : la suite", "| à compléter |"])
def test_case_and_accents_do_not_hide_a_placeholder(line):
    assert find_placeholders(f"Début.\n{line}\n", first_line=20) == (21,)


def test_a_placeholder_quoted_in_code_is_not_left_by_a_template():
    body = "Remplacez chaque `À compléter` du modèle.\n```text\nÀ compléter\n```\nTexte rédigé.\n"
    assert find_placeholders(body, first_line=1) == ()


def test_a_fence_shown_inside_a_longer_fence_does_not_end_the_code():
    body = "````markdown\n```\nÀ compléter\n```\n````\nÀ compléter\n"
    assert find_placeholders(body, first_line=1) == (6,)


def test_a_finished_document_has_no_placeholder():
    assert find_placeholders("Compléter le bordereau, puis l'envoyer.\n", first_line=1) == ()


def test_the_message_is_french_under_a_french_locale(binder, monkeypatch, tmp_path):
    monkeypatch.setenv("LANGUAGE", "fr")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.reset()
    try:
        found = placeholder_findings(binder, "À compléter.\n")
    finally:
        monkeypatch.setenv("LANGUAGE", "en")
        i18n.reset()
    assert found == [
        f"{PATH}:12: placeholder-left: cette ligne indique encore «\u00a0À compléter\u00a0», "
        "laissé par le modèle, alors que le document est au statut active\u00a0: les lecteurs "
        "n'y trouveraient rien à suivre. Rédigez le texte, ou repassez en `status: draft` "
        "jusqu'à ce qu'il soit rédigé."
    ]
