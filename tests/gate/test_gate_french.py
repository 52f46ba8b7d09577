"""The gate's and the audit's messages read in French under a French locale, with
their plural forms, and stay English otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.gate.changes import Author, DocumentChange, PullRequestReport
from classeur.gate.output import render_pr
from classeur.gate.prcheck import pr_check
from classeur.model.findings import Finding, Severity
from classeur.model.records import Organisation
from classeur.publish.audit import audit_site
from tests.conftest import POLICY, TODAY, doc, make_binder
from tests.gitrepo import commit, git

NB = "\u00a0"  # French typography: a no-break space before « : ; » and inside « »
PROVIDER = "vendor@example.fr"
A = doc(access="[staff]", maintainers="[vendor]")


@pytest.fixture
def widened(tmp_path: Path) -> Path:
    """A pull request in which the provider widens the readers of OPS-001."""
    root = make_binder(tmp_path / "binder", {})
    commit(root, {**POLICY, "procedures/a.md": A}, "base", day="2026-01-10")
    git(root, "checkout", "-q", "-b", "pr")
    opened = A.replace("access: [staff]", "access: [staff, provider]")
    commit(root, {"procedures/a.md": opened}, "ouvre", day="2026-01-11", email=PROVIDER)
    return root


def test_a_pr_check_finding_reads_in_french(french, widened):
    [finding] = pr_check(widened, "main", today=TODAY).findings
    assert finding.render() == (
        "procedures/a.md:8: access-widened: OPS-001 devient lisible par provider. Un "
        "responsable interne du document doit faire ou approuver ce changement."
    )


def test_the_same_finding_reads_in_english_by_default(widened):
    [finding] = pr_check(widened, "main", today=TODAY).findings
    assert finding.render() == (
        "procedures/a.md:8: access-widened: OPS-001 becomes readable by provider. An internal "
        "owner of the document must make or approve this change."
    )


def test_an_audit_finding_reads_in_french(french, tmp_path: Path):
    root = make_binder(
        tmp_path / "binder",
        {
            "procedures/rh/secret.md": doc(id="OPS-050", title="Plan social", access="[secret]"),
            "procedures/ops/visible.md": doc(),
        },
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text("<p>voir secret.md</p>", encoding="utf-8")
    report = check(root, today=TODAY, keep_bodies=True)
    [finding] = audit_site(site, root, report, "staff", include_drafts=False)
    assert finding.render().removeprefix(f"{site.as_posix()}/") == (
        f"404.html: leaked-document: contient le nom de fichier de OPS-050, que le public "
        f"«{NB}staff{NB}» n'a pas le droit de lire. Ne publiez pas ce site{NB}; cherchez "
        f"comment c'est arrivé là (un lien, un commit, un plugin)."
    )


def _report(documents: int) -> PullRequestReport:
    """A pull request by the provider changing `documents` documents, one error each."""
    author = Author(PROVIDER, "vendor", Organisation.PROVIDER)
    report = PullRequestReport("base", "head", [author])
    for number in range(documents):
        path = f"procedures/{number}.md"
        report.changes.append(DocumentChange(path, "M", None, None, [author]))
        report.findings.append(Finding(path, 0, "x", "y.", Severity.ERROR))
    return report


@pytest.mark.parametrize(
    ("documents", "summary"),
    [
        (
            1,
            f"1 document, 0 pièce jointe et 0 autre fichier modifiés par vendor (prestataire){NB}: "
            "1 erreur, 0 autre constat.",
        ),
        (
            2,
            f"2 documents, 0 pièce jointe et 0 autre fichier modifiés par vendor "
            f"(prestataire){NB}: 2 erreurs, 0 autre constat.",
        ),
    ],
)
def test_the_summary_counts_in_french(french, documents: int, summary: str):
    assert render_pr(_report(documents), "github").splitlines()[-1] == summary


@pytest.mark.parametrize(
    ("documents", "summary"),
    [
        (
            1,
            "1 document, 0 attachments and 0 other files changed by vendor (provider): "
            "1 error, 0 other findings.",
        ),
        (
            2,
            "2 documents, 0 attachments and 0 other files changed by vendor (provider): "
            "2 errors, 0 other findings.",
        ),
    ],
)
def test_the_summary_counts_in_english(documents: int, summary: str):
    assert render_pr(_report(documents), "github").splitlines()[-1] == summary
