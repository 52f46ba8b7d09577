"""Full-text search per audience: Whoosh indexes in .classeur/index/<audience>/.

Each index holds exactly what the audience may read on its site (published
documents and the attachments they link), analysed for French: case and
accents folded, then stemmed, so `facturé`, `factures` and `Facture` meet.
Updates are incremental: only files whose size or modification time changed
are read again; a policy change rebuilds the audience's index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from whoosh import fields, index, query
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.highlight import ContextFragmenter, UppercaseFormatter
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists
from whoosh.qparser import AndGroup, MultifieldParser
from whoosh.support.charset import accent_map

INDEX_DIR = Path(".classeur") / "index"
META = "classeur.json"
_SNIPPET_SOURCE = 800  # characters of the body a snippet is looked for in (its opening)
FILTERS = ("type", "function", "owner", "status", "review", "site")
_FOLD = str.maketrans(accent_map)
_SNOWBALL = FrenchStemmer().stem


def french_stem(word: str) -> str:
    """Snowball's French stem of an accent-folded word, without a trailing `e`.

    Once accents are folded, Snowball leaves `impaye` (impayé) but `impay`
    (impayées), `facture` but `factur`: dropping the final `e` makes the forms
    a reader types meet again.
    """
    stem: str = _SNOWBALL(word)
    return stem.rstrip("e") if len(stem) > 3 else stem


def french_analyzer() -> Any:
    """Tokens lower-cased, accent-folded, stop words dropped, then stemmed."""
    stopwords = {word.translate(_FOLD) for word in stoplists["fr"]}
    return (
        RegexTokenizer(r"\w+")
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=stopwords, minsize=1)
        | StemFilter(stemfn=french_stem)
    )


def schema() -> fields.Schema:
    """One entry per document or attachment."""
    french = french_analyzer()
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=french, stored=True, field_boost=3.0),
        body=fields.TEXT(analyzer=french, stored=True, phrase=False),  # no positions: smaller
        type=fields.KEYWORD(lowercase=True, commas=True, stored=True),
        function=fields.KEYWORD(lowercase=True, commas=True),
        owner=fields.KEYWORD(lowercase=True, commas=True),
        status=fields.KEYWORD(lowercase=True, commas=True),
        site=fields.KEYWORD(lowercase=True, commas=True),
        next_review=fields.ID(stored=True),
        path=fields.STORED,
        linked_from=fields.STORED,
    )


@dataclass(frozen=True)
class Entry:
    """What the index holds for one document or attachment."""

    key: str
    kind: str  # "document" or "attachment"
    id: str
    title: str
    body: str
    type: str
    function: str
    owners: tuple[str, ...]
    status: str
    sites: tuple[str, ...]
    next_review: str
    path: str
    linked_from: tuple[str, ...] = ()

    def fields(self) -> dict[str, Any]:
        """The Whoosh document."""
        return {
            "key": self.key, "kind": self.kind, "id": self.id, "title": self.title,
            "body": self.body, "type": self.type, "function": self.function,
            "owner": ",".join(self.owners), "status": self.status,
            "site": ",".join(self.sites) or "all", "next_review": self.next_review,
            "path": self.path, "linked_from": list(self.linked_from),
        }  # fmt: skip


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


@dataclass(frozen=True)
class Results:
    """Hits, and whether they come from the approximate (typo-tolerant) fallback."""

    hits: tuple[Hit, ...]
    fuzzy: bool
    total: int


def index_folder(root: Path, audience: str) -> Path:
    """Where an audience's index lives."""
    return root / INDEX_DIR / audience


def write_index(folder: Path, entries: Iterator[Entry], meta: dict[str, Any]) -> None:
    """(Re)create the index in `folder` with `entries`."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    created = index.create_in(str(folder), schema())
    # Both cores analyse documents (French stemming is pure Python); one segment each.
    workers = min(os.cpu_count() or 1, 4)
    options = {"procs": workers, "multisegment": True} if workers > 1 else {}
    with created.writer(limitmb=128, **options) as writer:
        for entry in entries:
            writer.add_document(**entry.fields())
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")


def update_entries(
    folder: Path, changed: list[Entry], removed: list[str], meta: dict[str, Any]
) -> None:
    """Replace or delete single entries; the rest of the index stays as it is."""
    opened = index.open_dir(str(folder))
    with opened.writer() as writer:
        for key in removed:
            writer.delete_by_term("key", key)
        for entry in changed:
            writer.update_document(**entry.fields())
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")


def read_meta(folder: Path) -> dict[str, Any] | None:
    """The index's bookkeeping (file stamps, policy fingerprint), None when absent."""
    try:
        loaded: dict[str, Any] = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if index.exists_in(str(folder)) else None


