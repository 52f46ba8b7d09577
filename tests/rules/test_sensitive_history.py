from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.generate_sensitive import generate_sensitive
from classeur.binder.check import check
from classeur.cli.main import main
from classeur.git.history import load_history
from classeur.model.history import History
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit

TODAY = date(2026, 3, 1)
IBAN = "FR76 3000 4000 3100 0123 4567 865"
IBAN_MASKED = "FR76 •••• •••• •••• •••• •••• 865"
IBAN_FINGERPRINT = "39a37236055a"
PASSWORD = "K9#vLm2qPz"
NIR = "2 69 05 49 588 157 80"
SHARED = POLICY["access_policies/sources.yml"].replace("[company]", "[company, provider]")
# IBANs only in documents tagged `secret`, which the management audience (company) reads.
ALLOWED = "classes:\n  iban: [secret]\n"
PLAIN = doc()
WITH_IBAN = doc(body=f"Étape une.\n\nVirement sur le compte {IBAN}.\n")
HISTORY_FIX = (
    "then rewrite the history: in a fresh clone, run `git filter-repo --replace-text "
    "../replacements.txt`, where replacements.txt holds the value as written here in {sha} "
    "followed by `==>***REMOVED***`, force-push every branch and tag and have every clone "
    "deleted and cloned again; then mark it handled under `handled:` in "
    "access_policies/sensitive-data.yml with `fingerprint: {fingerprint}`, a reason and the date."
)


def in_history(root: Path) -> list[str]:
    report = check(root, today=TODAY, history=load_history(root), values_in_history=True)
    return [f.render() for f in report.findings if f.code == "sensitive-data-in-history"]


def committed_then_removed(tmp_path: Path, policy: dict[str, str], text: str = WITH_IBAN) -> str:
    """A repository where `text` was procedures/a.md, then its value was removed: its sha."""
    root = make_binder(tmp_path, {})
    added = commit(root, {**POLICY, **policy, "procedures/a.md": text}, "Ajout", day="2026-01-10")
    commit(root, {"procedures/a.md": text + "Étape deux.\n"}, "Suite", day="2026-01-15")
    commit(root, {"procedures/a.md": PLAIN}, "Retrait", day="2026-01-20")
    return added[:7]


def test_a_removed_value_is_reported_once_at_the_commit_that_added_it(tmp_path):
    sha = committed_then_removed(
        tmp_path,
        {"access_policies/sources.yml": SHARED, "access_policies/sensitive-data.yml": ALLOWED},
    )
    assert in_history(tmp_path) == [
        f"procedures/a.md:14:24: sensitive-data-in-history: a bank account number (IBAN) "
        f"{IBAN_MASKED} was committed in {sha} (2026-01-10) and is no longer in the text, "
        'but the Git history of source "main" still holds it, and the provider can read that '
        "repository. Treat the bank details as disclosed: have them changed, or warn their "
        f"holder; {HISTORY_FIX.format(sha=sha, fingerprint=IBAN_FINGERPRINT)}"
    ]


def test_a_value_marked_handled_is_not_reported(tmp_path):
    handled = (
        ALLOWED + f"handled:\n  - fingerprint: {IBAN_FINGERPRINT}\n"
        "    reason: Compte clôturé, historique réécrit.\n    date: 2026-02-01\n"
    )
    committed_then_removed(
        tmp_path,
        {"access_policies/sources.yml": SHARED, "access_policies/sensitive-data.yml": handled},
    )
    assert in_history(tmp_path) == []


def test_a_class_company_readers_may_see_is_not_reported_in_a_company_only_repository(tmp_path):
    committed_then_removed(tmp_path, {"access_policies/sensitive-data.yml": ALLOWED})
    assert in_history(tmp_path) == []


def test_without_a_policy_file_nothing_may_be_seen_even_by_the_company(tmp_path):
    sha = committed_then_removed(tmp_path, {})
    [finding] = in_history(tmp_path)
    assert f"committed in {sha} (2026-01-10)" in finding
    assert "and the company can read that repository" in finding


def test_a_secret_is_reported_even_in_a_company_only_repository(tmp_path):
    sha = committed_then_removed(
        tmp_path,
        {"access_policies/sensitive-data.yml": ALLOWED},
        doc(body=f"Étape une.\n\nMot de passe : {PASSWORD}\n"),
    )
    assert in_history(tmp_path) == [
        f"procedures/a.md:14:16: sensitive-data-in-history: a secret (password, key or token) "
        f"•••••••• was committed in {sha} (2026-01-10) and is no longer in the text, but the "
        'Git history of source "main" still holds it, and the company can read that '
        "repository. Rotate the secret (revoke it, keep the new one in the vault); "
        f"{HISTORY_FIX.format(sha=sha, fingerprint='b1b45c7b7432')}"
    ]


