"""Readiness: each criterion costs exactly its weight when it alone is unmet."""

from __future__ import annotations

from dataclasses import replace

import pytest

from classeur.binder.check import check
from classeur.continuity.readiness import FunctionReadiness, readiness_of
from classeur.continuity.words import State
from classeur.model.frozenmap import FrozenMap
from classeur.model.indicators import Indicator, Measurement, Period
from classeur.model.readiness_policy import Criterion
from classeur.model.report import Report
from tests.conftest import TODAY, doc
from tests.continuity.readiness_binder import DRILL, PLAN_BODY, ready_files

INDICATOR = Indicator.model_validate(
    {
        "id": "OPS-DELAI",
        "function": "ops",
        "label": "délai de traitement",
        "unit": "jours ouvrés",
        "direction": "lower",
        "kind": "delai",
        "target": 2,
        "reported_by": "provider",
        "access": ["staff"],
    }
)
# On 2026-03-01 the last month past its due day (the 10th of the next month) is January.
JANUARY = Measurement("OPS-DELAI", Period(2026, 1), 1.5, "pilotage/mesures/2026-01.csv", 2)


def with_indicators(report: Report, *measurements: Measurement) -> Report:
    policy = replace(report.policy, indicators=FrozenMap({INDICATOR.id: INDICATOR}))
    return replace(report, policy=policy, measurements=measurements)


def ops(root, report: Report | None = None) -> FunctionReadiness:
    report = report or with_indicators(check(root, today=TODAY), JANUARY)
    (function,) = readiness_of(root, report).functions
    return function


def unmet(function: FunctionReadiness) -> list[tuple[str, str]]:
    return [(o.criterion.value, o.verdict.explained()) for o in function.missing]


def test_a_function_meeting_every_criterion_is_ready(binder):
    function = ops(binder(ready_files()))
    assert (function.score, function.state, unmet(function)) == (100, State.READY, [])


PLAN = "procedures/ops/plan.md"
FIX_SECTIONS = (
    "Remplissez chaque section par un tableau, sans « À compléter » : systèmes et accès, "
    "données, contacts, calendrier de J-30 à J+30, risques (modèle : `classeur new handover`)."
)


@pytest.mark.parametrize(
    ("criterion", "changed", "explanation"),
    [
        (
            Criterion.HANDOVER_PLAN,
            {PLAN: doc(id="OPS-003", type="handover", status="draft", body=PLAN_BODY)},
            "Le plan de réversibilité est un brouillon : OPS-003. Terminez-le, faites-le valider "
            "par son responsable, puis passez-le en vigueur (status: active).",
        ),
        (
            Criterion.HANDOVER_SECTIONS,
            {
                PLAN: doc(
                    id="OPS-003",
                    type="handover",
                    body=PLAN_BODY.replace("| Accès oubliés |", "| À compléter |"),
                )
            },
            "Sections non remplies (Risques : « À compléter ») dans le plan : OPS-003. "
            + FIX_SECTIONS,
        ),
        (
            Criterion.PROCEDURES_CURRENT,
            {"procedures/ops/a.md": doc(last_reviewed="2025-01-10")},
            "Procédures en retard de revue ou modifiées depuis leur revue : OPS-001. Faites-les "
            "relire par leur responsable, puis enregistrez la revue avec `classeur review`.",
        ),
        (
            Criterion.INCIDENT_RUNBOOK,
            {"procedures/ops/incident.md": doc(id="OPS-002", title="Incident")},
            "Aucun mode opératoire d'incident en vigueur pour cette fonction. Rédigez avec `classeur new "
            "runbook --function ops` la conduite à tenir si le prestataire ou son outil fait "
            "défaut.",
        ),
        (
            Criterion.RECENT_DRILL,
            {"pilotage/exercices/2026-02-01-ops.md": DRILL.replace("2026-02-01", "2025-02-01")},
            "Dernier exercice le 1er février 2025, aucun depuis le 1er mars 2025. Organisez un "
            "exercice (changement de prestataire, reprise interne ou incident) et consignez-le "
            "avec `classeur new drill --function ops`.",
        ),
    ],
    ids=lambda value: value.value if isinstance(value, Criterion) else "",
)
def test_each_criterion_alone_unmet_costs_its_weight(binder, criterion, changed, explanation):
    function = ops(binder({**ready_files(), **changed}))
    weight = next(o.weight for o in function.outcomes if o.criterion is criterion)
    assert (function.score, unmet(function)) == (100 - weight, [(criterion.value, explanation)])


