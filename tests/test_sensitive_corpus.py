"""Precision and recall of the content guard (#14): on a generated corpus of planted values
and near-misses (bench/generate_sensitive.py), and on the sample binder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bench.generate_sensitive import generate_sensitive, measure
from classeur.binder.check import check

REPO = Path(__file__).resolve().parent.parent
REFERENCE_DAY = date(2026, 11, 16)


def test_every_planted_value_is_reported_and_no_near_miss_is(tmp_path):
    corpus = generate_sensitive(tmp_path / "guard", documents=24, seed=14)
    assert len(corpus.planted) == 24 * 13 and corpus.near_misses == 24 * 11
    recall, false_findings, missed = measure(corpus)
    assert (recall, false_findings, missed) == (1.0, 0, 0)


def test_the_corpus_plants_every_class_in_documents_and_attachments(tmp_path):
    corpus = generate_sensitive(tmp_path / "guard", documents=2, seed=14)
    classes = {p.data_class for p in corpus.planted}
    suffixes = {p.path.rsplit(".", 1)[1] for p in corpus.planted}
    assert (classes, suffixes) == (
        {"iban", "bic", "nir", "card", "secret"},
        {"md", "txt", "csv", "pdf", "docx"},
    )


def test_the_sample_binder_holds_no_sensitive_finding():
    report = check(REPO, today=REFERENCE_DAY)
    assert [f.render() for f in report.findings if f.code.startswith("sensitive")] == []
