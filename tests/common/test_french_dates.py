"""Days and months in French words, the same on every page, pack and panel."""

from __future__ import annotations

from datetime import date

import pytest

from classeur.common.french_dates import day_in_words, month_in_words


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 11, 16), "16 novembre 2026"),
        (date(2026, 8, 1), "1er août 2026"),
        (date(2027, 2, 28), "28 février 2027"),
    ],
)
def test_a_day_in_words(day, words):
    assert day_in_words(day) == words


def test_a_month_in_words():
    assert [month_in_words(2026, m) for m in (1, 12)] == ["janvier 2026", "décembre 2026"]
