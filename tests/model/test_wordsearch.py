from __future__ import annotations

from classeur.model.wordsearch import WordSearch


def test_every_occurrence_is_found_overlapping_ones_too_in_the_order_they_end():
    search = WordSearch({"abc": 1, "bc": 2, "abcd": 3})
    assert list(search.find("xabcd abc")) == [
        (1, 4, 1), (2, 4, 2), (1, 5, 3), (6, 9, 1), (7, 9, 2),
    ]  # fmt: skip


def test_places_are_character_offsets_in_a_text_with_accents():
    text = "Procédure « clé » : voir clé-api"
    found = [(text[start:end], value) for start, end, value in WordSearch({"clé": "k"}).find(text)]
    assert found == [("clé", "k"), ("clé", "k")]
