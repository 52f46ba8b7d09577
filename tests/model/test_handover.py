"""Reading a handover plan's sections and tables from its body."""

from __future__ import annotations

from importlib.resources import files
from pathlib import PurePosixPath

import pytest

from classeur.model.frontmatter import parse_document
from classeur.model.handover import (
    Contact,
    DataExport,
    Gap,
    Section,
    SectionGap,
    SystemAccess,
    read_plan,
)
from tests.continuity.readiness_binder import PLAN_BODY


def test_a_filled_plan_has_no_gap():
    assert read_plan(PLAN_BODY).gaps() == ()


def test_rows_are_read_by_column_name():
    plan = read_plan(PLAN_BODY)
    assert (plan.systems, plan.data, plan.contacts) == (
        (SystemAccess("ERP", "2 comptes", "Prestataire", "révoquer à J0"),),
        (DataExport("Écritures", "CSV", "ERP", "Victor Vendor"),),
        (Contact("Responsable", "Olivia Ops", "Entreprise", "ops@example.fr"),),
    )


def test_columns_are_found_whatever_their_order_and_a_missing_one_is_empty():
    body = "## Contacts\n\n| Nom | Rôle |\n|---|---|\n| Olivia Ops | Responsable |\n"
    assert read_plan(body).contacts == (Contact("Responsable", "Olivia Ops", "", ""),)


def test_a_heading_starting_with_the_section_words_names_it():
    body = "## Risques et parades\n\n| Risque | Impact | Parade |\n|---|---|---|\n| a | b | c |\n"
    assert read_plan(body).gap(Section.RISKS) is None


def test_escaped_pipes_stay_in_their_cell():
    body = "## Données à exporter\n\n| Données | Format |\n|---|---|\n| A \\| B | CSV |\n"
    assert read_plan(body).data == (DataExport("A | B", "CSV", "", ""),)


@pytest.mark.parametrize(
    ("body", "gap"),
    [
        ("## Objet\n\nRien.\n", SectionGap(Section.CONTACTS, Gap.MISSING, 0)),
        ("## Contacts\n\n- Olivia Ops\n", SectionGap(Section.CONTACTS, Gap.NO_TABLE, 11)),
        (
            "## Contacts\n\n| Rôle | Nom |\n|---|---|\n",
            SectionGap(Section.CONTACTS, Gap.NO_ROW, 11),
        ),
        (
            "## Contacts\n\n| Rôle | Nom |\n|---|---|\n| Responsable | a completer |\n",
            SectionGap(Section.CONTACTS, Gap.TO_COMPLETE, 15),
        ),
        (
            "## Contacts\n\n| Rôle | Nom |\n|---|---|\n|  |  |\n",
            SectionGap(Section.CONTACTS, Gap.NO_ROW, 11),
        ),
        (
            "```\n## Contacts\n\n| Rôle | Nom |\n|---|---|\n| a | b |\n```\n",
            SectionGap(Section.CONTACTS, Gap.MISSING, 0),
        ),
    ],
    ids=["missing", "a list", "header only", "à compléter", "blank row", "inside code"],
)
def test_why_a_section_is_not_filled_and_where(body, gap):
    assert read_plan(body, first_line=11).gap(Section.CONTACTS) == gap


@pytest.mark.parametrize(
    ("milestones", "filled"),
    [(("J-30", "J0", "J+30"), True), (("J-60", "J+45"), True), (("J-15", "J0", "J+30"), False)],
)
def test_the_calendar_runs_from_j_minus_30_to_j_plus_30(milestones, filled):
    rows = "".join(f"| {m} | étape |\n" for m in milestones)
    body = f"## Calendrier\n\n| Jalon | Action |\n|---|---|\n{rows}"
    gap = read_plan(body).gap(Section.CALENDAR)
    assert (gap is None) is filled


def test_a_plan_read_with_its_document_gives_file_lines():
    header = "id: OPS-003\ntitle: Plan\ntype: handover\nfunction: ops\nowners: [olivia]\n"
    raw = f"---\n{header}status: draft\naccess: [staff]\n---\n## Contacts\n\n- Olivia\n".encode()
    document, findings = parse_document(PurePosixPath("procedures/ops/plan.md"), raw)
    assert document is not None, findings
    assert SectionGap(Section.CONTACTS, Gap.NO_TABLE, 10) in document.handover_gaps


def test_the_new_handover_template_follows_the_convention():
    template = files("classeur").joinpath("templates", "handover.md").read_text("utf-8")
    gaps = read_plan(template).gaps()
    assert [(g.section, g.gap) for g in gaps] == [(s, Gap.TO_COMPLETE) for s in Section]
