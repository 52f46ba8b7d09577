from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

from classeur.git.history import load_history
from classeur.git.pilotage import Header, PilotageHistory, read_pilotage_history
from classeur.model.indicators import Period
from classeur.model.records import DocType, Duration, Status
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit, git

HEADER = "periode;indicateur;valeur;transmis_le\n"
SEPTEMBER, OCTOBER = Period(2026, 9), Period(2026, 10)
FAR = date(2027, 1, 1)


def read(root: Path, *, since: date = date(2026, 1, 1), until: date = FAR) -> PilotageHistory:
    return read_pilotage_history(
        root, load_history(root), folders=("procedures",), since=since, until=until
    )


def repo(tmp_path: Path, files: dict[str, str], day: str = "2026-11-04") -> Path:
    root = make_binder(tmp_path, {})
    commit(root, {**POLICY, **files}, "Mesures", day=day)
    return root


def test_a_row_is_dated_by_the_first_commit_that_brought_it(tmp_path):
    root = repo(tmp_path, {"pilotage/mesures/2026-10.csv": HEADER + "2026-10;IT-DELAI;7;\n"})
    commit(
        root,
        {"pilotage/mesures/2026-10.csv": HEADER + "2026-10;IT-DELAI;7;\n2026-10;IT-SATISF;86;\n"},
        "Satisfaction",
        day="2026-11-12",
    )
    submissions = read(root).submissions
    assert submissions.first_seen("IT-DELAI", OCTOBER) == date(2026, 11, 4)
    assert submissions.first_seen("IT-SATISF", OCTOBER) == date(2026, 11, 12)
    assert submissions.first_seen("IT-DELAI", SEPTEMBER) is None


def test_a_value_changed_later_is_a_correction(tmp_path):
    path = "pilotage/mesures/2026-10.csv"
    root = repo(tmp_path, {path: HEADER + "2026-10;IT-DELAI;9;\n"})
    commit(root, {path: HEADER + "2026-10;IT-DELAI;11;\n"}, "Correction", day="2026-11-20")
    commit(
        root, {path: HEADER + "2026-10;IT-DELAI;11;\n2026-10;X-Y;1;\n"}, "Ajout", day="2026-11-21"
    )
    assert read(root).submissions.values("IT-DELAI", OCTOBER) == (9, 11)


def test_a_row_moved_to_another_file_with_its_value_is_no_correction(tmp_path):
    root = repo(tmp_path, {"pilotage/mesures/tout.csv": HEADER + "2026-10;IT-DELAI;9;\n"})
    commit(
        root,
        {
            "pilotage/mesures/tout.csv": None,
            "pilotage/mesures/2026-10.csv": HEADER + "2026-10;IT-DELAI;9;\n",
        },
        "Un fichier par mois",
        day="2026-11-20",
    )
    submissions = read(root).submissions
    assert submissions.values("IT-DELAI", OCTOBER) == (9,)
    assert submissions.first_seen("IT-DELAI", OCTOBER) == date(2026, 11, 4)


def test_french_numbers_and_comma_separated_files_are_read(tmp_path):
    root = repo(
        tmp_path,
        {
            "pilotage/mesures/a.csv": "\ufeffperiode;indicateur;valeur\n2026-10;FAC-DELAI;1,5\n2026-10;FAC-SATISF;1\u202f234,5\n",
            "pilotage/mesures/b.csv": "periode,indicateur,valeur\n2026-10,IT-DELAI,7.5\n",
        },
    )
    submissions = read(root).submissions
    assert [submissions.values(i, OCTOBER) for i in ("FAC-DELAI", "FAC-SATISF", "IT-DELAI")] == [
        (1.5,),
        (1234.5,),
        (7.5,),
    ]


def test_rows_that_were_invalid_in_the_past_are_skipped(tmp_path):
    rows = "2026-13;IT-DELAI;7\noctobre;IT-DELAI;7\n2026-10;IT-DELAI;beaucoup\n2026-10;IT-SATISF\n"
    root = repo(tmp_path, {"pilotage/mesures/2026-10.csv": HEADER + rows + "2026-10;FAC-DELAI;2\n"})
    assert dict(read(root).submissions.rows).keys() == {("FAC-DELAI", OCTOBER)}


def test_commits_after_until_are_ignored(tmp_path):
    path = "pilotage/mesures/2026-10.csv"
    root = repo(tmp_path, {path: HEADER + "2026-10;IT-DELAI;9;\n"})
    commit(root, {path: HEADER + "2026-10;IT-DELAI;11;\n"}, "Correction", day="2026-11-20")
    assert read(root, until=date(2026, 11, 16)).submissions.values("IT-DELAI", OCTOBER) == (9,)


def test_files_outside_the_measurements_folder_are_not_measurements(tmp_path):
    root = repo(tmp_path, {"pilotage/brouillon.csv": HEADER + "2026-10;IT-DELAI;9;\n"})
    assert read(root).submissions.rows == {}


REVIEWED = doc(last_reviewed="2026-01-10", review_every="6 months", owners="[ops, team:paie]")


