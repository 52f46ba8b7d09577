"""Business words kept apart by the stemmer, and deprecated documents below their successor (#15)."""

from __future__ import annotations

from datetime import date

import pytest

from classeur.search.analysis import french_analyzer, index_folder
from classeur.search.indexing import refresh_index
from classeur.search.querying import run_query
from tests.conftest import doc

TODAY = date(2026, 3, 1)


def tokens(text: str) -> list[str]:
    return [token.text for token in french_analyzer()(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("paie paies", ["paie", "paie"]),
        ("paiement payer", ["pai", "pai"]),
        ("Format Factur-X", ["format", "factur-x"]),
        ("Facture", ["factur"]),
    ],
)
def test_protected_words_keep_their_own_stem(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_a_search_for_the_payroll_does_not_find_a_payment(binder) -> None:
    root = binder(
        {
            "procedures/a/paie.md": doc(id="PAI-1", title="Variables de paie"),
            "procedures/a/paiement.md": doc(id="ACH-1", title="Paiement des fournisseurs"),
        }
    )
    refresh_index(root, "staff", today=TODAY)
    results = run_query(index_folder(root, "staff"), "paie", today=TODAY, warning_days=30, limit=5)
    assert [hit.id for hit in results.hits] == ["PAI-1"]


@pytest.fixture
def replaced(binder):
    # The deprecated one matches better (its title holds both words twice over).
    root = binder(
        {
            "procedures/r/ancienne.md": doc(
                id="REL-9",
                title="Relance des impayés, relance papier des impayés",
                status="deprecated",
                related="[REL-1]",
            ),
            "procedures/r/nouvelle.md": doc(id="REL-1", title="Relance des factures impayées"),
        }
    )
    refresh_index(root, "staff", today=TODAY)
    return index_folder(root, "staff")


def test_a_deprecated_document_ranks_below_its_successor(replaced) -> None:
    results = run_query(replaced, "relance impayé", today=TODAY, warning_days=30, limit=5)
    assert [hit.id for hit in results.hits] == ["REL-1", "REL-9"]


def test_a_deprecated_document_is_marked_obsolete_with_its_successor(replaced) -> None:
    results = run_query(replaced, "relance impayé", today=TODAY, warning_days=30, limit=5)
    assert [(hit.successors, hit.snippet) for hit in results.hits] == [
        ((), "Étape une."),
        (("REL-1",), "[Obsolète : remplacé par REL-1] Étape une."),
    ]


def test_a_deprecated_document_alone_keeps_its_rank(replaced) -> None:
    results = run_query(replaced, "papier", today=TODAY, warning_days=30, limit=5)
    assert [hit.id for hit in results.hits] == ["REL-9"]
