"""`description`: an optional one-line summary in the frontmatter, checked like a title."""

from __future__ import annotations

from pathlib import PurePosixPath

from classeur.model.frontmatter import parse_document
from tests.conftest import doc

PATH = PurePosixPath("procedures/a.md")


def parsed(text: str):
    return parse_document(PATH, text.encode("utf-8"))


def rendered(text: str) -> list[str]:
    return [finding.render() for finding in parsed(text)[1]]


def test_a_description_is_carried_on_the_document():
    document, findings = parsed(doc(description="Relancer chaque facture échue."))
    assert findings == []
    assert document is not None
    assert document.description == "Relancer chaque facture échue."


def test_without_a_description_the_document_has_none():
    document, _findings = parsed(doc())
    assert document is not None
    assert document.description is None


def test_a_description_on_several_lines_is_refused():
    text = doc(description="|\n  Relancer chaque\n  facture échue.")
    assert rendered(text) == [
        'procedures/a.md:11: multiline-description: "description": the description spans '
        "several lines; it is shown as a one-line summary. Write it on one line."
    ]


def test_a_description_with_markup_is_refused():
    assert rendered(doc(description="'Relancer <b>vite</b>'")) == [
        "procedures/a.md:11: html-in-description: \"description\": 'Relancer <b>vite</b>' "
        "contains < or >, which would be read as HTML. Write the description as plain text "
        "(« » for quotes)."
    ]


def test_a_description_with_a_bidirectional_control_is_refused():
    assert rendered(doc(description="Relancer\u202evite")) == [
        "procedures/a.md:11: unsafe-character: \"description\": 'Relancer\\u202evite' contains "
        "U+202E RIGHT-TO-LEFT OVERRIDE (bidirectional control): readers would not see the text "
        "as it is written. Write 'Relancervite' instead."
    ]


def test_a_too_long_description_gets_our_words_not_pydantics():
    assert rendered(doc(description="a" * 301)) == [
        'procedures/a.md:11: wrong-type: "description" is longer than 300 characters. '
        "Shorten it. For example `description: Relancer chaque facture échue, du rappel à la "
        "mise en demeure.`."
    ]


def test_an_empty_title_gets_our_words_not_pydantics():
    assert rendered(doc(title='""')) == [
        'procedures/a.md:3: wrong-type: "title" is empty. Fill it in. For example '
        "`title: Relance des factures impayées`."
    ]


def test_an_unknown_field_names_the_closest_one():
    assert rendered(doc(ownres="[ops]")) == [
        'procedures/a.md:11: unknown-field: unknown frontmatter field "ownres". Did you mean '
        '"owners"? Known: id, title, description, type, function, owners, maintainers, status, '
        "access, sites, last_reviewed, reviewed_by, review_every, sla, related, supersedes."
    ]


def test_an_unknown_field_with_no_close_one_lists_the_known_fields():
    assert rendered(doc(hidden="true")) == [
        'procedures/a.md:11: unknown-field: unknown frontmatter field "hidden". Known: id, '
        "title, description, type, function, owners, maintainers, status, access, sites, "
        "last_reviewed, reviewed_by, review_every, sla, related, supersedes."
    ]


def test_an_enumerated_value_lists_its_choices_in_our_words():
    assert rendered(doc(status="actif")) == [
        'procedures/a.md:7: invalid-value: "status" is "actif"; it must be one of '
        "'draft', 'active', 'deprecated' or 'archived'."
    ]


def test_in_french_the_unknown_field_and_its_suggestion_are_french(french):
    assert rendered(doc(ownres="[ops]"))[0].startswith(
        "procedures/a.md:11: unknown-field: champ d'en-tête inconnu\u00a0: «\u00a0ownres\u00a0». "
        "Vouliez-vous dire «\u00a0owners\u00a0»\u00a0? Champs connus\u00a0: id, title,"
    )


def test_in_french_the_choices_are_joined_with_ou(french):
    assert rendered(doc(status="actif")) == [
        "procedures/a.md:7: invalid-value: «\u00a0status\u00a0» vaut «\u00a0actif\u00a0»\u00a0; "
        "valeurs possibles\u00a0: 'draft', 'active', 'deprecated' ou 'archived'."
    ]