def test_a_document_header_is_read_as_it_stood_on_a_day(tmp_path):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED}, day="2026-01-15")
    commit(
        root,
        {"procedures/a.md": REVIEWED.replace("2026-01-10", "2026-07-20")},
        "Revue",
        day="2026-07-20",
    )
    [timeline] = read(root).documents
    before = Header(
        "OPS-001",
        DocType.PROCEDURE,
        "ops",
        Status.ACTIVE,
        ("ops", "team:paie"),
        ("staff", "provider"),
        date(2026, 1, 10),
        Duration(months=6, text="6 months"),
    )
    assert timeline.path == "procedures/a.md"
    assert timeline.at(date(2026, 1, 14)) is None
    assert timeline.at(date(2026, 7, 19)) == before
    assert timeline.at(date(2026, 7, 20)) == replace(before, last_reviewed=date(2026, 7, 20))


def test_a_deleted_document_has_no_header_after_its_deletion(tmp_path):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED}, day="2026-01-15")
    commit(root, {"procedures/a.md": None}, "Suppression", day="2026-03-02")
    [timeline] = read(root).documents
    assert (timeline.at(date(2026, 3, 1)) is None, timeline.at(date(2026, 3, 2))) == (False, None)


def test_an_unreadable_header_counts_as_no_header(tmp_path):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED}, day="2026-01-15")
    commit(root, {"procedures/a.md": "---\nid: [\n---\nTexte\n"}, "Cassé", day="2026-02-01")
    [timeline] = read(root).documents
    assert timeline.at(date(2026, 2, 1)) is None


def test_edits_count_text_changes_not_reviews_nor_the_creation(tmp_path):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED}, day="2026-10-01")
    commit(root, {"procedures/a.md": REVIEWED + "Deux.\n"}, "Texte", day="2026-10-05")
    commit(
        root,
        {"procedures/a.md": REVIEWED.replace("2026-01-10", "2026-10-06") + "Deux.\n"},
        "Revue",
        day="2026-10-06",
    )
    commit(root, {"procedures/a.md": REVIEWED + "Trois.\n"}, "Texte", day="2026-10-20")
    commit(root, {"procedures/a.md": REVIEWED + "Quatre.\n"}, "Texte", day="2026-11-02")
    [timeline] = read(root).documents
    assert (timeline.edits(OCTOBER), timeline.changed_in(OCTOBER)) == (2, True)
    assert timeline.changed_in(SEPTEMBER) is False


def test_versions_before_since_are_kept_only_for_what_stood_then(tmp_path):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED}, day="2025-01-15")
    commit(root, {"procedures/a.md": REVIEWED + "x\n"}, "Texte", day="2025-06-01")
    commit(root, {"procedures/a.md": REVIEWED + "y\n"}, "Texte", day="2026-03-01")
    [timeline] = read(root, since=date(2025, 12, 31)).documents
    assert [v.day for v in timeline.versions] == [date(2025, 6, 1), date(2026, 3, 1)]


def test_only_documents_under_the_sources_are_followed(tmp_path):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED, "site_src/index.md": REVIEWED})
    assert [t.path for t in read(root).documents] == ["procedures/a.md"]


def test_the_history_starts_at_the_first_commit_even_after_until(tmp_path):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED}, day="2026-11-26")
    found = read(root, until=date(2026, 11, 16))
    assert (found.start, found.documents, found.gap) == (date(2026, 11, 26), (), None)


def test_all_blobs_are_read_by_one_git_process(tmp_path, monkeypatch):
    root = repo(tmp_path, {"procedures/a.md": REVIEWED}, day="2026-01-02")
    for month in range(2, 10):
        commit(
            root,
            {
                "procedures/a.md": REVIEWED + f"Étape {month}.\n",
                f"pilotage/mesures/2026-0{month - 1}.csv": HEADER
                + f"2026-0{month - 1};IT-DELAI;{month};\n",
            },
            "Mois",
            day=f"2026-0{month}-05",
        )
    history = load_history(root)
    calls = []
    run = subprocess.run

    def counted(args, **options):
        calls.append(args)
        return run(args, **options)

    monkeypatch.setattr(subprocess, "run", counted)
    found = read_pilotage_history(
        root, history, folders=("procedures",), since=date(2026, 1, 1), until=FAR
    )
    assert calls == [["git", "cat-file", "--batch"]]
    assert found.submissions.first_seen("IT-DELAI", Period(2026, 8)) == date(2026, 9, 5)


def test_a_second_read_of_the_same_head_runs_no_git(tmp_path, monkeypatch):
    root = repo(tmp_path, {"pilotage/mesures/a.csv": HEADER + "2026-10;IT-DELAI;9;\n"})
    first = read(root)
    monkeypatch.setattr(subprocess, "run", None)  # any Git process would fail
    assert read(root) is first


def test_without_a_repository_the_history_is_empty_and_says_why(tmp_path):
    root = make_binder(tmp_path, {"procedures/a.md": REVIEWED})
    found = read(root)
    assert (found.submissions.rows, found.documents, found.start, found.gap) == (
        {},
        (),
        None,
        "not-a-repository",
    )


def test_a_shallow_clone_gives_no_history_rather_than_a_truncated_one(tmp_path):
    origin = repo(tmp_path / "origin", {"pilotage/mesures/a.csv": HEADER + "2026-10;IT-DELAI;9;\n"})
    commit(origin, {"procedures/a.md": REVIEWED}, "Deux", day="2026-11-20")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    found = read(clone)
    assert (found.submissions.rows, found.documents, found.start, found.gap) == (
        {},
        (),
        None,
        "shallow-clone",
    )