def test_a_value_still_in_the_current_text_is_left_to_the_sensitive_data_rule(tmp_path):
    committed_then_removed(
        tmp_path,
        {
            "access_policies/sources.yml": SHARED,
            "access_policies/sensitive-data.yml": ALLOWED,
            "procedures/b.md": doc(id="OPS-002", access="[secret]", body=f"Compte : {IBAN}\n"),
        },
    )
    assert in_history(tmp_path) == []


def test_a_value_removed_only_in_the_working_tree_is_reported(tmp_path):
    root = make_binder(tmp_path, {})
    sha = commit(root, {**POLICY, "procedures/a.md": WITH_IBAN}, "Ajout", day="2026-01-10")
    (root / "procedures/a.md").write_text(PLAIN, encoding="utf-8")
    [finding] = in_history(root)
    assert f"was committed in {sha[:7]} (2026-01-10)" in finding


def test_an_attachment_that_held_a_value_is_reported_at_its_own_path(tmp_path):
    root = make_binder(tmp_path, {})
    files = {
        **POLICY,
        "procedures/a.md": PLAIN,
        "procedures/salaries.csv": f"nom;nir\nDupont;{NIR}\n",
    }
    commit(root, files, "Ajout", day="2026-01-10")
    commit(root, {"procedures/salaries.csv": "nom;nir\n"}, "Retrait", day="2026-01-20")
    [finding] = in_history(root)
    assert finding.startswith(
        "procedures/salaries.csv:2:8: sensitive-data-in-history: a social security number "
        "(NIR) 2 •• •• •• ••• ••• 80 was committed in"
    )


def test_a_submodule_is_read_in_its_own_repository(tmp_path):
    sources = POLICY["access_policies/sources.yml"] + (
        "  - id: interne\n    path: procedures/interne\n    kind: submodule\n"
        "    readers: [company, provider]\n"
    )
    root = make_binder(tmp_path, {})
    commit(
        root,
        {**POLICY, "access_policies/sources.yml": sources, "procedures/a.md": PLAIN},
        "init",
        day="2026-01-05",
    )
    inner = root / "procedures/interne"
    inner.mkdir()
    sha = commit(
        inner, {"b.md": WITH_IBAN.replace("OPS-001", "OPS-002")}, "Ajout", day="2026-01-10"
    )
    commit(inner, {"b.md": PLAIN.replace("OPS-001", "OPS-002")}, "Retrait", day="2026-01-20")
    [finding] = in_history(root)
    assert finding.startswith("procedures/interne/b.md:14:24: sensitive-data-in-history: ")
    assert (
        f'committed in {sha[:7]} (2026-01-10) and is no longer in the text, but the Git history of source "interne"'
        in finding
    )


def test_without_history_nothing_is_read(tmp_path):
    committed_then_removed(tmp_path, {})
    report = check(tmp_path, today=TODAY, history=None)
    assert [f for f in report.findings if f.code == "sensitive-data-in-history"] == []


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_check_output_shows_the_value_masked_never_raw(tmp_path, fmt):
    committed_then_removed(tmp_path, {})
    result = CliRunner().invoke(
        main, ["check", "--root", str(tmp_path), "--today", TODAY.isoformat(), "--format", fmt]
    )
    assert "sensitive-data-in-history" in result.output
    if fmt == "json":  # JSON escapes the bullets: read it back
        messages = [d["message"] for d in json.loads(result.output)["diagnostics"]]
        assert any(IBAN_MASKED in m for m in messages)
    else:
        assert IBAN_MASKED in result.output
    for written in (IBAN, IBAN.replace(" ", ""), IBAN.replace(" ", "-"), "3000 4000 3100"):
        assert written not in result.output


def test_the_sample_binder_history_holds_no_value():
    root = Path(__file__).resolve().parents[2]
    # A history record without commits: the history scan runs, nothing is cached in the clone.
    report = check(
        root, today=date(2026, 11, 16), history=History({}, "HEAD"), values_in_history=True
    )
    assert [f.render() for f in report.findings if f.code == "sensitive-data-in-history"] == []


def test_every_value_planted_then_removed_is_found_once_in_history(tmp_path):
    corpus = generate_sensitive(tmp_path / "guard", documents=6, seed=14)
    root = corpus.root
    (root / "access_policies/sources.yml").write_text(SHARED, encoding="utf-8")
    commit(root, {}, "Classeur avec valeurs", day="2026-01-10")
    commit(
        root,
        {p.path: None for p in corpus.planted if (root / p.path).exists()},
        "Retrait",
        day="2026-01-20",
    )
    report = check(root, today=TODAY, history=load_history(root), values_in_history=True)
    found = [
        (f.path, f.message.split("`fingerprint: ")[1][:12])
        for f in report.findings
        if f.code == "sensitive-data-in-history"
    ]
    assert sorted(found) == sorted({(p.path, p.fingerprint) for p in corpus.planted})
