"""`classeur search` on the judged French queries (tests/data/search_judgements.yml), issue #15."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from classeur.search.service import search
from tests.search.judged import (
    TOP1_TARGET,
    TOP3_TARGET,
    Judgement,
    Score,
    load_judgements,
    score,
)

REPO = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 16)  # the sample binder's reference day


@pytest.fixture(scope="module")
def cli_score(tmp_path_factory: pytest.TempPathFactory) -> Score:
    # A copy: the indexes are written beside the binder, never in the repository.
    root = tmp_path_factory.mktemp("judged")
    for folder in ("procedures", "access_policies", "pilotage"):
        shutil.copytree(REPO / folder, root / folder)

    def ranked(judgement: Judgement) -> list[str]:
        outcome = search(root, judgement.query, audience=judgement.audience, today=TODAY, limit=10)
        ids: list[str] = []
        for hit in outcome.results.hits:
            if hit.kind == "document" and hit.id not in ids:
                ids.append(hit.id)
        return ids

    measured = score(load_judgements(), ranked)
    print(measured.render("classeur search"))  # the figure the issue asks for (pytest -s)
    return measured


def test_the_judged_set_holds_at_least_forty_queries_with_known_audiences() -> None:
    judgements = load_judgements()
    assert len(judgements) >= 40
    assert {j.audience for j in judgements} <= {"staff", "provider", "management"}


def test_cli_search_puts_the_expected_document_first_often_enough(cli_score: Score) -> None:
    assert cli_score.top1 >= TOP1_TARGET, cli_score.render("classeur search")


def test_cli_search_puts_the_expected_document_in_the_top_three(cli_score: Score) -> None:
    assert cli_score.top3 >= TOP3_TARGET, cli_score.render("classeur search")


def test_scoring_counts_rank_one_and_top_three_apart() -> None:
    judgements = [Judgement("a", "staff", ("X-1",)), Judgement("b", "staff", ("Y-1",))]
    ranked = {"a": ["X-1"], "b": ["Z-1", "Z-2", "Y-1"]}
    measured = score(judgements, lambda j: ranked[j.query])
    assert (measured.top1, measured.top3, measured.misses) == (0.5, 1.0, ())
    assert measured.not_first == ("b (staff): ['Z-1', 'Z-2', 'Y-1']",)


def test_scoring_names_the_queries_missing_the_top_three() -> None:
    judgements = [Judgement("paie", "provider", ("PAI-001", "PAI-002"), first_any=2)]
    measured = score(judgements, lambda j: ["ACH-002", "FAC-001", "FAC-003", "PAI-002"])
    assert measured.misses == ("paie (provider): ['ACH-002', 'FAC-001', 'FAC-003']",)
