"""`handover-section-empty`: an active handover plan must have its five sections filled."""

from __future__ import annotations

import pytest

from classeur.binder.check import check
from classeur.model.findings import Severity
from tests.conftest import TODAY, doc
from tests.continuity.readiness_binder import PLAN_BODY

PLAN = "procedures/ops/plan.md"


def findings_of(binder, body: str, status: str = "active") -> list[str]:
    plan = doc(id="OPS-003", type="handover", status=status, body=body)
    report = check(binder({PLAN: plan}), today=TODAY)
    found = [f for f in report.findings if f.code == "handover-section-empty"]
    assert all(f.severity is Severity.WARNING for f in found)
    return [f.render() for f in found]


def test_a_filled_plan_passes(binder):
    assert findings_of(binder, PLAN_BODY) == []


def test_a_draft_plan_is_not_judged(binder):
    assert findings_of(binder, "## Objet\n", status="draft") == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "| Accès oubliés | fuite | revue à J0 |",
            "| À compléter | | |",
            f'{PLAN}:47: handover-section-empty: the "## Risques" section still says '
            "« À compléter » on this line. Fill it in.",
        ),
        (
            "| Responsable | Olivia Ops | Entreprise | ops@example.fr |\n",
            "",
            f'{PLAN}:29: handover-section-empty: the table of the "## Contacts" section has no '
            "row. Fill in at least one.",
        ),
        (
            "| Écritures | CSV | ERP | Victor Vendor |",
            "- Écritures, en CSV",
            f'{PLAN}:23: handover-section-empty: the "## Données à exporter" section has no '
            "table, so `check` and the handover dossier cannot read it. Write it as a table with "
            "the columns Données | Format | Outil | Responsable.",
        ),
        (
            "| J-30 | inventaire | Olivia Ops |",
            "| J-15 | inventaire | Olivia Ops |",
            f'{PLAN}:35: handover-section-empty: the "## Calendrier" section has no milestone at '
            "J-30 or before and at J+30 or after. Plan the handover from J-30 to J+30.",
        ),
    ],
    ids=["à compléter", "no row", "no table", "calendar"],
)
def test_each_unfilled_section_is_a_warning_at_its_heading(binder, old, new, message):
    body = PLAN_BODY.replace(old, new)
    if "- Écritures" in body:  # a list instead of the table: its header goes too
        body = body.replace("| Données | Format | Outil | Responsable |\n|---|---|---|---|\n", "")
    assert findings_of(binder, body) == [message]


def test_a_missing_section_is_reported_at_the_type_field(binder):
    body = PLAN_BODY[: PLAN_BODY.index("## Risques")]
    assert findings_of(binder, body) == [
        f'{PLAN}:4: handover-section-empty: no "## Risques" section, so the handover plan '
        "cannot be followed on the day. Add it with a table (Risque | Impact | Parade); "
        "`classeur new handover` shows the layout."
    ]
