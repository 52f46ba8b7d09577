from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import PurePosixPath

import pytest

from classeur.git.pilotage import DocumentTimeline, Header, Submission, SubmissionHistory, Version
from classeur.model.frontmatter import parse_document
from classeur.model.indicators import Indicator, Measurement, Period, SignalSettings
from classeur.model.records import DocType, Review, ReviewState, Status
from classeur.model.report import DocumentSummary
from classeur.pilotage.debt import DebtHistory
from classeur.pilotage.records import Signal
from classeur.pilotage.signals import SignalContext, detect, rule_names, slope
from classeur.pilotage.status import series
from tests.conftest import doc
from tests.pilotage.planted import (
    INDICATORS,
    MONTH,
    PLANTED,
    TODAY,
    VALUES,
    measurements,
    periods,
)

NBSP = "\u00a0"
BY_ID = {i.id: i for i in INDICATORS}


def context(
    values: Mapping[str, Sequence[float]] = VALUES,
    *,
    indicators: tuple[Indicator, ...] = INDICATORS,
    settings: SignalSettings | None = None,
    rows: tuple[Measurement, ...] | None = None,
    submissions: SubmissionHistory | None = None,
    month: Period = MONTH,
) -> SignalContext:
    found = measurements(values) if rows is None else rows
    return SignalContext(
        month,
        TODAY,
        settings or SignalSettings(),
        tuple(
            series(i, found, until=month, periods=18, submissions=submissions)
            for i in indicators
            if i.id in values
        ),
    )


def signals_of(ctx: SignalContext) -> list[tuple[str, str, str | None]]:
    return [(s.rule, s.function, s.indicator) for s in detect(ctx)]


def only(ctx: SignalContext) -> Signal:
    [signal] = detect(ctx)
    return signal


def test_the_planted_signals_and_only_them_fire_in_october_2026():
    found = signals_of(context())
    assert len(found) == len(set(found))
    assert set(found) == PLANTED


def test_the_green_function_has_no_signal():
    assert [s for s in signals_of(context()) if s[1] == "facturation"] == []


def test_rules_are_registered_most_telling_first():
    assert rule_names() == (
        "non-respect-repete",
        "degradation-continue",
        "satisfaction-en-baisse",
        "bruit-en-hausse",
        "tendance-defavorable",
        "satisfaction-stagnante",
        "reporting-peu-fiable",
        "dette-de-revue-en-hausse",
        "procedure-instable",
        "modifiee-depuis-revue",
    )


def test_continued_worsening_names_the_months_that_worsened():
    signal = only(context({"PAI-CORRECTIONS": VALUES["PAI-CORRECTIONS"]}))
    assert (signal.title, signal.evidence) == (
        "Dégradation continue",
        "bulletins corrigés après émission en hausse trois mois de suite : 2, 4, 6",
    )


def test_two_worse_months_are_not_yet_a_continued_worsening():
    values = {"PAI-CORRECTIONS": [*VALUES["PAI-CORRECTIONS"][:-6], 2, 2, 2, 1, 2, 3]}
    assert detect(context(values)) == ()


def test_worsening_periods_is_tuned_in_the_policy():
    values = {"PAI-CORRECTIONS": [*VALUES["PAI-CORRECTIONS"][:-6], 2, 2, 2, 1, 2, 3]}
    signal = only(context(values, settings=SignalSettings(worsening_periods=2)))
    assert (
        signal.evidence == "bulletins corrigés après émission en hausse deux mois de suite : 2, 3"
    )


def test_a_higher_is_better_indicator_worsens_downwards():
    values = {"REL-RELANCES": [97] * 14 + [96.5, 96, 95.5, 95]}
    [signal] = [s for s in detect(context(values)) if s.indicator]  # its reports came late too
    assert (signal.rule, signal.evidence) == (
        "degradation-continue",
        f"taux de relances envoyées à l'échéance en baisse quatre mois de suite : "
        f"96,5{NBSP}% ; 96{NBSP}% ; 95,5{NBSP}% ; 95{NBSP}%",
    )


