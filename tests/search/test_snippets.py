"""Snippets come from where the words match, in the text a reader reads (#15)."""

from __future__ import annotations

from datetime import date

import pytest

from classeur.search.analysis import index_folder
from classeur.search.indexing import refresh_index
from classeur.search.plaintext import plain_text
from classeur.search.querying import run_query
from tests.conftest import doc

TODAY = date(2026, 3, 1)
BODY = """\
## Objet

Décrire la **relance** des clients.

```mermaid
flowchart TD
    A[Facture échue] --> B[Relance]
```

!!! warning "Attention"
    Ne relancez jamais un client en litige.

| Qui | Rôle |
|---|---|
| BO Conseil | envoie la [lettre](modele.pdf) |

1. Éditez la `balance âgée`.
"""


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## Objet\n\nLe **texte** et `le code`.", "Objet Le texte et le code."),
        (
            "Voir [la procédure](autre.md) et ![le schéma](a.png).",
            "Voir la procédure et le schéma.",
        ),
        ('!!! warning "Attention"\n    Ne pas payer.', "Attention : Ne pas payer."),
        ("| Qui | Rôle |\n|---|---|\n| Emma | saisit |", "Qui · Rôle · Emma · saisit"),
        ("1. Éditez.\n- Envoyez.\n> Cité.", "Éditez. Envoyez. Cité."),
        ("Avant\n```mermaid\nA --> B\n```\nAprès", "Avant Après"),
    ],
)
def test_plain_text_takes_the_markdown_syntax_out(markdown: str, expected: str) -> None:
    assert plain_text(markdown) == expected


def test_a_snippet_shows_the_matched_words_in_capitals_without_markdown(binder) -> None:
    root = binder({"procedures/a/relance.md": doc(title="Relance", body=BODY)})
    refresh_index(root, "staff", today=TODAY)
    results = run_query(
        index_folder(root, "staff"), "litige", today=TODAY, warning_days=30, limit=5
    )
    assert [hit.snippet for hit in results.hits] == [
        "des clients. Attention : Ne relancez jamais un client en LITIGE. "
        "Qui · Rôle · BO Conseil · envoie la lettre · Éditez la balance âgée"
    ]
