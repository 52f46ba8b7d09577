"""A handover plan's structured sections: fixed French headings, each holding a table.

People who are not engineers edit handover plans in any editor, so the content
`check`, `readiness` and the handover dossier read is plain Markdown: a level-2
heading per section and, under it, a table with these columns (the template of
`classeur new handover` has them all):

    ## Systèmes et accès à transférer   Système | Accès | Détenteur actuel | Action
    ## Données à exporter               Données | Format | Outil | Responsable
    ## Contacts                         Rôle | Nom | Organisation | Coordonnées
    ## Calendrier                       Jalon | Action | Responsable  (J-30 … J+30)
    ## Risques                          Risque | Impact | Parade

A heading names a section when it starts with the section's words (`## Risques
et parades` is the Risques section). A section is filled when its first table has
a row and no cell says « À compléter »; the calendar also runs from J-30 (or
earlier) to J+30 (or later). Pure: text in, records out.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass


class Section(enum.StrEnum):
    """The five sections of a handover plan, by their French heading."""

    SYSTEMS = "Systèmes et accès à transférer"
    DATA = "Données à exporter"
    CONTACTS = "Contacts"
    CALENDAR = "Calendrier"
    RISKS = "Risques"


COLUMNS: Mapping[Section, tuple[str, ...]] = {
    Section.SYSTEMS: ("Système", "Accès", "Détenteur actuel", "Action"),
    Section.DATA: ("Données", "Format", "Outil", "Responsable"),
    Section.CONTACTS: ("Rôle", "Nom", "Organisation", "Coordonnées"),
    Section.CALENDAR: ("Jalon", "Action", "Responsable"),
    Section.RISKS: ("Risque", "Impact", "Parade"),
}


class Gap(enum.StrEnum):
    """Why a section is not filled."""

    MISSING = "missing"  # no heading names it
    NO_TABLE = "no-table"  # a heading, but no table under it
    NO_ROW = "no-row"  # a table with a header only
    TO_COMPLETE = "to-complete"  # a cell still says « À compléter »
    CALENDAR_SPAN = "calendar-span"  # no milestone at J-30 or before, or at J+30 or after


@dataclass(frozen=True)
class Table:
    """The first Markdown table of a section, cells as written (trimmed)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]  # file line of each row

    def column(self, name: str) -> tuple[str, ...]:
        """Each row's cell in the column `name` (its header, or a header starting with it)."""
        index = _column_index(self.header, name)
        if index is None:
            return tuple("" for _ in self.rows)
        return tuple(row[index] if index < len(row) else "" for row in self.rows)


@dataclass(frozen=True)
class PlanSection:
    """A section as found in the body."""

    section: Section
    heading: str  # as written, without the `#`
    line: int  # file line of the heading
    table: Table | None


@dataclass(frozen=True)
class SectionGap:
    """A section that is not filled, and where."""

    section: Section
    gap: Gap
    line: int  # file line of the heading; of the row for TO_COMPLETE; 0 when MISSING


@dataclass(frozen=True)
class SystemAccess:
    """A system, the access to transfer, who holds it today, what to do."""

    system: str
    access: str
    holder: str
    action: str


@dataclass(frozen=True)
class DataExport:
    """Data to export, its format, the tool it comes from, who exports it."""

    data: str
    format: str
    tool: str
    owner: str


@dataclass(frozen=True)
class Contact:
    """Someone to reach during the handover."""

    role: str
    name: str
    organisation: str
    details: str


