"""A document's `description` is the summary its search results show (#16)."""

from __future__ import annotations

from datetime import date

from classeur.search.analysis import index_folder
from classeur.search.indexing import refresh_index
from classeur.search.querying import run_query
from tests.conftest import doc

TODAY = date(2026, 3, 1)
BODY = "## Objet\n\nDécrire la relance des clients en litige.\n"
DESCRIPTION = "Relancer chaque facture échue, du rappel à la mise en demeure."


def snippets(binder, text: str, **fields: str) -> list[str]:
    root = binder({"procedures/a/relance.md": doc(title="Relance", body=BODY, **fields)})
    refresh_index(root, "staff", today=TODAY)
    results = run_query(index_folder(root, "staff"), text, today=TODAY, warning_days=30, limit=5)
    return [hit.snippet for hit in results.hits]


def test_the_description_is_the_summary_with_the_words_highlighted(binder):
    assert snippets(binder, "facture", description=DESCRIPTION) == [
        "Relancer chaque FACTURE échue, du rappel à la mise en demeure."
    ]


def test_the_description_is_the_summary_when_the_words_match_the_body(binder):
    assert snippets(binder, "litige", description=DESCRIPTION) == [DESCRIPTION]


def test_the_description_words_find_the_document(binder):
    assert snippets(binder, "demeure", description=DESCRIPTION) == [
        "Relancer chaque facture échue, du rappel à la mise en DEMEURE."
    ]


def test_without_a_description_the_summary_is_the_matched_body_text(binder):
    assert snippets(binder, "litige") == ["Objet Décrire la relance des clients en LITIGE"]
