from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.common.errors import PortalError
from classeur.git.history import load_history
from classeur.model.frozenmap import FrozenMap
from classeur.model.indicators import Period
from classeur.model.report import Report
from classeur.pilotage.records import DebtPoint
from classeur.pilotage.steering import steering_pack
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit
from tests.pilotage.planted import INDICATORS, MONTH, PLANTED, TODAY, measurements

# The conftest policy has no `management` tag: its management audience reads `secret`.
CONTRACT = tuple(
    i.model_copy(update={"access": ["secret"]}) if i.id == "PIL-ARBITRAGES" else i
    for i in INDICATORS
)
TICKETS = doc(id="IT-001", title="Traitement des tickets", function="tickets-it", sla="[IT-DELAI]")
PAIE = doc(id="PAI-001", title="Variables de paie", function="paie", access="[provider]")


def report_of(root: Path, *, history: bool = True) -> Report:
    report = check(root, today=TODAY, history=load_history(root) if history else None)
    policy = replace(report.policy, indicators=FrozenMap({i.id: i for i in CONTRACT}))
    return replace(report, policy=policy, measurements=measurements())


def pack_of(root: Path, **options):
    return steering_pack(report_of(root), month=MONTH, root=root, today=TODAY, **options)


def shown(pack) -> list[tuple[str, list[str]]]:
    return [(f.function, [s.indicator.id for s in f.series]) for f in pack.functions]


def test_everything_when_no_audience_is_named(tmp_path):
    pack = pack_of(make_binder(tmp_path, {}))
    assert shown(pack) == [
        ("achats-fournisseurs", ["ACH-CLARIF", "ACH-DELAI"]),
        ("facturation", ["FAC-DELAI", "FAC-ERREURS", "FAC-SATISF"]),
        ("paie", ["PAI-CORRECTIONS", "PAI-DELAI"]),
        ("pilotage-prestation", ["PIL-ARBITRAGES"]),
        ("relances-clients", ["REL-LETTRAGE", "REL-RELANCES"]),
        ("tickets-it", ["IT-DELAI", "IT-SATISF"]),
    ]
    assert {(s.rule, s.function, s.indicator) for f in pack.functions for s in f.signals} == PLANTED


def test_functions_are_sorted_by_their_label(tmp_path):
    root = make_binder(tmp_path, {})
    report = report_of(root)
    functions = {
        "tickets-it": "Assistance informatique",
        "paie": "Paie",
        "facturation": "Facturation",
    }
    labelled = FrozenMap(
        {
            f: report.policy.functions["ops"].model_copy(update={"id": f, "label": label})
            for f, label in functions.items()
        }
    )
    report = replace(report, policy=replace(report.policy, functions=labelled))
    pack = steering_pack(report, month=MONTH, root=root, today=TODAY)
    assert [(f.function, f.label) for f in pack.functions][:3] == [
        ("achats-fournisseurs", "achats-fournisseurs"),
        ("tickets-it", "Assistance informatique"),
        ("facturation", "Facturation"),
    ]


def test_the_provider_sees_its_indicators_and_no_management_only_one(tmp_path):
    pack = pack_of(make_binder(tmp_path, {}), audience="provider")
    assert pack.audience == "provider"
    assert "PIL-ARBITRAGES" not in [s.indicator.id for f in pack.functions for s in f.series]
    assert [f.function for f in pack.functions] == [
        "achats-fournisseurs",
        "facturation",
        "paie",
        "relances-clients",
        "tickets-it",
    ]


def test_staff_does_not_see_payroll(tmp_path):
    pack = pack_of(make_binder(tmp_path, {}), audience="staff")
    assert [f.function for f in pack.functions] == [
        "achats-fournisseurs",
        "facturation",
        "relances-clients",
        "tickets-it",
    ]
    assert {s.indicator for f in pack.functions for s in f.signals} == {
        "ACH-CLARIF",
        "IT-DELAI",
        "IT-SATISF",
        None,
    }


def test_one_function(tmp_path):
    pack = pack_of(make_binder(tmp_path, {}), function="tickets-it")
    assert shown(pack) == [("tickets-it", ["IT-DELAI", "IT-SATISF"])]
    assert [s.rule for s in pack.functions[0].signals] == [
        "non-respect-repete",
        "satisfaction-en-baisse",
    ]


def test_the_pack_shows_twelve_periods_ending_with_the_month(tmp_path):
    [series, _] = pack_of(make_binder(tmp_path, {}), function="tickets-it").functions[0].series
    assert [str(p.period) for p in series.points][::11] == ["2025-11", "2026-10"]
    assert len(series.points) == 12


def test_a_signal_names_the_procedures_whose_sla_lists_the_indicator(tmp_path):
    root = make_binder(tmp_path, {"procedures/it.md": TICKETS, "procedures/paie.md": PAIE})
    signals = {s.indicator: s.documents for f in pack_of(root).functions for s in f.signals}
    assert (signals["IT-DELAI"], signals["IT-SATISF"], signals["PAI-CORRECTIONS"]) == (
        ("IT-001",),
        ("IT-001",),  # none lists it: the function's documents
        ("PAI-001",),
    )


def test_a_signal_names_no_document_the_audience_may_not_read(tmp_path):
    hidden = TICKETS.replace("access: [staff, provider]", "access: [provider]")
    root = make_binder(tmp_path, {"procedures/it.md": hidden})
    pack = pack_of(root, audience="staff")
    [signal] = [s for f in pack.functions for s in f.signals if s.indicator == "IT-DELAI"]
    assert signal.documents == ()
    assert pack_of(root, audience="provider").functions[-1].signals[0].documents == ("IT-001",)


