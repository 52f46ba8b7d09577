"""The judged French queries of tests/data/search_judgements.yml, and how a search scores on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

JUDGEMENTS = Path(__file__).resolve().parents[1] / "data" / "search_judgements.yml"
TOP1_TARGET = 0.85
TOP3_TARGET = 0.95


@dataclass(frozen=True)
class Judgement:
    """One query, the audience typing it, the documents that should come first."""

    query: str
    audience: str
    expected: tuple[str, ...]
    first_any: int = 1

    @property
    def firsts(self) -> tuple[str, ...]:
        """The documents any of which is right at rank 1."""
        return self.expected[: self.first_any]


@dataclass(frozen=True)
class Score:
    """Top-1 and top-3 accuracy, the queries that missed the top 3, those not first."""

    top1: float
    top3: float
    misses: tuple[str, ...]
    not_first: tuple[str, ...] = ()

    def render(self, name: str) -> str:
        """One line for the report."""
        return (
            f"{name}: top-1 {self.top1:.1%}, top-3 {self.top3:.1%}; "
            f"not first: {list(self.not_first)}; missed the top 3: {list(self.misses)}"
        )


def load_judgements(path: Path = JUDGEMENTS) -> list[Judgement]:
    """The judged queries."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [
        Judgement(str(q["query"]), q["audience"], tuple(q["expected"]), q.get("first_any", 1))
        for q in raw
    ]


def score(judgements: Sequence[Judgement], ranked: Callable[[Judgement], Sequence[str]]) -> Score:
    """Run each query through `ranked` (document ids, best first) and score it."""
    top1 = top3 = 0
    misses = []
    not_first = []
    for judgement in judgements:
        ids = list(ranked(judgement))
        if ids[:1] and ids[0] in judgement.firsts:
            top1 += 1
        else:
            not_first.append(f"{judgement.query} ({judgement.audience}): {ids[:3]}")
        if set(ids[:3]) & set(judgement.firsts):
            top3 += 1
        else:
            misses.append(f"{judgement.query} ({judgement.audience}): {ids[:3]}")
    total = len(judgements)
    return Score(top1 / total, top3 / total, tuple(misses), tuple(not_first))
