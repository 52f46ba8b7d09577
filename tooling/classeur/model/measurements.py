"""Read the monthly measurements: pilotage/mesures/*.csv into Measurement records.

CSV because it is what the provider's tools and spreadsheets export; `;`-separated
because French spreadsheets use the comma as the decimal mark (a file whose header
uses `,` is read with `,`). Every row is either a Measurement or at least one
finding at its line: nothing is skipped silently, and a row with a problem is
left out of the measurements, never half-read.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from classeur.common.i18n import _, ngettext
from classeur.model.findings import Finding
from classeur.model.indicator_policy import INDICATORS_PATH
from classeur.model.indicators import INDICATORS_FILE, MEASUREMENTS_DIR, Measurement, Period
from classeur.model.measurement_cells import (
    Problem,
    read_comment,
    read_indicator,
    read_period,
    read_sample_size,
    read_transmitted,
    read_value,
)
from classeur.model.policy import Policy

COLUMNS = ("periode", "indicateur", "valeur", "echantillon", "commentaire", "transmis_le")
REQUIRED = COLUMNS[:3]
_HEADER = ";".join(COLUMNS)


@dataclass(frozen=True)
class _Row:
    """One data row: its file line and its cells by column name."""

    line: int
    cells: Mapping[str, str]
    columns: Mapping[str, int]  # column name -> 1-based character column in the line


def load_measurements(
    root: Path, policy: Policy, *, today: date
) -> tuple[tuple[Measurement, ...], list[Finding]]:
    """Every measurement under `root/pilotage/mesures`, and every problem found there."""
    folder = root / MEASUREMENTS_DIR
    if not folder.is_dir():
        return (), []
    files: dict[str, bytes] = {}
    findings: list[Finding] = []
    for path in sorted(folder.iterdir()):
        where = f"{MEASUREMENTS_DIR}/{path.name}"
        if path.is_symlink() or not path.is_file() or path.suffix != ".csv":
            findings.append(_unexpected(where))
            continue
        try:
            files[where] = path.read_bytes()
        except OSError as error:
            message = _("cannot read it: {error}.").format(error=error)
            findings.append(Finding(where, 0, "unreadable-file", message))
    measurements: list[Measurement] = []
    for where, data in files.items():
        parsed, more = parse_measurements(where, data, policy, today)
        measurements += parsed
        findings += more
    kept, duplicates = _without_duplicates(measurements)
    return kept, findings + duplicates


def parse_measurements(
    path: str, data: bytes, policy: Policy, today: date
) -> tuple[tuple[Measurement, ...], list[Finding]]:
    """One measurement file's valid rows and every problem in it (no disk, no Git).

    `path` is root-relative; it names the file in findings and in the records.
    """
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex().upper()
        message = _(
            "byte 0x{byte} is not UTF-8. Export the file as « CSV UTF-8 » (or save it as UTF-8)."
        ).format(byte=byte)
        return (), [Finding(path, line, "not-utf8", message)]
    if INDICATORS_FILE in policy.absent:
        return (), [_no_indicators(path)]
    rows, findings = _rows(path, text)
    measurements: list[Measurement] = []
    for row in rows:
        measurement, problems = _measurement(path, row, policy, today)
        findings += problems
        if measurement is not None:
            measurements.append(measurement)
    kept, duplicates = _without_duplicates(measurements)
    return kept, sorted(findings + duplicates)


def _rows(path: str, text: str) -> tuple[list[_Row], list[Finding]]:
    """The data rows under a valid header, or the findings that say why none can be read."""
    lines = text.split("\n")
    header_line = lines[0].rstrip("\r")
    delimiter = ";" if ";" in header_line or "," not in header_line else ","
    records = _records(text, delimiter)
    if not records or not any(cell.strip() for cell in records[0][1]):
        return [], [Finding(path, 1, "missing-column", _missing_header(_("the file is empty")))]
    header = [cell.strip().lower() for cell in records[0][1]]
    findings = list(_header_problems(path, header))
    missing = [name for name in REQUIRED if name not in header]
    data_rows = [(line, cells) for line, cells in records[1:] if any(c.strip() for c in cells)]
    if missing:
        message = _missing_header(
            ngettext(
                "no column {columns}, so none of its {count} row can be read",
                "no column {columns}, so none of its {count} rows can be read",
                len(data_rows),
            ).format(columns=", ".join(f"`{m}`" for m in missing), count=len(data_rows))
        )
        return [], [*findings, Finding(path, 1, "missing-column", message)]
    rows: list[_Row] = []
    for line, cells in data_rows:
        if len(cells) > len(header):
            findings.append(_too_many_cells(path, line, len(cells), len(header), delimiter))
            continue
        starts = _cell_starts(lines[line - 1].rstrip("\r"), delimiter)
        named = {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(header)}
        columns = {name: starts[i] if i < len(starts) else 0 for i, name in enumerate(header)}
        rows.append(_Row(line, named, columns))
    return rows, findings


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """CSV records with the file line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        records.append((start, cells))
        start = reader.line_num + 1
    return records


