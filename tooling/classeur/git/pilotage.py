"""Pilotage's reads of Git: when each measurement arrived and how it changed, and
what each document's header said month after month.

Nothing here walks the history again: the commits come from the one `git log`
of git/history.py (cached by HEAD), and every blob they name is read by one
`git cat-file --batch`, whatever the length of the history. Historical CSV rows
and headers are read tolerantly: a row or header that was invalid in the past
is skipped silently here, since `check` reports the current ones.
"""

from __future__ import annotations

import bisect
import csv
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from classeur.git.history import read_blobs
from classeur.model.durations import parse_duration
from classeur.model.history import Change, History
from classeur.model.indicators import MEASUREMENTS_DIR, Period
from classeur.model.records import DocType, Duration, Status

_ZERO = "0" * 40
_BOUNDARY = re.compile(r"^-{3,}\s*$")
# Codes of History findings after which the history cannot be replayed.
_GAPS = ("not-a-repository", "no-history", "shallow-clone")


@dataclass(frozen=True)
class Submission:
    """One (indicator, period) row as Git saw it."""

    first_seen: date  # day (UTC) of the first commit that brought the row
    values: tuple[float, ...]  # each value it had, oldest first (repeats folded)


@dataclass(frozen=True)
class SubmissionHistory:
    """Every measurement row ever committed under pilotage/mesures/."""

    rows: Mapping[tuple[str, Period], Submission] = field(default_factory=dict)

    def first_seen(self, indicator: str, period: Period) -> date | None:
        """The day the row first reached Git, None when it never did."""
        row = self.rows.get((indicator, period))
        return row.first_seen if row else None

    def values(self, indicator: str, period: Period) -> tuple[float, ...]:
        """The values the row had over time, oldest first (more than one: corrected)."""
        row = self.rows.get((indicator, period))
        return row.values if row else ()


@dataclass(frozen=True)
class Header:
    """The header fields review debt needs, as one commit wrote them."""

    id: str
    type: DocType
    function: str
    status: Status
    owners: tuple[str, ...]
    access: tuple[str, ...]
    last_reviewed: date | None
    review_every: Duration | None


@dataclass(frozen=True)
class Version:
    """A document as one commit left it."""

    day: date  # commit day, UTC
    header: Header | None  # None: deleted by this commit, or its header unreadable
    body_changed: bool  # this commit changed the text (not only the header, not the creation)


@dataclass(frozen=True)
class DocumentTimeline:
    """A document's versions, oldest first, under its current (or last) path."""

    path: str
    versions: tuple[Version, ...]

    @cached_property
    def _days(self) -> list[date]:
        return [version.day for version in self.versions]

    def at(self, day: date) -> Header | None:
        """The header as it stood at the end of `day` (None: absent or unreadable)."""
        index = bisect.bisect_right(self._days, day)
        return self.versions[index - 1].header if index else None

    def edits(self, period: Period) -> int:
        """How many commits in `period` changed the document's text."""
        return sum(1 for v in self.versions if v.body_changed and _period(v.day) == period)

    def changed_in(self, period: Period) -> bool:
        """Whether any commit in `period` touched the document."""
        return any(_period(v.day) == period for v in self.versions)


@dataclass(frozen=True)
class PilotageHistory:
    """What pilotage learns from Git, or why it learned nothing."""

    submissions: SubmissionHistory
    documents: tuple[DocumentTimeline, ...]
    start: date | None  # day of the first commit (even after `until`): nothing is known before
    gap: str | None = None  # `not-a-repository`, `no-history` or `shallow-clone`


def read_pilotage_history(
    root: Path, history: History, *, folders: Sequence[str], since: date, until: date
) -> PilotageHistory:
    """Measurement submissions and document versions up to `until`, in one `cat-file`.

    Document versions are kept from the last one on or before `since` (what
    stood then) to `until`; commits after `until` are ignored. On a shallow
    clone or without a repository the history is empty and `gap` says why: a
    truncated history would date every row and every document at the clone.
    """
    gap = next((f.code for f in history.findings if f.code in _GAPS), None)
    if gap is not None:
        return PilotageHistory(SubmissionHistory(), (), None, gap)
    # A build asks once per audience: what is committed at HEAD gives the same answer.
    key = (str(root.resolve()), history.head, tuple(folders), since, until)
    if key not in _READ:
        _READ.clear()  # one history at a time is enough
        _READ[key] = _read(root, history, folders, since, until)
    return _READ[key]


_READ: dict[tuple[str, str | None, tuple[str, ...], date, date], PilotageHistory] = {}


