"""The bundled sample binder: valid on its reference day, and as rich as the brief asks."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.model.findings import Severity
from classeur.model.records import DocType
from classeur.model.report import Report

REPO = Path(__file__).resolve().parent.parent
REFERENCE_DAY = date(2026, 11, 16)


@pytest.fixture(scope="module")
def report() -> Report:
    return check(REPO, today=REFERENCE_DAY)


def test_reference_day_is_the_one_make_run_uses():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.findall(r"^REFERENCE_DAY := (\S+)$", makefile, re.M) == [REFERENCE_DAY.isoformat()]


def test_sample_binder_has_no_error(report):
    assert [f.render() for f in report.findings if f.severity is Severity.ERROR] == []


def test_sample_binder_shows_each_review_state(report):
    assert sorted((f.code, f.path.split("/")[-1]) for f in report.findings) == [
        ("due-soon", "cloture-mensuelle-paie.md"),
        ("due-soon", "emission-factures-clients.md"),
        ("due-soon", "panne-messagerie-site.md"),
        ("due-soon", "reservation-deplacements.md"),
        ("overdue", "incident-prestataire-indisponible.md"),
        ("overdue", "relance-impayes-courrier-papier.md"),
    ]


def test_sample_binder_covers_the_brief(report):
    documents = [s.document for s in report.documents]
    assert len(documents) >= 30
    assert {d.function for d in documents} == set(report.policy.functions)
    types = Counter(d.type for d in documents)
    assert types[DocType.RUNBOOK] >= 4 and types[DocType.HANDOVER] >= 4
    tags = {tag for d in documents for tag in d.access}
    assert {"rh-confidentiel", "finance-sensible"} <= tags
    assert sum(1 for d in documents if d.sla) >= 10
    assert sum(1 for d in documents if d.links or d.related) >= 10


def test_sample_audiences_each_read_something_the_others_do_not(report):
    readable = {
        a: {s.document.id for s in report.documents if a in s.audiences}
        for a in report.policy.audiences
    }
    assert readable["staff"] - readable["provider"]
    assert readable["provider"] - readable["staff"]
    assert readable["management"] - readable["staff"] - readable["provider"]