def test_company_review_is_unmet_when_only_the_provider_keeps_and_reviews(binder):
    by_vendor = {"maintainers": "[vendor]", "reviewed_by": "vendor"}
    root = binder(
        {
            **ready_files(),
            "procedures/ops/a.md": doc(**by_vendor),
            "procedures/ops/incident.md": doc(id="OPS-002", type="runbook", **by_vendor),
            PLAN: doc(id="OPS-003", type="handover", body=PLAN_BODY, **by_vendor),
        }
    )
    function = ops(root)
    assert (function.score, unmet(function)) == (
        85,
        [
            (
                "company-review",
                "Aucun document de la fonction relu par l'entreprise depuis le 1er mars 2025 ; "
                "tenus et relus par le prestataire seul : OPS-001, OPS-002 et OPS-003. Faites "
                "relire au moins une procédure par son responsable interne, puis enregistrez la "
                "revue avec `classeur review` : le savoir ne doit pas rester chez le prestataire "
                "seul.",
            )
        ],
    )


def test_company_review_older_than_the_period_does_not_count(binder):
    old = {"last_reviewed": "2025-02-01"}
    root = binder(
        {
            **ready_files(),
            "procedures/ops/a.md": doc(review_every="2 years", **old),
            "procedures/ops/incident.md": doc(
                id="OPS-002", type="runbook", review_every="2 years", **old
            ),
            PLAN: doc(id="OPS-003", type="handover", body=PLAN_BODY, review_every="2 years", **old),
        }
    )
    assert [c for c, _ in unmet(ops(root))] == ["company-review"]


def test_indicator_reports_unmet_when_the_last_due_month_is_missing(binder):
    root = binder(ready_files())
    december = replace(JANUARY, period=Period(2025, 12))
    function = ops(root, with_indicators(check(root, today=TODAY), december))
    assert (function.score, unmet(function)) == (
        90,
        [
            (
                "indicator-reports",
                "Mesures de janvier 2026 non transmises (attendues le 10 février 2026) : "
                "OPS-DELAI. Demandez-les au prestataire : pilotage/mesures/2026-01.csv, par pull "
                "request.",
            )
        ],
    )


def test_without_indicators_their_weight_is_shared_by_the_other_criteria(binder):
    root = binder({**ready_files(), "pilotage/exercices/2026-02-01-ops.md": "---\n"})
    function = ops(root, check(root, today=TODAY))  # no indicator: 90 points apply, 80 are met
    indicators = next(o for o in function.outcomes if o.criterion is Criterion.INDICATOR_REPORTS)
    assert (indicators.met, function.score) == (None, 89)


def test_no_handover_plan_fails_the_plan_and_its_sections(binder):
    files = ready_files()
    del files[PLAN]
    function = ops(binder(files))
    assert (function.score, function.state, [c for c, _ in unmet(function)]) == (
        60,
        State.FRAGILE,
        ["handover-plan", "handover-sections"],
    )


def test_an_overdue_plan_is_not_in_force(binder):
    stale_plan = doc(id="OPS-003", type="handover", body=PLAN_BODY, last_reviewed="2025-01-10")
    function = ops(binder({**ready_files(), PLAN: stale_plan}))
    assert unmet(function)[0] == (
        "handover-plan",
        "Le plan de réversibilité n'a pas été revu à temps (revue prévue le 10 janvier 2026) : "
        "OPS-003. Relisez-le avec le prestataire, puis enregistrez la revue avec "
        "`classeur review`.",
    )


def test_state_follows_the_thresholds_of_readiness_yml(binder):
    files = ready_files()
    del files["pilotage/exercices/2026-02-01-ops.md"]
    thresholds = "thresholds: {ready: 95, fragile: 90}\n"
    function = ops(binder({**files, "access_policies/readiness.yml": thresholds}))
    assert (function.score, function.state) == (90, State.FRAGILE)


def test_weights_of_readiness_yml_replace_the_defaults(binder):
    files = ready_files()
    del files["pilotage/exercices/2026-02-01-ops.md"]
    function = ops(
        binder({**files, "access_policies/readiness.yml": "weights: {recent-drill: 0}\n"})
    )
    assert function.score == 100


def test_a_drill_dated_after_today_is_not_counted(binder):
    future = DRILL.replace("2026-02-01", "2026-04-01")
    function = ops(binder({**ready_files(), "pilotage/exercices/2026-02-01-ops.md": future}))
    assert (function.last_drill, [c for c, _ in unmet(function)]) == (None, ["recent-drill"])