def test_repeated_breach_gives_the_values_and_the_target():
    signal = only(context({"IT-DELAI": VALUES["IT-DELAI"]}))
    assert (signal.rule, signal.title, signal.evidence) == (
        "non-respect-repete",
        "Non-respect répété",
        f"délai de résolution des tickets : non respecté trois mois de suite, "
        f"13{NBSP}h, 15{NBSP}h, 14{NBSP}h (objectif : 8{NBSP}h au plus)",
    )


def test_a_repeated_breach_hides_the_worsening_it_already_says():
    values = {"IT-DELAI": [*VALUES["IT-DELAI"][:-3], 13, 15, 16]}
    assert [s.rule for s in detect(context(values))] == ["non-respect-repete"]


def test_a_month_within_the_warning_band_breaks_the_breach_streak():
    values = {"IT-DELAI": [*VALUES["IT-DELAI"][:-6], 13, 14, 11, 13, 11, 14]}
    assert detect(context(values)) == ()


def test_falling_satisfaction():
    signal = only(context({"IT-SATISF": VALUES["IT-SATISF"]}))
    assert (signal.title, signal.evidence) == (
        "Satisfaction en baisse",
        f"satisfaction des utilisateurs en baisse quatre mois de suite : "
        f"84{NBSP}%, 82{NBSP}%, 80{NBSP}%, 78{NBSP}%",
    )


def test_flat_satisfaction():
    signal = only(context({"IT-SATISF": [86] * 14 + [86, 85.5, 86.5, 86]}))
    assert (signal.rule, signal.title, signal.evidence) == (
        "satisfaction-stagnante",
        "Satisfaction stagnante",
        f"satisfaction des utilisateurs stable depuis quatre mois : "
        f"86{NBSP}% ; 85,5{NBSP}% ; 86,5{NBSP}% ; 86{NBSP}%",
    )


def test_satisfaction_moving_more_than_the_tolerance_is_not_flat():
    assert detect(context({"IT-SATISF": [86] * 14 + [86, 84.5, 86.6, 86]})) == ()


def test_rising_noise_by_its_slope():
    signal = only(context({"ACH-CLARIF": VALUES["ACH-CLARIF"]}))
    assert (signal.rule, signal.title, signal.evidence, signal.documents) == (
        "bruit-en-hausse",
        "Bruit en hausse",
        "demandes de clarification reçues en hausse de 1,6 par mois en moyenne sur six mois : "
        "6, 7, 9, 10, 12, 14",
        (),
    )


def test_rising_noise_three_months_in_a_row_under_the_slope_threshold():
    values = {"ACH-CLARIF": [6] * 14 + [5, 6, 7, 8]}
    signal = only(context(values))
    assert (signal.rule, signal.evidence) == (
        "bruit-en-hausse",
        "demandes de clarification reçues en hausse trois mois de suite : 6, 7, 8",
    )


def test_adverse_trend_on_a_delay():
    values = {"FAC-DELAI": [1.0] * 12 + [1.2, 1.1, 1.5, 1.4, 1.8, 1.7]}
    signal = only(context(values))
    assert (signal.rule, signal.title, signal.evidence) == (
        "tendance-defavorable",
        "Tendance défavorable",
        f"délai d'émission des factures en hausse de 0,13{NBSP}jour ouvré par mois en moyenne "
        f"sur six mois : 1,2 ; 1,1 ; 1,5 ; 1,4 ; 1,8 ; 1,7{NBSP}jour ouvré",
    )


def test_a_slope_under_the_share_of_the_target_is_no_trend():
    values = {"FAC-DELAI": [1.0] * 12 + [1.2, 1.1, 1.4, 1.3, 1.6, 1.5]}  # 0,08 a month
    assert detect(context(values)) == ()


