"""pilotage/mesures/*.csv: every row a measurement or a finding at its line, never skipped."""

from __future__ import annotations

from datetime import date

import pytest

from classeur.model.indicators import Measurement, Period, Unit
from classeur.model.measurement_cells import parse_number
from classeur.model.measurements import load_measurements, parse_measurements
from tests.conftest import make_binder
from tests.model.test_indicator_policy import INDICATORS, policy_with

TODAY = date(2026, 11, 16)
PATH = "pilotage/mesures/2026-10.csv"
HEADER = "periode;indicateur;valeur;echantillon;commentaire;transmis_le\n"


def parsed(text: str | bytes, indicators: str | None = INDICATORS):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_measurements(PATH, data, policy_with(indicators), TODAY)


def findings_of(text: str | bytes, indicators: str | None = INDICATORS) -> list[str]:
    return [f.render() for f in parsed(text, indicators)[1]]


def test_a_valid_row_becomes_a_measurement():
    text = HEADER + "2026-10;OPS-DELAI;2,5;412;fin de mois chargée;2026-11-04\n"
    assert parsed(text) == (
        (
            Measurement(
                indicator="OPS-DELAI",
                period=Period(2026, 10),
                value=2.5,
                path=PATH,
                line=2,
                sample_size=412,
                comment="fin de mois chargée",
                transmitted=date(2026, 11, 4),
            ),
        ),
        [],
    )


def test_optional_columns_may_be_left_out():
    [measurement], findings = parsed("periode;indicateur;valeur\n2026-10;OPS-TAUX;97\n")
    assert (measurement.value, measurement.sample_size, measurement.comment) == (97.0, None, "")
    assert (measurement.transmitted, findings) == (None, [])


def test_byte_order_mark_and_crlf_are_read():
    text = "\ufeff" + (HEADER + "2026-10;OPS-DELAI;1,5;;;\n").replace("\n", "\r\n")
    [measurement], findings = parsed(text)
    assert (measurement.value, measurement.line, findings) == (1.5, 2, [])


def test_a_comma_separated_file_is_read_with_commas():
    text = 'periode,indicateur,valeur\n2026-10,OPS-DELAI,"2,5"\n2026-10,OPS-TAUX,97.5\n'
    measurements, findings = parsed(text)
    assert ([m.value for m in measurements], findings) == ([2.5, 97.5], [])


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("2,5", None, 2.5),
        ("2.5", None, 2.5),
        ("  12 ", None, 12.0),
        ("1 234,5", None, 1234.5),
        ("1\u00a0234,5", None, 1234.5),
        ("1\u202f234\u202f567", None, 1234567.0),
        ("98 %", Unit.PERCENT, 98.0),
        ("98%", Unit.PERCENT, 98.0),
        ("1 200 €", Unit.EUROS, 1200.0),
        ("-3", None, -3.0),
    ],
)
def test_numbers_written_the_french_or_english_way(text, unit, value):
    assert parse_number(text, unit) == value


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("", None),
        ("deux", None),
        ("2,5,1", None),
        ("1,234.5", None),
        ("1 23,5", None),
        ("1e3", None),
        ("nan", None),
        ("98 %", Unit.BUSINESS_DAYS),
        ("12 €", Unit.PERCENT),
    ],
)
def test_what_is_not_a_number(text, unit):
    assert parse_number(text, unit) is None


def test_a_bad_row_is_reported_and_the_good_ones_are_kept():
    text = (
        HEADER
        + "2026-10;OPS-DELAI;1,5;;;\n2026-10;OPS-TAUX;beaucoup;;;\n2026-10;OPS-ARBITRAGES;2;;;\n"
    )
    measurements, findings = parsed(text)
    assert [m.indicator for m in measurements] == ["OPS-DELAI", "OPS-ARBITRAGES"]
    assert [f.render() for f in findings] == [
        'pilotage/mesures/2026-10.csv:3:18: invalid-number: "beaucoup" is not a number. '
        "Write it as `2,5` or `2.5`; only spaces may group thousands (`1 234,5`)."
    ]


def test_blank_lines_are_not_rows():
    measurements, findings = parsed(HEADER + "\n2026-10;OPS-DELAI;1,5;;;\n;;;;;\n")
    assert (len(measurements), findings) == (1, [])


