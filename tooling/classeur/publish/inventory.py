"""The dossier's inventory: its documents, and what its handover plans say must move.

Per document: id, title, type, function, status, path, owners, maintainers,
review state and dates, and its PDF in the dossier. From the handover plans
(model/handover.py reads their sections): the systems and accesses to
transfer, the data to export, the contacts. Written as CSV for people (French
headers and words, `;`-separated, UTF-8 with a BOM so that spreadsheets read
the accents) and as one JSON file for programs (the frontmatter's words).
The plans are read from their staged text, where a link to a document the
audience may not read has already lost its words.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from classeur.model.handover import read_plan
from classeur.model.needles import plain_text
from classeur.model.records import DocType
from classeur.publish.dossier import DossierFile
from classeur.publish.labels import DOC_TYPES, REVIEW_STATES, STATUSES
from classeur.publish.manifest import Party, PublishedDocument

FOLDER = "inventaire"
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # a Markdown link or image: its words stay


@dataclass(frozen=True)
class Row:
    """One line of a handover plan's table, with the plan it comes from."""

    plan: str  # the plan's id
    function: str  # the plan's function: its id
    function_label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Inventory:
    """What the dossier holds and what its handover plans list."""

    documents: tuple[PublishedDocument, ...]
    pdfs: Mapping[str, str]  # document id -> its PDF's path in the dossier ("" without PDFs)
    systems: tuple[Row, ...]  # Système, Accès, Détenteur actuel, Action
    data: tuple[Row, ...]  # Données, Format, Outil, Responsable
    contacts: tuple[Row, ...]  # Rôle, Nom, Organisation, Coordonnées


def build_inventory(
    documents: Sequence[PublishedDocument], staged: Mapping[str, str], pdfs: Mapping[str, str]
) -> Inventory:
    """The inventory of `documents`; `staged` holds each handover plan's staged text by id."""
    plans = [
        (d, read_plan(staged[d.id]))
        for d in documents
        if d.type is DocType.HANDOVER and d.id in staged
    ]

    def row(document: PublishedDocument, *cells: str) -> Row:
        cleaned = tuple(_text(cell) for cell in cells)
        return Row(document.id, document.function, document.function_label, cleaned)

    return Inventory(
        documents=tuple(documents),
        pdfs=pdfs,
        systems=tuple(
            row(d, s.system, s.access, s.holder, s.action) for d, p in plans for s in p.systems
        ),
        data=tuple(row(d, e.data, e.format, e.tool, e.owner) for d, p in plans for e in p.data),
        contacts=tuple(
            row(d, c.role, c.name, c.organisation, c.details) for d, p in plans for c in p.contacts
        ),
    )


def inventory_files(inventory: Inventory) -> list[DossierFile]:
    """The CSV files and the JSON file of the inventory."""
    plan_columns = ("Plan", "Fonction")
    return [
        DossierFile(f"{FOLDER}/documents.csv", _csv(_DOCUMENT_COLUMNS, _document_rows(inventory))),
        _table("systemes.csv", (*plan_columns, *_SYSTEMS), inventory.systems),
        _table("donnees.csv", (*plan_columns, *_DATA), inventory.data),
        _table("contacts.csv", (*plan_columns, *_CONTACTS), inventory.contacts),
        DossierFile(f"{FOLDER}/inventaire.json", _json(inventory)),
    ]


_DOCUMENT_COLUMNS = (
    "Identifiant", "Titre", "Type", "Fonction", "Statut", "Chemin", "Responsables",
    "Mainteneurs", "État de la revue", "Dernière revue", "Revu par", "Prochaine revue", "PDF",
)  # fmt: skip
_SYSTEMS = ("Système", "Accès", "Détenteur actuel", "Action")
_DATA = ("Données", "Format", "Outil", "Responsable")
_CONTACTS = ("Rôle", "Nom", "Organisation", "Coordonnées")


def _document_rows(inventory: Inventory) -> list[tuple[str, ...]]:
    return [
        (
            d.id,
            d.title,
            DOC_TYPES[d.type],
            d.function_label,
            STATUSES[d.status],
            d.src,
            _names(d.owners),
            _names(d.maintainers),
            REVIEW_STATES[d.review_state],
            d.last_reviewed or "",
            d.reviewed_by.name if d.reviewed_by else "",
            d.next_review or "",
            inventory.pdfs.get(d.id, ""),
        )
        for d in inventory.documents
    ]


def _table(name: str, columns: tuple[str, ...], rows: tuple[Row, ...]) -> DossierFile:
    return DossierFile(
        f"{FOLDER}/{name}", _csv(columns, [(r.plan, r.function_label, *r.cells) for r in rows])
    )


def _csv(columns: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([tuple(map(inert_cell, row)) for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# A spreadsheet runs a cell starting with these as a formula (=HYPERLINK(…) sends data
# away): the plans' tables are written by the provider, the CSV is opened by the company.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: str) -> str:
    """The cell as text a spreadsheet shows, never runs (a leading `'`, as OWASP advises)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _json(inventory: Inventory) -> bytes:
    def parties(found: tuple[Party, ...]) -> list[dict[str, str]]:
        return [{"id": p.id, "name": p.name, "organisation": p.organisation.value} for p in found]

    documents = [
        {
            "id": d.id,
            "title": d.title,
            "type": d.type.value,
            "function": d.function,
            "status": d.status.value,
            "path": d.src,
            "owners": parties(d.owners),
            "maintainers": parties(d.maintainers),
            "review_state": d.review_state.value,
            "last_reviewed": d.last_reviewed,
            "reviewed_by": parties((d.reviewed_by,))[0] if d.reviewed_by else None,
            "next_review": d.next_review,
            "pdf": inventory.pdfs.get(d.id) or None,
        }
        for d in inventory.documents
    ]
    payload = {
        "documents": documents,
        "systems": _json_rows(inventory.systems, ("system", "access", "holder", "action")),
        "data": _json_rows(inventory.data, ("data", "format", "tool", "owner")),
        "contacts": _json_rows(inventory.contacts, ("role", "name", "organisation", "details")),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _json_rows(rows: tuple[Row, ...], keys: tuple[str, ...]) -> list[dict[str, str]]:
    return [
        {"plan": r.plan, "function": r.function, **dict(zip(keys, r.cells, strict=True))}
        for r in rows
    ]


def _names(parties: tuple[Party, ...]) -> str:
    return ", ".join(p.name for p in parties)


def _text(cell: str) -> str:
    """A table cell as a reader sees it: links and images reduced to their words."""
    return plain_text(_LINK.sub(r"\1", cell)).strip()