def fingerprint(root: Path, audience: str) -> str:
    """Changes whenever a policy file or the audience does (a full rebuild then)."""
    digest = hashlib.sha256(audience.encode())
    for path in sorted((root / "access_policies").glob("*.y*ml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def is_fresh(root: Path, audience: str) -> bool:
    """True when no file or policy changed since the index was written (no parsing)."""
    meta = read_meta(index_folder(root, audience))
    if meta is None or meta.get("fingerprint") != fingerprint(root, audience):
        return False
    return bool(file_stamps(root, meta["folders"]) == meta["stamps"])


def file_stamps(root: Path, folders: list[str]) -> dict[str, list[int]]:
    """Modification time and size of every file under `folders` (hidden ones skipped).

    Walks the folders itself rather than through corpus.py, whose import pulls in
    the parser and pydantic: a search on a fresh index must not pay for them.
    """
    stamps: dict[str, list[int]] = {}
    stack = list(folders)
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(root / folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append(relative)
            elif entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                stamps[relative] = [info.st_mtime_ns, info.st_size]
    return stamps


def run_query(folder: Path, text: str, *, today: date, warning_days: int, limit: int) -> Results:
    """Search one audience's index; retry with fuzzy terms when nothing matches."""
    searcher, parser = _searcher(folder)
    words, filters = split_filters(text)
    restriction = _filter_query(filters, today, warning_days)
    exact = parser.parse(" ".join(words)) if words else query.Every()
    results = searcher.search(exact, filter=restriction, limit=limit)
    fuzzy = False
    # Typos are forgiven only when the words match nothing at all: when they do, the
    # filters are what left no result, and approximate words would not help.
    if results.scored_length() == 0 and words and _matches_nothing(searcher, exact, restriction):
        results = searcher.search(_fuzzy(searcher.schema, words), filter=restriction, limit=limit)
        fuzzy = True
    results.fragmenter = ContextFragmenter(maxchars=160, surround=60)
    results.formatter = UppercaseFormatter()
    hits = tuple(_hit(h, today, warning_days) for h in results)
    # estimated_length: counting every match exactly costs more than the search itself
    return Results(hits, fuzzy, max(results.estimated_length(), len(hits)))


def _matches_nothing(searcher: Any, exact: Any, restriction: Any) -> bool:
    return restriction is None or searcher.search(exact, limit=1).scored_length() == 0


# Opening an index and its searcher costs more than a query: long-running
# processes (watch, serve, benchmarks) keep them until the index is written
# again (every write rewrites the bookkeeping file, whose time then changes).
_OPEN: dict[str, tuple[tuple[int, int, int], Any, Any, Any]] = {}


def _searcher(folder: Path) -> tuple[Any, Any]:
    key = str(folder.resolve())
    info = (folder / META).stat()
    cached = _OPEN.get(key)
    if cached is not None:
        stamp, opened, searcher, parser = cached
        if stamp == (info.st_mtime_ns, info.st_size, opened.latest_generation()):
            return searcher, parser
        searcher.close()
    opened = index.open_dir(key)
    searcher = opened.searcher()
    parser = MultifieldParser(["title", "body"], opened.schema, group=AndGroup)
    _OPEN[key] = (
        (info.st_mtime_ns, info.st_size, opened.latest_generation()),
        opened,
        searcher,
        parser,
    )
    return searcher, parser


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


def _fuzzy(schema_: fields.Schema, words: list[str]) -> Any:
    analyzer = schema_["body"].analyzer
    terms = []
    for word in words:
        for token in analyzer(word):
            terms.append(
                query.Or(
                    [
                        query.FuzzyTerm(f, token.text, maxdist=2, prefixlength=1)
                        for f in ("title", "body")
                    ]
                )
            )
    return query.And(terms) if terms else query.NullQuery


def review_state(next_review: str, today: date, warning_days: int) -> str:
    """ok, due-soon or overdue on `today` (unknown without a date)."""
    if not next_review:
        return "unknown"
    due = date.fromisoformat(next_review)
    if due < today:
        return "overdue"
    return "due-soon" if due <= today + timedelta(days=warning_days) else "ok"


def _hit(hit: Any, today: date, warning_days: int) -> Hit:
    # Highlighting re-analyses the text: the opening of a procedure is enough for a snippet.
    opening = hit["body"][:_SNIPPET_SOURCE]
    snippet = hit.highlights("body", text=opening, top=1) or hit["body"][:160]
    return Hit(
        kind=hit["kind"],
        id=hit["id"],
        title=hit["title"],
        path=hit["path"],
        review_state=review_state(hit.get("next_review", ""), today, warning_days),
        next_review=hit.get("next_review", ""),
        snippet=" ".join(snippet.split()),
        score=round(float(hit.score), 3),
        linked_from=tuple(hit.get("linked_from") or ()),
    )


def attachment_key(path: str) -> str:
    """The index key of an attachment (distinct from any document path)."""
    return f"attachment:{PurePosixPath(path)}"