@pytest.mark.parametrize(
    ("row", "finding"),
    [
        (
            ";OPS-DELAI;1,5",
            "2:1: invalid-period: no period. Write the month as YYYY-MM.",
        ),
        (
            "10/2026;OPS-DELAI;1,5",
            '2:1: invalid-period: "10/2026" is not a month written YYYY-MM, e.g. `2026-10`. '
            "Format the column as text in the spreadsheet so that it keeps the month as written.",
        ),
        (
            "2026-11;OPS-DELAI;1,5",
            "2:1: future-period: 2026-11 is not over on 2026-11-16: a period is reported once "
            "it is complete. Submit it from 2026-12-01.",
        ),
        (
            "2027-01;OPS-DELAI;1,5",
            "2:1: future-period: 2027-01 is in the future on 2026-11-16. Check the year and month.",
        ),
        (
            "2026-10;OPS-DELAY;1,5",
            '2:9: unknown-indicator: "OPS-DELAY" is not declared in '
            'access_policies/indicators.yml. Did you mean "OPS-DELAI"? Known: OPS-ARBITRAGES, '
            "OPS-DELAI, OPS-TAUX.",
        ),
        (
            "2026-10;;1,5",
            "2:9: unknown-indicator: no indicator. Write the id of one declared in "
            "access_policies/indicators.yml.",
        ),
        (
            "2026-10;OPS-DELAI;",
            "2:19: invalid-number: no value. Write the measured value, e.g. `2,5`.",
        ),
        (
            "2026-10;OPS-DELAI;-1",
            '2:19: value-out-of-range: "-1" is negative; an indicator counts something. '
            "Write the value ≥ 0.",
        ),
        (
            "2026-10;OPS-TAUX;101,5 %",
            '2:18: value-out-of-range: "101,5 %" is over 100 % for OPS-TAUX, a rate. Write it '
            "between 0 and 100.",
        ),
        (
            "2026-10;OPS-ARBITRAGES;2,5",
            '2:24: invalid-number: "2,5" is not a whole number; OPS-ARBITRAGES is a count. '
            "Write e.g. `3`.",
        ),
        (
            "2026-10;OPS-DELAI;2 %",
            '2:19: invalid-number: "2 %" is in % but OPS-DELAI is in jours ouvrés. Write the '
            "number alone.",
        ),
    ],
)
def test_each_problem_of_a_row_is_a_finding_at_its_line_and_column(row, finding):
    measurements, findings = parsed("periode;indicateur;valeur\n" + row + "\n")
    assert (measurements, [f.render() for f in findings]) == ((), [f"{PATH}:{finding}"])


@pytest.mark.parametrize(
    ("cells", "finding"),
    [
        (
            "0;;",
            '2:23: invalid-sample-size: "0" is not a sample size: write how many cases were '
            "measured, a whole number of at least 1, or leave the cell empty.",
        ),
        (
            "12,5;;",
            '2:23: invalid-sample-size: "12,5" is not a sample size: write how many cases were '
            "measured, a whole number of at least 1, or leave the cell empty.",
        ),
        (
            ";;le 4",
            '2:25: invalid-transmission-date: "le 4" is not a date. Write it as YYYY-MM-DD '
            "(or DD/MM/YYYY).",
        ),
        (
            ";;2026-11-17",
            "2:25: invalid-transmission-date: 2026-11-17 is after today (2026-11-16). Write "
            "the day it was sent.",
        ),
        (
            ";;2026-10-31",
            "2:25: invalid-transmission-date: 2026-10-31 is before the end of 2026-10: a value "
            "is transmitted once its month is over. Write the day it was sent.",
        ),
        (
            ";a\u202etxt;",
            "2:24: unsafe-character: the comment contains U+202E RIGHT-TO-LEFT OVERRIDE "
            "(bidirectional control): readers would not see it as written. Remove it.",
        ),
    ],
)
def test_optional_cells_are_checked_too(cells, finding):
    measurements, findings = parsed(HEADER + "2026-10;OPS-DELAI;1,5;" + cells + "\n")
    assert (measurements, [f.render() for f in findings]) == ((), [f"{PATH}:{finding}"])


def test_a_transmission_day_written_the_french_way_is_read():
    [measurement], _ = parsed(HEADER + "2026-10;OPS-DELAI;1,5;;;04/11/2026\n")
    assert measurement.transmitted == date(2026, 11, 4)


def test_every_problem_of_one_row_is_reported():
    assert findings_of("periode;indicateur;valeur\n2026-13;OPS-NOPE;x\n") == [
        f'{PATH}:2:18: invalid-number: "x" is not a number. Write it as `2,5` or `2.5`; only '
        "spaces may group thousands (`1 234,5`).",
        f'{PATH}:2:1: invalid-period: "2026-13" is not a month written YYYY-MM, e.g. '
        "`2026-10`. Format the column as text in the spreadsheet so that it keeps the month "
        "as written.",
        f'{PATH}:2:9: unknown-indicator: "OPS-NOPE" is not declared in '
        "access_policies/indicators.yml. Known: OPS-ARBITRAGES, OPS-DELAI, OPS-TAUX.",
    ]


