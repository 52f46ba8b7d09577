"""Ranking the common query fast: every word, each in the title or the body.

Whoosh walks its postings one document at a time in Python, about 40 µs per
matching document for a three-word query: frequent French words (facture,
client, relance) match thousands of procedures, and such a query took over
100 ms. Here each word's postings are read once into a dictionary of
document → BM25F score (the very formula, statistics and field boost Whoosh
uses), kept while the index is open; a query is then set intersections and
one sum per candidate. Any other query (phrases, OR, NOT, wildcards, fields)
goes to Whoosh itself.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from whoosh import query
from whoosh.scoring import bm25

TEXT_FIELDS = ("title", "body")


@dataclass(frozen=True)
class Ranked:
    """The best documents (number, score), best first, and how many matched."""

    documents: list[tuple[int, float]]
    total: int


class Ranker:
    """Ranks queries on one open searcher, remembering each word's scores."""

    _KEPT_POSTINGS = 2_000_000  # documents across the remembered words (~150 MB at most)

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._scores: OrderedDict[tuple[tuple[str, str], ...], dict[int, float]] = OrderedDict()
        self._kept = 0
        self._lengths: dict[str, list[int]] = {}

    def rank(self, parsed: Any, allowed: set[int] | None, limit: int) -> Ranked:
        """Rank `parsed` among the `allowed` documents (all when None)."""
        if isinstance(parsed, query.Every):
            return self._every(allowed, limit)
        groups = word_groups(parsed)
        if groups is None:
            return self._whoosh(parsed, allowed, limit)
        scored = [self._group_scores(group) for group in groups]
        if not scored:
            return Ranked([], 0)
        scored.sort(key=len)  # intersect from the rarest word
        candidates = set(scored[0]).intersection(*scored[1:])
        if allowed is not None:
            candidates &= allowed
        best = heapq.nsmallest(
            limit, ((-sum(s[d] for s in scored), d) for d in candidates)
        )  # ties go to the lower document number, as in Whoosh
        return Ranked([(d, -negated) for negated, d in best], len(candidates))

    def _every(self, allowed: set[int] | None, limit: int) -> Ranked:
        documents = allowed if allowed is not None else set(self.searcher.reader().all_doc_ids())
        return Ranked([(d, 1.0) for d in heapq.nsmallest(limit, documents)], len(documents))

    def _whoosh(self, parsed: Any, allowed: set[int] | None, limit: int) -> Ranked:
        # Every match scored (limit=None): Whoosh's top-N shortcuts (block quality,
        # dropping a word whose best score seems too low) miss some of the best
        # documents of a union of words; tests/test_ranking.py compares with this.
        results = self.searcher.search(parsed, filter=allowed, limit=None)
        return Ranked([(hit.docnum, float(hit.score)) for hit in results[:limit]], len(results))

    def _group_scores(self, group: tuple[tuple[str, str], ...]) -> dict[int, float]:
        """Document → score of one word in any of its fields (their scores added)."""
        cached = self._scores.get(group)
        if cached is not None:
            self._scores.move_to_end(group)
            return cached
        combined: dict[int, float] = {}
        for fieldname, text in group:
            for document, score in self._term_scores(fieldname, text).items():
                combined[document] = combined.get(document, 0.0) + score
        self._scores[group] = combined
        self._kept += len(combined)
        while self._kept > self._KEPT_POSTINGS and len(self._scores) > 1:
            self._kept -= len(self._scores.popitem(last=False)[1])
        return combined

    def _term_scores(self, fieldname: str, text: str) -> dict[int, float]:
        searcher = self.searcher
        reader = searcher.reader()
        if (fieldname, text) not in reader:
            return {}
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        lengths = self._field_lengths(fieldname)
        weighting = searcher.weighting  # Whoosh's default, BM25F
        b = getattr(weighting, "_field_B", {}).get(fieldname, weighting.B)
        k1 = weighting.K1
        postings = reader.postings(fieldname, text)
        scores = {}
        while postings.is_active():
            document = postings.id()
            scores[document] = bm25(idf, postings.weight(), lengths[document], average, b, k1)
            postings.next()
        return scores

    def _field_lengths(self, fieldname: str) -> list[int]:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            # The lengths Whoosh scores with (stored in one byte, so approximate).
            length_of = self.searcher.reader().doc_field_length
            count = self.searcher.doc_count_all()
            lengths = self._lengths[fieldname] = [length_of(d, fieldname, 1) for d in range(count)]
        return lengths


def word_groups(parsed: Any) -> list[tuple[tuple[str, str], ...]] | None:
    """The query as words that must all match, each as its (field, term) pairs.

    None when the query is anything else, which Whoosh then runs itself.
    """
    clauses = parsed.subqueries if type(parsed) is query.And else [parsed]
    if type(parsed) is query.And and parsed.boost != 1:
        return None
    groups = []
    for clause in clauses:
        terms = clause.subqueries if type(clause) is query.Or else [clause]
        if type(clause) is query.Or and (clause.boost != 1 or clause.scale is not None):
            return None
        if not all(
            type(t) is query.Term and t.fieldname in TEXT_FIELDS and t.boost == 1 for t in terms
        ):
            return None
        groups.append(tuple((t.fieldname, t.text) for t in terms))
    return groups
