"""Queries against an audience's search index (written by search.py).

Words are analysed as the index was (French folding and stemming) and all must
match, in the title (which weighs more) or the body; `field:value` filters
narrow the results; when the words match nothing at all, each is replaced by
the indexed words nearest to it, so that a typo still finds something.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from whoosh import index, query
from whoosh.highlight import ContextFragmenter, UppercaseFormatter, WholeFragmenter, highlight
from whoosh.qparser import AndGroup, MultifieldParser, PhrasePlugin

from classeur.search.analysis import META
from classeur.search.plaintext import plain_text
from classeur.search.ranking import TEXT_FIELDS, Ranker

FILTERS = ("type", "function", "owner", "status", "review", "site")
# Characters of the body's text a snippet is looked for in: highlighting analyses
# them again (pure Python stemming), and the words a reader types are mostly there.
_SNIPPET_SOURCE = 2000


@dataclass(frozen=True)
class Hit:
    """One search result."""

    kind: str
    id: str
    title: str
    path: str
    review_state: str
    next_review: str
    snippet: str
    score: float
    linked_from: tuple[str, ...]
    successors: tuple[str, ...] = ()  # set only on a deprecated document: what replaces it


@dataclass(frozen=True)
class Results:
    """Hits, and whether they come from the approximate (typo-tolerant) fallback."""

    hits: tuple[Hit, ...]
    fuzzy: bool
    total: int


def run_query(folder: Path, text: str, *, today: date, warning_days: int, limit: int) -> Results:
    """Search one audience's index; retry with approximate words when nothing matches."""
    opened = _open(folder)
    words, filters = split_filters(text)
    allowed = opened.documents_matching(_filter_query(filters, today, warning_days))
    parsed = opened.parser.parse(" ".join(words)) if words else query.Every()
    ranked = opened.ranker.rank(parsed, allowed, limit)
    fuzzy = False
    # Typos are forgiven only when the words match nothing at all: when they do, the
    # filters are what left no result, and approximate words would not help.
    if not ranked.documents and words and _matches_nothing(opened, parsed, allowed):
        parsed = opened.approximate(words)
        ranked = opened.ranker.rank(parsed, allowed, limit)
        fuzzy = True
    snippets = Snippets(opened.searcher, parsed)
    hits = successors_first(
        [
            _hit(opened.searcher.stored_fields(number), score, snippets, today, warning_days)
            for number, score in ranked.documents
        ]
    )
    return Results(hits, fuzzy, max(ranked.total, len(hits)))


def successors_first(hits: list[Hit]) -> tuple[Hit, ...]:
    """The hits with each deprecated document moved just below its last successor found."""
    ordered = [h for h in hits if not _replaced_in(h, hits)]
    for hit in hits:
        if _replaced_in(hit, hits):
            last = max(i for i, h in enumerate(ordered) if h.id in hit.successors)
            ordered.insert(last + 1, hit)
    return tuple(ordered)


def _replaced_in(hit: Hit, hits: list[Hit]) -> bool:
    return hit.kind == "document" and any(
        h.id in hit.successors and h.kind == "document" and not h.successors for h in hits
    )


def _matches_nothing(opened: _OpenIndex, parsed: Any, allowed: set[int] | None) -> bool:
    return allowed is None or not opened.ranker.rank(parsed, None, 1).documents


class _OpenIndex:
    """An index opened for queries, with what its queries keep asking again."""

    _KEPT_FILTERS = 64

    def __init__(self, folder: Path, stamp: tuple[int, int]) -> None:
        self.index = index.open_dir(str(folder))
        self.stamp = (*stamp, self.index.latest_generation())
        self.searcher = self.index.searcher()
        self.parser = MultifieldParser(list(TEXT_FIELDS), self.index.schema, group=AndGroup)
        # Quotes are ignored, so a quoted phrase is searched as its words: the body
        # keeps no word positions (a smaller, faster index).
        self.parser.remove_plugin_class(PhrasePlugin)
        self.ranker = Ranker(self.searcher)
        self._filters: dict[str, set[int]] = {}
        self._vocabulary: list[str] | None = None

    def documents_matching(self, restriction: Any) -> set[int] | None:
        """The documents a filter lets through, remembered: the same few filters recur."""
        if restriction is None:
            return None
        key = repr(restriction)
        found = self._filters.get(key)
        if found is None:
            if len(self._filters) >= self._KEPT_FILTERS:
                self._filters.clear()
            found = self._filters[key] = set(self.searcher.docs_for_query(restriction))
        return found

    def approximate(self, words: list[str]) -> Any:
        """Each word replaced by the indexed words nearest to it (a typo forgiven)."""
        analyzer = self.searcher.schema["body"].analyzer
        clauses = []
        for word in words:
            for token in analyzer(word):
                nearest = self._nearest(token.text)
                clauses.append(query.Or([query.Term(f, t) for t in nearest for f in TEXT_FIELDS]))
        return query.And(clauses) if clauses else query.NullQuery

    def _nearest(self, term: str, keep: int = 5) -> list[str]:
        # Only the nearest words are kept, the most common first: a short word lies
        # within two edits of hundreds of others, and all of them would find noise.
        # Imported here: it costs a search that needs no guessing 20 ms of start-up.
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import extract

        reader = self.searcher.reader()
        if self._vocabulary is None:
            self._vocabulary = sorted({t for f in TEXT_FIELDS for t in reader.field_terms(f)})
        allowed = 1 if len(term) <= 4 else 2
        found = extract(
            term, self._vocabulary, scorer=OSA.distance, score_cutoff=allowed, limit=None
        )
        if not found:
            return []
        closest = min(distance for _, distance, _ in found)
        nearest = [word for word, distance, _ in found if distance == closest]
        nearest.sort(key=lambda w: -sum(reader.doc_frequency(f, w) for f in TEXT_FIELDS))
        return nearest[:keep]


