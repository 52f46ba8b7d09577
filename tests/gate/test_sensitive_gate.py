from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.gate.prcheck import pr_check
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit, git

PROVIDER = "vendor@example.fr"
OWNER = "ops@example.fr"
OLD_IBAN = "FR76 3000 6000 0112 3456 7890 189"
NEW_IBAN = "FR76 3000 4000 3100 0123 4567 865"
OLD_MASKED = "FR76 •••• •••• •••• •••• •••• 189"
NEW_MASKED = "FR76 •••• •••• •••• •••• •••• 865"
NIR = "2 69 05 49 588 157 80"
# Bank details and NIR only in documents tagged `secret` (read by management, a company audience).
GUARD = "classes:\n  iban: [secret]\n  bic: [secret]\n  nir: [secret]\n"
FINANCE = doc(
    id="OPS-003",
    title="Règlement du fournisseur",
    access="[secret]",
    maintainers="[vendor]",
    body=f"Virement au fournisseur.\n\nIBAN : {OLD_IBAN}\nBIC : BNPAFRPPXXX\n",
)
STAFF = doc(id="OPS-004", access="[staff]", maintainers="[vendor]")
FRAUD_FIX = (
    "A change of bank details is how payment fraud starts: an internal owner of the "
    "document (ops) must make or approve it, after confirming the new details with their "
    "holder by a channel already known (not one given in the request)."
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    files = {
        **POLICY,
        "access_policies/sensitive-data.yml": GUARD,
        "procedures/fournisseur.md": FINANCE,
        "procedures/accueil.md": STAFF,
        "mkdocs.yml": "site_name: x\n",
    }
    commit(root, files, "base", day="2026-01-10")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def rendered(root: Path) -> list[tuple[str, str]]:
    return [(f.render(), f.severity.label) for f in pr_check(root, "main").findings]


def test_an_iban_changed_in_an_allowed_document_needs_its_owner(repo):
    changed = FINANCE.replace(OLD_IBAN, NEW_IBAN)
    commit(repo, {"procedures/fournisseur.md": changed}, "rib", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == [
        (
            "procedures/fournisseur.md:15:8: bank-details-changed: OPS-003: bank details "
            f"changed: IBAN {OLD_MASKED} → {NEW_MASKED}. {FRAUD_FIX}",
            "error",
        )
    ]


def test_the_owner_changing_bank_details_is_still_told(repo):
    changed = FINANCE.replace(OLD_IBAN, NEW_IBAN)
    commit(repo, {"procedures/fournisseur.md": changed}, "rib", day="2026-01-11", email=OWNER)
    assert [(f.code, f.severity.label) for f in pr_check(repo, "main").findings] == [
        ("bank-details-changed", "notice")
    ]


def test_bank_details_removed_and_a_bic_changed(repo):
    changed = FINANCE.replace(f"IBAN : {OLD_IBAN}\n", "").replace("BNPAFRPPXXX", "AGRIFRPP")
    commit(repo, {"procedures/fournisseur.md": changed}, "rib", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == [
        (
            "procedures/fournisseur.md:15:7: bank-details-changed: OPS-003: bank details "
            f"changed: IBAN {OLD_MASKED} → none; BIC BNPA••••••• → AGRI••••. {FRAUD_FIX}",
            "error",
        )
    ]


def test_an_iban_written_differently_is_no_change(repo):
    changed = FINANCE.replace(OLD_IBAN, OLD_IBAN.replace(" ", ""))
    commit(repo, {"procedures/fournisseur.md": changed}, "rib", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == []


def test_a_new_document_with_an_iban_is_a_change_of_bank_details(repo):
    new = FINANCE.replace("OPS-003", "OPS-005")
    commit(repo, {"procedures/autre.md": new}, "nouveau", day="2026-01-11", email=OWNER)
    assert [f.render() for f in pr_check(repo, "main").findings] == [
        "procedures/autre.md:15:8: bank-details-changed: OPS-005: bank details changed: IBAN "
        f"none → {OLD_MASKED}; BIC none → BNPA•••••••. {FRAUD_FIX}"
    ]


def test_an_attachment_whose_iban_changes_names_the_documents_linking_it(repo):
    linking = FINANCE + "Voir le [RIB](rib.csv).\n"
    on_main = {"procedures/fournisseur.md": linking, "procedures/rib.csv": f"iban\n{OLD_IBAN}\n"}
    git(repo, "checkout", "-q", "main")
    commit(repo, on_main, "rib", day="2026-01-10")
    git(repo, "checkout", "-q", "-B", "pr")
    csv = f"iban\n{NEW_IBAN}\n"
    commit(repo, {"procedures/rib.csv": csv}, "rib", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == [
        (
            "procedures/rib.csv:2:1: bank-details-changed: procedures/rib.csv (attachment linked "
            f"by OPS-003): bank details changed: IBAN {OLD_MASKED} → {NEW_MASKED}. {FRAUD_FIX}",
            "error",
        )
    ]


def test_the_provider_adding_a_nir_to_a_staff_document_is_an_error(repo):
    added = STAFF + f"\nNIR de l'agent : {NIR}\n"
    commit(repo, {"procedures/accueil.md": added}, "nir", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == [
        (
            "procedures/accueil.md:15:18: sensitive-data-added: vendor adds a social security "
            "number (NIR) 2 •• •• •• ••• ••• 80 to OPS-004, which staff may read but may not "
            "see. access_policies/sensitive-data.yml allows it in documents tagged secret. "
            "Remove it from the pull request (and from its commits); an internal owner may put "
            "it where it is allowed.",
            "error",
        )
    ]


def test_the_provider_adding_a_secret_is_an_error_wherever(repo):
    added = FINANCE + "\nMot de passe : K9#vLm2qPz\n"
    commit(repo, {"procedures/fournisseur.md": added}, "mdp", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == [
        (
            "procedures/fournisseur.md:18:16: sensitive-data-added: vendor adds a secret "
            "(password, key or token) •••••••• to OPS-003. Secrets belong in the vault, never in a text: remove it from the pull request "
            "(and from its commits) and change the secret, which is now exposed.",
            "error",
        )
    ]


def test_a_value_the_readers_may_see_is_not_an_error(repo):
    added = FINANCE + f"\nNIR du gérant : {NIR}\n"
    commit(repo, {"procedures/fournisseur.md": added}, "nir", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == []


def test_the_company_adding_a_nir_is_left_to_check(repo):
    added = STAFF + f"\nNIR de l'agent : {NIR}\n"
    commit(repo, {"procedures/accueil.md": added}, "nir", day="2026-01-11", email=OWNER)
    assert rendered(repo) == []


def test_an_exception_at_the_base_lets_the_value_in(repo):
    git(repo, "checkout", "-q", "main")
    exception = (
        "exceptions:\n  - path: procedures/accueil.md\n    class: nir\n"
        "    fingerprint: dd2e1df6adf8\n    reason: NIR fictif de la formation.\n"
        "    expires: 2027-01-01\n"
    )
    commit(
        repo,
        {"access_policies/sensitive-data.yml": GUARD + exception},
        "exception",
        day="2026-01-10",
    )
    git(repo, "checkout", "-q", "-B", "pr")
    added = STAFF + f"\nNIR de l'agent : {NIR}\n"
    commit(repo, {"procedures/accueil.md": added}, "nir", day="2026-01-11", email=PROVIDER)
    assert rendered(repo) == []


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_no_raw_value_in_any_output_format(repo, fmt):
    changed = FINANCE.replace(OLD_IBAN, NEW_IBAN).replace(
        "title: Règlement du fournisseur", f"title: Règlement sur {NEW_IBAN}"
    )
    added = STAFF + f"\nNIR de l'agent : {NIR}\nMot de passe : K9#vLm2qPz\n"
    files = {"procedures/fournisseur.md": changed, "procedures/accueil.md": added}
    commit(repo, files, "changements", day="2026-01-11", email=PROVIDER)
    result = CliRunner().invoke(main, ["pr-check", "main", "--root", str(repo), "--format", fmt])
    output = (
        json.dumps(json.loads(result.output), ensure_ascii=False)
        if fmt == "json"
        else result.output
    )
    assert result.exit_code == 1
    assert "bank-details-changed" in output
    assert "sensitive-data-added" in output
    assert NEW_MASKED in output
    for raw in (OLD_IBAN, NEW_IBAN, NIR, "K9#vLm2qPz", "BNPAFRPPXXX"):
        for written in {raw, raw.replace(" ", ""), raw.replace(" ", "-")}:
            assert written not in output
