"""Sensitive values in many versions of the same texts, each distinct line scanned once.

The versions of a document in Git share nearly all their lines: scanning each
version whole would scan the same lines thousands of times. Every detector of
model/sensitive.py reads one line at a time but two: a BIC is also known by a
table column's header on another line, and a private key spans lines. So the
lines that could start either (the cues below) mark their texts to be scanned
whole; every other distinct line is scanned once, and a text's values are its
lines' values. tests/rules/test_sensitive_history.py checks that this finds
exactly what find_sensitive finds on each text.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from classeur.model.sensitive import SensitiveValue, find_sensitive, locate
from classeur.model.wordsearch import WordSearch

_KEY_CUES = ("-----BEGIN", "PRIVATE KEY", "PuTTY-User-Key")
_BIC_CUES = ("bic", "Bic", "BIC", "swift", "Swift", "SWIFT")  # as model/sensitive.py cues them
# Lines scanned together: a chunk in first-seen order reads like a document, and
# most chunks (no long number, no cue) take find_sensitive's quick way out.
_CHUNK_LINES = 200


@dataclass(frozen=True)
class Found:
    """A value found in a text, at its line and column there."""

    value: SensitiveValue
    line: int
    column: int


def scan_texts(texts: Mapping[str, str]) -> dict[str, list[Found]]:
    """The sensitive values in each text (id -> text), as find_sensitive finds them."""
    splits = (text.split("\n") for text in texts.values())
    lines = list(dict.fromkeys(itertools.chain.from_iterable(splits)))  # first-seen order
    cued = _cued_lines(lines)
    by_line = _scan_lines([line for line in lines if line not in cued])
    found: dict[str, list[Found]] = {}
    for key, text in texts.items():
        split = text.split("\n")
        if not cued.isdisjoint(split):
            found[key] = [Found(v, *locate(text, v.start)) for v in find_sensitive(text)]
        elif by_line.keys().isdisjoint(split):
            found[key] = []  # most versions: no line holds a value
        else:
            found[key] = [
                Found(value, number, value.start + 1)
                for number, line in enumerate(split, 1)
                for value in by_line.get(line, ())
            ]
    return found


def _cued_lines(lines: list[str]) -> set[str]:
    """The lines holding a cue of a value that spans lines, found in one pass."""
    joined = "\n".join(lines)
    cued: set[str] = set()
    index = position = 0
    for start, end, cue in _cue_search().find(joined):  # matches come in order
        if cue in _KEY_CUES or not _is_glued(joined, start, end):
            index += joined.count("\n", position, start)
            position = start
            cued.add(lines[index])
    return cued


@cache
def _cue_search() -> WordSearch[str]:
    return WordSearch({cue: cue for cue in (*_KEY_CUES, *_BIC_CUES)})


def _is_glued(text: str, start: int, end: int) -> bool:
    """Whether a letter touches text[start:end] (EBICS, a protocol, is no BIC)."""
    return (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha())


def _scan_lines(lines: Sequence[str]) -> dict[str, list[SensitiveValue]]:
    """Each line holding values -> its values, offsets counted from the line's start."""
    by_line: dict[str, list[SensitiveValue]] = {}
    for first in range(0, len(lines), _CHUNK_LINES):
        chunk = lines[first : first + _CHUNK_LINES]
        joined = "\n".join(chunk)
        for value in find_sensitive(joined):  # rare: locate each one by counting lines
            shift = joined.rfind("\n", 0, value.start) + 1
            line = chunk[joined.count("\n", 0, value.start)]
            rebased = replace(value, start=value.start - shift, end=value.end - shift)
            by_line.setdefault(line, []).append(rebased)
    return by_line