# Opening an index and its searcher costs more than a query: long-running
# processes (watch, serve, benchmarks) keep them until the index is written
# again (every write rewrites the bookkeeping file, whose time then changes).
_OPEN: dict[Path, _OpenIndex] = {}


def _open(folder: Path) -> _OpenIndex:
    key = folder.resolve()
    info = (key / META).stat()
    cached = _OPEN.get(key)
    if cached is not None:
        if cached.stamp == (info.st_mtime_ns, info.st_size, cached.index.latest_generation()):
            return cached
        cached.searcher.close()
    _OPEN[key] = opened = _OpenIndex(key, (info.st_mtime_ns, info.st_size))
    return opened


def split_filters(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """Free words, and `field:value` filters on the known fields."""
    words: list[str] = []
    filters: dict[str, list[str]] = {}
    for token in text.split():
        name, colon, value = token.partition(":")
        if colon and name.lower() in FILTERS and value:
            filters.setdefault(name.lower(), []).append(value.lower())
        else:
            words.append(token)
    return words, filters


def _filter_query(filters: dict[str, list[str]], today: date, warning_days: int) -> Any:
    clauses: list[Any] = []
    for name, values in filters.items():
        if name == "review":
            clauses.append(query.Or([_review_range(v, today, warning_days) for v in values]))
        else:
            clauses.append(query.Or([query.Term(name, v) for v in values]))
    return query.And(clauses) if clauses else None


def _review_range(state: str, today: date, warning_days: int) -> Any:
    soon = (today + timedelta(days=warning_days)).isoformat()
    if state == "overdue":
        return query.TermRange("next_review", "0000", today.isoformat(), endexcl=True)
    if state == "due-soon":
        return query.TermRange("next_review", today.isoformat(), soon)
    if state == "ok":
        return query.TermRange("next_review", soon, "9999", startexcl=True)
    return query.NullQuery


def review_state(next_review: str, today: date, warning_days: int) -> str:
    """ok, due-soon or overdue on `today` (unknown without a date)."""
    if not next_review:
        return "unknown"
    due = date.fromisoformat(next_review)
    if due < today:
        return "overdue"
    return "due-soon" if due <= today + timedelta(days=warning_days) else "ok"


class Snippets:
    """Highlighted extracts of bodies: the query's words in context, in capitals."""

    def __init__(self, searcher: Any, parsed: Any) -> None:
        body = searcher.schema["body"]
        self._analyzer = body.analyzer
        self._words = _body_words(searcher.reader(), parsed)
        self._fragmenter = ContextFragmenter(maxchars=160, surround=60)
        self._formatter = UppercaseFormatter()

    def summary(self, stored: dict[str, Any]) -> str:
        """A document's description when it has one (the words highlighted), else `of`."""
        description = stored.get("description") or ""
        if not description:
            return self.of(stored["body"])
        found = ""
        if self._words:
            found = highlight(
                description, self._words, self._analyzer, WholeFragmenter(), self._formatter
            )
        return " ".join((found or description).split())

    def of(self, body: str) -> str:
        """Where the words match, in the body's text without Markdown; its opening otherwise."""
        text = plain_text(body)[:_SNIPPET_SOURCE]
        found = ""
        if self._words:
            found = highlight(
                text, self._words, self._analyzer, self._fragmenter, self._formatter, top=1
            )
        return " ".join((found or text[:160]).split())


def _body_words(reader: Any, parsed: Any) -> frozenset[str]:
    """The query's words found in bodies, as indexed.

    Not Whoosh's `existing_terms`: its loop variable shadows its `fieldname`
    argument, so past the first word's title it returned no body word at all,
    and snippets were never highlighted (#15).
    """
    words = set()
    for leaf in parsed.leaves():
        if leaf.field() != "body":
            continue
        for _, text in leaf.expanded_terms(reader):
            if ("body", text) in reader:
                words.add(text)
    return frozenset(words)


def _hit(
    stored: dict[str, Any], score: float, snippets: Snippets, today: date, warning_days: int
) -> Hit:
    successors = tuple(stored.get("successors") or ()) if stored["kind"] == "document" else ()
    return Hit(
        kind=stored["kind"],
        id=stored["id"],
        title=stored["title"],
        path=stored["path"],
        review_state=review_state(stored.get("next_review", ""), today, warning_days),
        next_review=stored.get("next_review", ""),
        snippet=obsolete_mark(successors) + snippets.summary(stored),
        score=round(score, 3),
        linked_from=tuple(stored.get("linked_from") or ()),
        successors=successors,
    )


def obsolete_mark(successors: tuple[str, ...]) -> str:
    """What a deprecated document's snippet opens with: « Obsolète », and what replaces it."""
    return f"[Obsolète : remplacé par {', '.join(successors)}] " if successors else ""