def _cell_starts(line: str, delimiter: str) -> list[int]:
    """1-based column where each cell of a CSV line starts, quotes honoured."""
    starts, quoted = [1], False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 2)
    return starts


def _header_problems(path: str, header: list[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            message = _("column `{name}` appears twice. Keep one.").format(name=name)
            yield Finding(path, 1, "duplicate-column", message)
        elif name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            if close:
                message = _("unknown column `{name}`. Did you mean `{guess}`? Columns: {columns}.")
            else:
                message = _("unknown column `{name}`. Columns: {columns}.")
            yield Finding(
                path,
                1,
                "unknown-column",
                message.format(
                    name=name, guess=close[0] if close else "", columns=", ".join(COLUMNS)
                ),
            )
        seen.add(name)


def _measurement(
    path: str, row: _Row, policy: Policy, today: date
) -> tuple[Measurement | None, list[Finding]]:
    """The row as a Measurement, or None and every problem it has."""
    problems: list[Problem] = []
    cells = row.cells
    period = read_period(cells["periode"], today, problems)
    indicator = read_indicator(cells["indicateur"], policy, problems)
    unit = indicator.unit if indicator else None
    value = read_value(cells["valeur"], cells["indicateur"], unit, problems)
    sample = read_sample_size(cells.get("echantillon", ""), problems)
    transmitted = read_transmitted(cells.get("transmis_le", ""), period, today, problems)
    comment = read_comment(cells.get("commentaire", ""), problems)
    findings = [
        Finding(path, row.line, p.code, p.message, column=row.columns.get(p.column, 0))
        for p in problems
    ]
    if findings or period is None or value is None:
        return None, findings
    measurement = Measurement(
        indicator=cells["indicateur"],
        period=period,
        value=value,
        path=path,
        line=row.line,
        sample_size=sample,
        comment=comment,
        transmitted=transmitted,
    )
    return measurement, []


def _without_duplicates(
    measurements: Iterable[Measurement],
) -> tuple[tuple[Measurement, ...], list[Finding]]:
    """The first row of each (indicator, period) kept; each later one reported."""
    first: dict[tuple[str, Period], Measurement] = {}
    findings: list[Finding] = []
    for measurement in measurements:
        key = (measurement.indicator, measurement.period)
        earlier = first.setdefault(key, measurement)
        if earlier is not measurement:
            if earlier.path == measurement.path:
                message = _(
                    "{indicator} for {period} is already given on line {line}. Keep one row: a "
                    "correction changes the value in place."
                )
            else:
                message = _(
                    "{indicator} for {period} is already given at {path}:{line}. Keep one row: "
                    "a correction changes the value in place."
                )
            findings.append(
                Finding(
                    measurement.path,
                    measurement.line,
                    "duplicate-measurement",
                    message.format(
                        indicator=measurement.indicator,
                        period=measurement.period,
                        path=earlier.path,
                        line=earlier.line,
                    ),
                )
            )
    return tuple(first.values()), findings


def _missing_header(why: str) -> str:
    return _(
        "{why}. The first line must name the columns: `{header}` (the last three optional)."
    ).format(why=why, header=_HEADER)


def _too_many_cells(path: str, line: int, cells: int, expected: int, delimiter: str) -> Finding:
    if delimiter == ",":
        message = ngettext(
            "{count} cell but the header names {expected} columns. In a comma-separated file, "
            'quote decimal values (`"2,5"`) or separate with `;`.',
            "{count} cells but the header names {expected} columns. In a comma-separated file, "
            'quote decimal values (`"2,5"`) or separate with `;`.',
            cells,
        )
    else:
        message = ngettext(
            "{count} cell but the header names {expected} columns. Quote a cell that holds a `;`.",
            "{count} cells but the header names {expected} columns. Quote a cell that holds a `;`.",
            cells,
        )
    message = message.format(count=cells, expected=expected)
    return Finding(path, line, "wrong-cell-count", message)


def _unexpected(where: str) -> Finding:
    return Finding(
        where,
        0,
        "unexpected-measurement-file",
        _("{folder}/ holds only measurement files `AAAA-MM.csv`. Move or remove it.").format(
            folder=MEASUREMENTS_DIR
        ),
    )


def _no_indicators(path: str) -> Finding:
    return Finding(
        path,
        0,
        "unknown-indicator",
        _(
            "no indicator is declared ({file} does not exist), so no row of this file can be "
            "checked. Create {file}; the README shows its format."
        ).format(file=INDICATORS_PATH),
    )