def test_a_duplicate_in_the_same_file_names_the_first_line():
    text = HEADER + "2026-10;OPS-DELAI;1,5;;;\n2026-10;OPS-TAUX;97;;;\n2026-10;OPS-DELAI;1,7;;;\n"
    measurements, findings = parsed(text)
    assert [m.value for m in measurements] == [1.5, 97.0]
    assert [f.render() for f in findings] == [
        f"{PATH}:4: duplicate-measurement: OPS-DELAI for 2026-10 is already given on line 2. "
        "Keep one row: a correction changes the value in place."
    ]


@pytest.mark.parametrize(
    ("header", "finding"),
    [
        (
            "periode;indicateur\n",
            "1: missing-column: no column `valeur`, so none of its 1 row can be read. The "
            "first line must name the columns: "
            "`periode;indicateur;valeur;echantillon;commentaire;transmis_le` (the last three "
            "optional).",
        ),
        (
            "",
            "1: missing-column: the file is empty. The first line must name the columns: "
            "`periode;indicateur;valeur;echantillon;commentaire;transmis_le` (the last three "
            "optional).",
        ),
    ],
)
def test_a_file_without_its_columns_says_how_many_rows_were_not_read(header, finding):
    measurements, findings = parsed(header + ("2026-10;OPS-DELAI\n" if header else ""))
    assert (measurements, [f.render() for f in findings]) == ((), [f"{PATH}:{finding}"])


def test_unknown_and_duplicate_columns_are_reported():
    text = "période;indicateur;valeur;valeur\n"
    assert findings_of(text) == [
        f"{PATH}:1: duplicate-column: column `valeur` appears twice. Keep one.",
        f"{PATH}:1: missing-column: no column `periode`, so none of its 0 rows can be read. "
        "The first line must name the columns: "
        "`periode;indicateur;valeur;echantillon;commentaire;transmis_le` (the last three "
        "optional).",
        f"{PATH}:1: unknown-column: unknown column `période`. Did you mean `periode`? Columns: "
        "periode, indicateur, valeur, echantillon, commentaire, transmis_le.",
    ]


def test_a_row_with_more_cells_than_columns_is_reported():
    text = "periode,indicateur,valeur\n2026-10,OPS-DELAI,2,5\n"
    assert findings_of(text) == [
        f"{PATH}:2: wrong-cell-count: 4 cells but the header names 3 columns. In a "
        'comma-separated file, quote decimal values (`"2,5"`) or separate with `;`.'
    ]


def test_a_file_that_is_not_utf8_is_reported_at_its_line():
    text = (HEADER + "2026-10;OPS-DELAI;1,5;;relevé;\n").encode("cp1252")
    assert findings_of(text) == [
        f"{PATH}:2: not-utf8: byte 0xE9 is not UTF-8. Export the file as « CSV UTF-8 » (or save "
        "it as UTF-8)."
    ]


def test_measurements_without_indicators_file_are_one_finding_per_file():
    assert findings_of(HEADER + "2026-10;OPS-DELAI;1,5;;;\n", indicators=None) == [
        f"{PATH}: unknown-indicator: no indicator is declared (access_policies/indicators.yml "
        "does not exist), so no row of this file can be checked. Create "
        "access_policies/indicators.yml; the README shows its format."
    ]


def test_load_reads_every_file_and_finds_duplicates_across_files(tmp_path):
    root = make_binder(
        tmp_path,
        {
            "pilotage/mesures/2026-09.csv": HEADER + "2026-09;OPS-DELAI;1,5;;;\n",
            "pilotage/mesures/2026-10.csv": HEADER
            + "2026-10;OPS-DELAI;1,8;;;\n2026-09;OPS-DELAI;1,6;;;\n",
        },
    )
    measurements, findings = load_measurements(root, policy_with(), today=TODAY)
    assert [(str(m.period), m.value) for m in measurements] == [("2026-09", 1.5), ("2026-10", 1.8)]
    assert [f.render() for f in findings] == [
        "pilotage/mesures/2026-10.csv:3: duplicate-measurement: OPS-DELAI for 2026-09 is already "
        "given at pilotage/mesures/2026-09.csv:2. Keep one row: a correction changes the value "
        "in place."
    ]


def test_load_refuses_anything_but_csv_files(tmp_path):
    root = make_binder(
        tmp_path,
        {
            "pilotage/mesures/2026-10.xlsx": b"PK",
            "pilotage/mesures/archives/2025-01.csv": HEADER,
        },
    )
    _, findings = load_measurements(root, policy_with(), today=TODAY)
    message = "pilotage/mesures/ holds only measurement files `AAAA-MM.csv`. Move or remove it."
    assert [f.render() for f in findings] == [
        f"pilotage/mesures/2026-10.xlsx: unexpected-measurement-file: {message}",
        f"pilotage/mesures/archives: unexpected-measurement-file: {message}",
    ]


def test_a_binder_without_measurements_has_none(tmp_path):
    assert load_measurements(make_binder(tmp_path, {}), policy_with(), today=TODAY) == ((), [])
