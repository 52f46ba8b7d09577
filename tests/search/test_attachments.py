"""Attachments in the search index take the narrowest reader, incremental updates included."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from classeur.search.analysis import french_analyzer, index_folder
from classeur.search.indexing import refresh_index
from classeur.search.querying import run_query
from tests.conftest import doc

TODAY = date(2026, 3, 1)
CANARY = "canaripiecejointe"
HR = "procedures/rh/paie.md"
LINK = "Voir [la grille](grille.txt).\n"


def hr_page(body: str = LINK, status: str = "active") -> str:
    """A staff-only document."""
    return doc(id="OPS-002", title="Paie", access="[staff]", status=status, body=body)


def make(binder, hr: str = hr_page()) -> Path:
    """A staff+provider page and a staff-only page, both linking grille.txt."""
    return binder(
        {
            "procedures/rh/accueil.md": doc(title="Accueil", body=LINK),
            HR: hr,
            "procedures/rh/grille.txt": f"Barème des primes {CANARY}.\n",
        }
    )


def found(root: Path, text: str, audience: str) -> list[str]:
    refresh_index(root, audience, today=TODAY)
    results = run_query(index_folder(root, audience), text, today=TODAY, warning_days=30, limit=9)
    return [h.path for h in results.hits if h.kind == "attachment"]


def rewrite(root: Path, relative: str, text: str) -> None:
    """Write a file with a stamp of its own, even on a coarse clock."""
    path = root / relative
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 10**9
    os.utime(path, ns=(stamp, stamp))


def test_attachment_linked_by_a_narrower_page_is_found_only_by_its_readers(binder):
    root = make(binder)
    assert (found(root, "barème", "staff"), found(root, "barème", "provider")) == (
        ["procedures/rh/grille.txt"],
        [],
    )


def test_attachment_linked_by_a_narrower_page_is_not_stored_for_wider_readers(binder):
    root = make(binder)
    refresh_index(root, "provider", today=TODAY)
    stored = b"".join(p.read_bytes() for p in index_folder(root, "provider").iterdir())
    # Stored text is compressed; the terms are not: look for the word as indexed too.
    indexed = [token.text.encode() for token in french_analyzer()(CANARY)]
    assert [w for w in [CANARY.encode(), *indexed] if w in stored] == []


def test_a_draft_narrower_page_restricts_the_attachment_too(binder):
    root = make(binder, hr_page(status="draft"))
    assert found(root, "barème", "provider") == []


def test_only_declared_attachment_types_are_indexed(binder):
    root = binder(
        {"procedures/a.md": doc(body="[x](x.json)\n"), "procedures/x.json": '{"barème": 1}\n'}
    )
    assert found(root, "barème", "provider") == []


def test_attachment_is_found_once_the_narrower_page_stops_linking_it(binder):
    root = make(binder)
    assert found(root, "barème", "provider") == []
    rewrite(root, HR, hr_page(body="Plus de lien.\n"))
    done = refresh_index(root, "provider", today=TODAY)
    assert (done.rebuilt, found(root, "barème", "provider")) == (
        False,
        ["procedures/rh/grille.txt"],
    )


def test_attachment_is_hidden_again_once_the_narrower_page_links_it_again(binder):
    root = make(binder, hr_page(body="Plus de lien.\n"))
    assert found(root, "barème", "provider") == ["procedures/rh/grille.txt"]
    rewrite(root, HR, hr_page())
    done = refresh_index(root, "provider", today=TODAY)
    assert (done.rebuilt, found(root, "barème", "provider")) == (False, [])


def test_no_byte_of_the_attachment_stays_once_it_is_hidden_again(binder):
    root = make(binder, hr_page(body="Plus de lien.\n"))
    assert found(root, "barème", "provider") == ["procedures/rh/grille.txt"]
    rewrite(root, HR, hr_page())
    refresh_index(root, "provider", today=TODAY)
    stored = b"".join(p.read_bytes() for p in index_folder(root, "provider").iterdir())
    indexed = [token.text.encode() for token in french_analyzer()(CANARY)]
    assert [w for w in [CANARY.encode(), *indexed] if w in stored] == []


def test_attachment_is_hidden_once_one_of_its_pages_narrows_its_access(binder):
    root = make(binder, doc(id="OPS-002", title="Paie", body=LINK))
    assert found(root, "barème", "provider") == ["procedures/rh/grille.txt"]
    rewrite(root, HR, hr_page())
    done = refresh_index(root, "provider", today=TODAY)
    assert (done.rebuilt, found(root, "barème", "provider")) == (False, [])


def test_attachment_is_hidden_when_its_page_narrows_after_an_unrelated_refresh(binder):
    root = make(binder, doc(id="OPS-002", title="Paie", body=LINK))
    assert found(root, "barème", "provider") == ["procedures/rh/grille.txt"]
    rewrite(root, "procedures/rh/autre.md", doc(id="OPS-003", title="Autre"))
    refresh_index(root, "provider", today=TODAY)
    rewrite(root, HR, hr_page())
    assert found(root, "barème", "provider") == []