def _read(
    root: Path, history: History, folders: Sequence[str], since: date, until: date
) -> PilotageHistory:
    start = min((_day(h.changes[-1]) for h in history.by_path.values() if h.changes), default=None)
    changes = {
        path: [c for c in reversed(h.changes) if _day(c) <= until]
        for path, h in history.by_path.items()
    }
    measures = {p: c for p, c in changes.items() if _is_measurement(p) and c}
    documents = {p: _window(c, since) for p, c in changes.items() if _is_document(p, folders)}
    # A version's old blob is the version before it: new blobs are all there is to read.
    wanted = {c.new_blob for cs in (*measures.values(), *documents.values()) for c in cs}
    blobs = read_blobs(root, wanted - {_ZERO})
    timelines = tuple(
        _timeline(path, items, blobs, since) for path, items in sorted(documents.items()) if items
    )
    return PilotageHistory(_submissions(measures, blobs), timelines, start)


def _day(change: Change) -> date:
    return date.fromisoformat(change.day)


def _period(day: date) -> Period:
    return Period(day.year, day.month)


def _is_measurement(path: str) -> bool:
    return path.startswith(MEASUREMENTS_DIR + "/") and path.lower().endswith(".csv")


def _is_document(path: str, folders: Sequence[str]) -> bool:
    inside = any(path.startswith(folder.rstrip("/") + "/") for folder in folders)
    return inside and path.endswith(".md")


def _window(changes: list[Change], since: date) -> list[Change]:
    """The changes after `since`, and the last one before (what stood at `since`)."""
    first = bisect.bisect_right([_day(c) for c in changes], since)
    return changes[max(first - 1, 0) :]


def _submissions(
    measures: Mapping[str, list[Change]], blobs: Mapping[str, bytes]
) -> SubmissionHistory:
    ordered = sorted((c.time, path, c) for path, cs in measures.items() for c in cs)
    first: dict[tuple[str, Period], date] = {}
    values: dict[tuple[str, Period], list[float]] = {}
    for _, _, change in ordered:
        for indicator, period, value in _rows(blobs.get(change.new_blob, b"")):
            key = (indicator, period)
            first.setdefault(key, _day(change))
            seen = values.setdefault(key, [])
            if not seen or not math.isclose(seen[-1], value):
                seen.append(value)
    return SubmissionHistory({k: Submission(first[k], tuple(v)) for k, v in values.items()})


def _rows(data: bytes) -> Iterator[tuple[str, Period, float]]:
    """(indicator, period, value) of every readable row of a measurement file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    lines = text.splitlines()
    if not lines:
        return
    delimiter = ";" if ";" in lines[0] else ","
    reader = csv.reader(lines, delimiter=delimiter)
    columns = [name.strip().lower() for name in next(reader)]
    try:
        at = [columns.index(name) for name in ("indicateur", "periode", "valeur")]
    except ValueError:
        return
    for row in reader:
        if len(row) <= max(at):
            continue
        indicator, period, value = (row[i].strip() for i in at)
        try:
            yield indicator, Period.parse(period), _number(value)
        except ValueError:
            continue


def _number(text: str) -> float:
    """A number written the French way (« 1 234,5 », « 98 % ») or the English way."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removesuffix("%").replace(",", ".")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _timeline(
    path: str, changes: list[Change], blobs: Mapping[str, bytes], since: date
) -> DocumentTimeline:
    cache: dict[str, Header | None] = {}
    versions = []
    before: str | None = None  # the previous version's body; None before the creation
    for change in changes:
        header_text, body = _split(blobs.get(change.new_blob))
        if header_text not in cache:
            cache[header_text] = _header(header_text)
        edited = _day(change) > since and None not in (before, body) and body != before
        versions.append(Version(_day(change), cache[header_text], edited))
        before = body
    return DocumentTimeline(path, tuple(versions))


def _split(raw: bytes | None) -> tuple[str, str | None]:
    """(header text, body) of a document file; ("", None) when it has no header."""
    if raw is None:
        return "", None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return "", None
    lines = text.split("\n")
    if not _BOUNDARY.match(lines[0]):
        return "", None
    for index in range(1, len(lines)):
        if _BOUNDARY.match(lines[index]):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return "", None


def _header(text: str) -> Header | None:
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader) if text else None
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return Header(
            id=str(data["id"]),
            type=DocType(data["type"]),
            function=str(data.get("function", "")),
            status=Status(data["status"]),
            owners=_names(data.get("owners")),
            access=_names(data.get("access")),
            last_reviewed=_date(data.get("last_reviewed")),
            review_every=_duration(data.get("review_every")),
        )
    except (KeyError, ValueError, TypeError):
        return None


def _names(value: Any) -> tuple[str, ...]:
    items: Iterable[Any] = value if isinstance(value, list) else ()
    return tuple(str(item) for item in items)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def _duration(value: Any) -> Duration | None:
    try:
        return parse_duration(str(value)) if value is not None else None
    except ValueError:
        return None
