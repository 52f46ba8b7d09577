"""Dates in French words: one way for every page, pack and message a reader sees."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def month_in_words(year: int, month: int) -> str:
    """`2026, 11` as « novembre 2026 »."""
    return f"{MONTHS[month - 1]} {year}"


def day_in_words(day: date) -> str:
    """`2026-11-16` as « 16 novembre 2026 », the first of a month as « 1er novembre 2026 »."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {month_in_words(day.year, day.month)}"