def test_volume_indicators_never_signal():
    volume = Indicator.model_validate(
        {**BY_ID["FAC-DELAI"].model_dump(), "id": "FAC-VOLUME", "kind": "volume", "unit": "nombre"}
    )
    values = {"FAC-VOLUME": [10] * 12 + [20, 30, 40, 50, 60, 70]}
    assert detect(context(values, indicators=(volume,))) == ()


def test_late_reports_make_a_function_s_reporting_unreliable():
    values = {k: VALUES[k] for k in ("REL-LETTRAGE", "REL-RELANCES")}
    signal = only(context(values))
    assert (signal.rule, signal.title, signal.indicator, signal.evidence) == (
        "reporting-peu-fiable",
        "Reporting peu fiable",
        None,
        "reporting en défaut sur 2 des 6 dernières périodes : juillet 2026 transmis le "
        "19 août 2026 (échéance : 10 août 2026) ; septembre 2026 transmis le 22 octobre 2026 "
        "(échéance : 10 octobre 2026)",
    )


def test_one_late_report_is_tolerated():
    values = {"REL-LETTRAGE": VALUES["REL-LETTRAGE"]}
    rows = tuple(
        replace(m, transmitted=date(2026, 10, 5)) if m.period == Period(2026, 9) else m
        for m in measurements(values)
    )
    assert detect(context(values, rows=rows)) == ()


def test_the_due_day_is_tuned_in_the_policy():
    values = {"REL-LETTRAGE": VALUES["REL-LETTRAGE"]}
    assert detect(context(values, settings=SignalSettings(due_day=25))) == ()


def test_a_value_corrected_after_submission_counts_and_is_named():
    values = {"FAC-DELAI": VALUES["FAC-DELAI"]}
    history = SubmissionHistory(
        {
            ("FAC-DELAI", Period(2026, 8)): Submission(date(2026, 9, 4), (1.2, 1.7)),
            ("FAC-DELAI", Period(2026, 10)): Submission(date(2026, 11, 4), (1.1, 1.6)),
        }
    )
    signal = only(context(values, submissions=history))
    assert (signal.rule, signal.evidence) == (
        "reporting-peu-fiable",
        "reporting en défaut sur 2 des 6 dernières périodes : "
        f"août 2026 FAC-DELAI corrigé après transmission (1,2{NBSP}jour ouvré → 1,7{NBSP}jour ouvré) ; "
        f"octobre 2026 FAC-DELAI corrigé après transmission (1,1{NBSP}jour ouvré → 1,6{NBSP}jour ouvré)",
    )


def test_periods_missing_after_their_due_day_count():
    values = {"ACH-DELAI": VALUES["ACH-DELAI"]}
    rows = tuple(
        m for m in measurements(values) if m.period not in (Period(2026, 6), Period(2026, 8))
    )
    signal = only(context(values, rows=rows))
    assert signal.evidence == (
        "reporting en défaut sur 2 des 6 dernières périodes : juin 2026 non transmis pour "
        "ACH-DELAI (échéance : 10 juillet 2026) ; août 2026 non transmis pour ACH-DELAI "
        "(échéance : 10 septembre 2026)"
    )


def test_periods_before_the_first_report_are_not_missing():
    values = {"ACH-DELAI": VALUES["ACH-DELAI"]}
    rows = tuple(m for m in measurements(values) if m.period >= Period(2026, 10))
    assert detect(context(values, rows=rows)) == ()


def test_a_period_not_yet_due_is_not_missing():
    values = {"ACH-DELAI": VALUES["ACH-DELAI"]}
    gaps = (Period(2026, 8), Period(2026, 10))  # only August is past its due day
    rows = tuple(m for m in measurements(values) if m.period not in gaps)
    ctx = replace(context(values, rows=rows), today=date(2026, 11, 10))
    assert detect(ctx) == ()


