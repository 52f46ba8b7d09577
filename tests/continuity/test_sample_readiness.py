"""The sample binder's readiness on its reference day: two functions ready, one planted
fragile (its plan still a draft, never drilled), the others without a plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.continuity.readiness import Readiness, readiness_of
from classeur.continuity.words import State

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def sample() -> Readiness:
    return readiness_of(REPO, check(REPO, today=date(2026, 11, 16)))


def test_each_outsourced_function_has_its_planted_state(sample):
    states = {f.function: f.state for f in sample.functions}
    assert states == {
        "facturation": State.READY,
        "paie": State.READY,
        "tickets-it": State.FRAGILE,
        "relances-clients": State.NOT_READY,
        "administration-personnel": State.NOT_READY,
        "achats-fournisseurs": State.NOT_READY,
        "accueil-standard": State.NOT_READY,
        "support-equipes": State.NOT_READY,
        "maintenance-documentaire": State.NOT_READY,
        "deplacements": State.NOT_READY,
    }


def test_the_fragile_function_lacks_an_active_plan_and_a_drill(sample):
    (tickets,) = (f for f in sample.functions if f.function == "tickets-it")
    assert [o.criterion.value for o in tickets.missing] == ["handover-plan", "recent-drill"]


def test_the_sample_drills_are_the_last_ones_of_their_function(sample):
    last = {f.function: f.last_drill.path for f in sample.functions if f.last_drill}
    assert last == {
        "facturation": "pilotage/exercices/2026-06-18-facturation.md",
        "paie": "pilotage/exercices/2026-09-15-paie.md",
    }