def test_unknown_audience_is_refused(tmp_path):
    with pytest.raises(PortalError) as error:
        pack_of(make_binder(tmp_path, {}), audience="direction")
    assert str(error.value) == (
        'unknown audience "direction". Audiences: management, provider, staff (access_policies/).'
    )


def test_unknown_function_is_refused(tmp_path):
    with pytest.raises(PortalError) as error:
        pack_of(make_binder(tmp_path, {}), function="compta")
    assert str(error.value) == (
        'unknown function "compta". Functions: achats-fournisseurs, facturation, ops, paie, '
        "pilotage-prestation, relances-clients, tickets-it (access_policies/functions.yml)."
    )


def test_without_git_the_pack_says_what_it_could_not_reconstruct(tmp_path):
    pack = pack_of(make_binder(tmp_path, {}))
    assert (pack.debt, pack.notices) == (
        (),
        (
            "Historique Git indisponible (le classeur n'est pas un dépôt Git) : les dates de "
            "transmission viennent de la colonne transmis_le seulement, les corrections et la "
            "dette de revue ne sont pas reconstituées. Lancez classeur dans un clone complet du "
            "dépôt (git fetch --unshallow ; fetch-depth: 0 en intégration continue).",
        ),
    )


def binder_with_history(tmp_path: Path) -> Path:
    """IT-001 edited three times in October 2026; OPS-002 overdue from March to May 2026."""
    root = make_binder(tmp_path, {})
    stale = doc(id="OPS-002", last_reviewed="2025-09-01", review_every="6 months")
    commit(root, {**POLICY, "procedures/ops.md": stale}, "Création", day="2025-09-15")
    commit(root, {"procedures/it.md": TICKETS}, "Tickets", day="2026-01-15")
    reviewed = stale.replace("2025-09-01", "2026-06-15")
    commit(root, {"procedures/ops.md": reviewed}, "Revue", day="2026-06-15")
    for day in ("2026-10-02", "2026-10-09", "2026-10-20"):
        commit(root, {"procedures/it.md": TICKETS + f"Étape du {day}.\n"}, "Étape", day=day)
    return root


def test_review_debt_is_reconstructed_month_by_month(tmp_path):
    pack = pack_of(binder_with_history(tmp_path))
    assert [(str(p.period), p.overdue) for p in pack.debt] == [
        ("2025-11", 0),
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 0),
        ("2026-03", 1),
        ("2026-04", 1),
        ("2026-05", 1),
        ("2026-06", 0),
        ("2026-07", 0),
        ("2026-08", 0),
        ("2026-09", 0),
        ("2026-10", 0),
    ]
    assert pack.debt[4] == DebtPoint(Period(2026, 3), 1, (("ops", 1),))
    assert pack.notices == ()


def test_review_debt_counts_only_what_the_audience_reads(tmp_path):
    root = binder_with_history(tmp_path)
    assert [p.overdue for p in pack_of(root, audience="provider").debt][4] == 1
    commit(root, {"procedures/ops.md": None}, "Suppression", day="2025-10-01")
    hidden = doc(
        id="OPS-002", last_reviewed="2025-09-01", review_every="6 months", access="[secret]"
    )
    commit(root, {"procedures/ops.md": hidden}, "Secret", day="2025-10-02")
    assert [p.overdue for p in pack_of(root, audience="provider").debt][4] == 0
    assert [p.overdue for p in pack_of(root).debt][4] == 1


def test_the_month_s_changes_and_git_signals(tmp_path):
    pack = pack_of(binder_with_history(tmp_path), function="tickets-it")
    [tickets] = pack.functions
    assert tickets.changed_documents == ("IT-001",)
    git_signals = [
        (s.rule, s.evidence, s.documents) for s in tickets.signals if s.indicator is None
    ]
    assert git_signals == [
        (
            "procedure-instable",
            "« Traitement des tickets » (IT-001) modifié par 3 commits en octobre 2026",
            ("IT-001",),
        ),
        (
            "modifiee-depuis-revue",
            "1 document modifié depuis sa dernière revue : IT-001",
            ("IT-001",),
        ),
    ]


def test_history_starting_after_the_month_is_said(tmp_path):
    root = make_binder(tmp_path, {})
    commit(root, {**POLICY, "procedures/it.md": TICKETS}, "Création", day="2026-11-26")
    pack = pack_of(root)
    assert (pack.debt, pack.notices) == (
        (),
        (
            "L'historique Git commence le 26 novembre 2026, après octobre 2026 : la dette de "
            "revue n'est pas reconstituée.",
        ),
    )


def test_history_starting_within_the_year_is_said(tmp_path):
    root = make_binder(tmp_path, {})
    commit(root, {**POLICY, "procedures/it.md": TICKETS}, "Création", day="2026-03-01")
    pack = pack_of(root)
    assert [str(p.period) for p in pack.debt] == [f"2026-{m:02d}" for m in range(3, 11)]
    assert pack.notices == (
        "L'historique Git commence le 1er mars 2026 : la dette de revue n'est reconstituée "
        "qu'à partir de mars 2026.",
    )


def test_documents_untouched_in_the_month_are_not_changed(tmp_path):
    pack = pack_of(binder_with_history(tmp_path))
    assert [(f.function, f.changed_documents) for f in pack.functions if f.changed_documents] == [
        ("tickets-it", ("IT-001",))
    ]  # OPS-002, reviewed in June, is not; nor is its function in the pack


def test_one_function_s_pack_counts_only_its_review_debt(tmp_path):
    pack = pack_of(binder_with_history(tmp_path), function="tickets-it")
    assert [p.overdue for p in pack.debt] == [0] * 12