@pytest.mark.parametrize(
    ("values", "expected"),
    [([1, 2, 3], 1.0), ([3, 2, None, 0], -1.0), ([5, None, None], None), ([2, 2, 2, 2], 0.0)],
)
def test_slope_is_a_least_squares_fit_over_the_submitted_values(values, expected):
    rows = tuple(
        Measurement("ACH-CLARIF", p, v, "x.csv", 2)
        for p, v in zip(periods()[-len(values) :], values, strict=True)
        if v is not None
    )
    points = series(BY_ID["ACH-CLARIF"], rows, until=MONTH, periods=len(values)).points
    assert slope(points) == (None if expected is None else pytest.approx(expected))


def summary(text: str, state: ReviewState) -> DocumentSummary:
    document, _ = parse_document(PurePosixPath("procedures/x.md"), text.encode())
    assert document is not None
    return DocumentSummary(document, ("staff",), Review(state, None))


def debt_context(counts: list[int], access: tuple[str, ...] = ("staff",)) -> SignalContext:
    header = Header(
        "OPS-001", DocType.PROCEDURE, "ops", Status.ACTIVE, ("ops",), access, None, None
    )
    ends: list[tuple[Period, tuple[Header, ...]]] = []
    period = MONTH
    for count in reversed(counts):
        ends.insert(0, (period, (header,) * count))
        period = period.previous()
    overdue = summary(doc(id="OPS-001"), ReviewState.OVERDUE)
    fine = summary(doc(id="OPS-002"), ReviewState.OK)
    return replace(
        context({}),
        documents=(overdue, fine),
        debt=DebtHistory(tuple(ends)),
        reads=frozenset({"staff"}),
    )


def test_review_debt_rising_three_month_ends_in_a_row():
    signal = only(debt_context([2, 1, 2, 3, 5]))
    assert (signal.rule, signal.title, signal.function, signal.evidence, signal.documents) == (
        "dette-de-revue-en-hausse",
        "Dette de revue en hausse",
        "ops",
        "documents en retard de revue en hausse trois fins de mois de suite : 2, 3, 5",
        ("OPS-001",),
    )


def test_review_debt_that_fell_once_is_not_rising():
    assert detect(debt_context([1, 2, 3, 2, 5])) == ()


def test_review_debt_the_audience_may_not_read_does_not_count():
    assert detect(debt_context([2, 1, 2, 3, 5], access=("secret",))) == ()


def edits_context(days: list[str], settings: SignalSettings | None = None) -> SignalContext:
    versions = tuple(Version(date.fromisoformat(day), None, True) for day in days)
    document = summary(doc(id="OPS-001", title="Clôture"), ReviewState.OK)
    return replace(
        context({}, settings=settings),
        documents=(document,),
        timelines=(DocumentTimeline("procedures/x.md", versions),),
    )


def test_a_procedure_edited_three_times_in_the_month_is_unstable():
    signal = only(edits_context(["2026-09-30", "2026-10-01", "2026-10-15", "2026-10-31"]))
    assert (signal.rule, signal.title, signal.function, signal.evidence, signal.documents) == (
        "procedure-instable",
        "Procédure instable",
        "ops",
        "« Clôture » (OPS-001) modifié par 3 commits en octobre 2026",
        ("OPS-001",),
    )


def test_two_edits_in_the_month_are_no_instability_unless_tuned_so():
    days = ["2026-09-30", "2026-10-15", "2026-10-31"]
    assert detect(edits_context(days)) == ()
    assert len(detect(edits_context(days, SignalSettings(repeated_edits=2)))) == 1


def test_documents_changed_since_their_review_are_listed_per_function():
    changed = (
        summary(doc(id="OPS-002"), ReviewState.CHANGED),
        summary(doc(id="OPS-001"), ReviewState.CHANGED),
        summary(doc(id="OPS-003"), ReviewState.OVERDUE),
    )
    signal = only(replace(context({}), documents=changed))
    assert (signal.rule, signal.title, signal.function, signal.evidence, signal.documents) == (
        "modifiee-depuis-revue",
        "Modifiée depuis sa revue",
        "ops",
        "2 documents modifiés depuis leur dernière revue : OPS-001, OPS-002",
        ("OPS-001", "OPS-002"),
    )