@dataclass(frozen=True)
class HandoverPlan:
    """The sections found in a handover plan's body (a section appears once, its first)."""

    sections: tuple[PlanSection, ...]

    def section(self, section: Section) -> PlanSection | None:
        """The section, if a heading names it."""
        return next((s for s in self.sections if s.section is section), None)

    def gaps(self) -> tuple[SectionGap, ...]:
        """Every section that is not filled, in the convention's order."""
        return tuple(gap for s in Section if (gap := self.gap(s)) is not None)

    def gap(self, section: Section) -> SectionGap | None:
        """Why `section` is not filled, or None when it is."""
        found = self.section(section)
        if found is None:
            return SectionGap(section, Gap.MISSING, 0)
        table = found.table
        if table is None:
            return SectionGap(section, Gap.NO_TABLE, found.line)
        if not table.rows:
            return SectionGap(section, Gap.NO_ROW, found.line)
        for row, line in zip(table.rows, table.row_lines, strict=True):
            if any(is_to_complete(cell) for cell in row):
                return SectionGap(section, Gap.TO_COMPLETE, line)
        if section is Section.CALENDAR and not _spans_the_handover(table):
            return SectionGap(section, Gap.CALENDAR_SPAN, found.line)
        return None

    @property
    def systems(self) -> tuple[SystemAccess, ...]:
        """The systems and accesses to transfer."""
        return tuple(SystemAccess(*cells) for cells in self._rows(Section.SYSTEMS))

    @property
    def data(self) -> tuple[DataExport, ...]:
        """The data to export."""
        return tuple(DataExport(*cells) for cells in self._rows(Section.DATA))

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """The contacts."""
        return tuple(Contact(*cells) for cells in self._rows(Section.CONTACTS))

    def _rows(self, section: Section) -> Iterator[tuple[str, ...]]:
        found = self.section(section)
        if found is None or found.table is None:
            return iter(())
        columns = [found.table.column(name) for name in COLUMNS[section]]
        return zip(*columns, strict=True)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_MILESTONE = re.compile(r"\bJ[ \t]*([+\-−–][ \t]*\d+|0)\b")


def read_plan(body: str, *, first_line: int = 1) -> HandoverPlan:
    """The sections of a handover plan's Markdown body; `first_line` is its file line."""
    lines = body.split("\n")
    found: dict[Section, PlanSection] = {}
    for start, end, heading in _level_two_sections(lines):
        section = _section_named(heading)
        if section is not None and section not in found:
            table = _first_table(lines, start + 1, end, first_line)
            found[section] = PlanSection(section, heading, first_line + start, table)
    return HandoverPlan(tuple(found[s] for s in Section if s in found))


def is_to_complete(cell: str) -> bool:
    """Whether a cell still holds the template's « À compléter » (any case or accents)."""
    return "compl" in cell.casefold() and "a completer" in _folded(cell)  # most cells: no


def _level_two_sections(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """(heading index, end index, heading text) of every `## ` heading outside code."""
    headings: list[tuple[int, int, str]] = []  # index, level, text
    fence = ""
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        heading = _HEADING.match(line)
        if heading:
            headings.append((index, len(heading.group(1)), heading.group(2)))
    for position, (index, level, text) in enumerate(headings):
        if level == 2:
            later = (i for i, lvl, _ in headings[position + 1 :] if lvl <= 2)
            yield index, next(later, len(lines)), text


def _section_named(heading: str) -> Section | None:
    words = _folded(heading)
    for section, name in _FOLDED_SECTIONS.items():
        if words == name or (words.startswith(name) and not words[len(name)].isalnum()):
            return section
    return None


def _first_table(lines: list[str], start: int, end: int, first_line: int) -> Table | None:
    for index in range(start, end - 1):
        if "|" in lines[index] and _DELIMITER.match(lines[index + 1]):
            header = _cells(lines[index])
            rows: list[tuple[str, ...]] = []
            row_lines: list[int] = []
            for row_index in range(index + 2, end):
                line = lines[row_index]
                if "|" not in line or not line.strip():
                    break
                cells = _cells(line)
                if any(cells):  # a row of empty cells is the template's blank line
                    rows.append(cells)
                    row_lines.append(first_line + row_index)
            return Table(header, tuple(rows), tuple(row_lines))
    return None


def _cells(line: str) -> tuple[str, ...]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return tuple(cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(text))


def _column_index(header: tuple[str, ...], name: str) -> int | None:
    wanted = _folded(name)
    folded = [_folded(cell) for cell in header]
    if wanted in folded:
        return folded.index(wanted)
    return next((i for i, cell in enumerate(folded) if cell.startswith(wanted)), None)


def _spans_the_handover(table: Table) -> bool:
    """A milestone at J-30 or before and one at J+30 or after (the handover's month)."""
    days = [_day(match) for cell in table.column("Jalon") for match in _MILESTONE.findall(cell)]
    return bool(days) and min(days) <= -30 and max(days) >= 30


def _day(offset: str) -> int:
    compact = offset.replace(" ", "").replace("\t", "").replace("−", "-").replace("–", "-")
    return int(compact)


def _folded(text: str) -> str:
    """Lower case, without accents, spaces collapsed: headings and cells as people type them.

    Letters without an ASCII base (œ, «) are dropped: only comparisons use this.
    """
    bare = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return " ".join(bare.split())


_FOLDED_SECTIONS = {section: _folded(section.value) for section in Section}
