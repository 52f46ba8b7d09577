"""pr-check on attachments: who may change them, and who may read them."""

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
CONTRACT = "procedures/rh/contrat.pdf"
LINK = "Voir [contrat](rh/contrat.pdf).\n"
# Readers: staff and management for A, management alone for H, everyone for P.
A = doc(access="[staff]", maintainers="[vendor]", body="Voir [formulaire](formulaire.pdf).\n")
H = doc(id="OPS-009", title="RH", access="[secret]", body=LINK)
P = doc(id="OPS-002", title="Presta", access="[staff, provider]", maintainers="[vendor]")
P_LINE = 14  # the line LINK gets when appended to P (a ten-field header, one body line)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_binder(tmp_path, {})
    files = {
        "procedures/a.md": A,
        "procedures/h.md": H,
        "procedures/p.md": P,
        "procedures/formulaire.pdf": "%PDF formulaire\n",
        CONTRACT: "%PDF contrat\n",
    }
    commit(root, {**POLICY, **files}, "base", day="2026-01-10")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def on_main(root: Path, files: dict[str, str]) -> None:
    """Commit `files` on main as an owner, then bring the pull request's branch up to it."""
    git(root, "checkout", "-q", "main")
    commit(root, files, "base", day="2026-01-10", email=OWNER)
    git(root, "checkout", "-q", "pr")
    git(root, "merge", "-q", "--ff-only", "main")


def found(root: Path) -> list[tuple[str, int, str, str]]:
    return [(f.path, f.line, f.code, f.severity.label) for f in pr_check(root, "main").findings]


@pytest.mark.parametrize(("change", "verb"), [("%PDF v2\n", "changes"), (None, "deletes")])
def test_provider_changing_an_attachment_of_documents_it_does_not_maintain(repo, change, verb):
    commit(repo, {CONTRACT: change}, "pj", day="2026-01-11", email=PROVIDER)
    [finding] = pr_check(repo, "main").findings
    assert finding.render() == (
        f"{CONTRACT}: provider-edits-unmaintained: vendor {verb} {CONTRACT}, an attachment "
        "linked only by documents they do not maintain (OPS-009). Add them to `maintainers` "
        "of one of those (an owner's change) or have a maintainer make it."
    )


def test_provider_changing_an_attachment_no_document_links(repo):
    on_main(repo, {"procedures/vieux.pdf": "%PDF\n"})
    commit(repo, {"procedures/vieux.pdf": "%PDF v2\n"}, "pj", day="2026-01-12", email=PROVIDER)
    assert [f.render() for f in pr_check(repo, "main").findings] == [
        "procedures/vieux.pdf: provider-edits-unmaintained: vendor changes "
        "procedures/vieux.pdf, an attachment no document links. Have an internal owner make "
        "this change."
    ]


def test_renamed_attachment_is_judged_under_its_old_name(repo):
    git(repo, "mv", CONTRACT, "procedures/contrat.pdf")
    commit(repo, {}, "déplace", day="2026-01-11", email=PROVIDER)
    assert found(repo) == [
        ("procedures/contrat.pdf", 0, "provider-edits-unmaintained", "error"),
    ]
    [attachment] = pr_check(repo, "main").attachments
    assert (attachment.status, attachment.origin, attachment.linked_by, attachment.owners) == (
        "R",
        CONTRACT,
        ["OPS-009"],
        ["ops"],
    )


def test_provider_editing_an_attachment_it_maintains_counts_as_an_attachment(repo):
    commit(repo, {"procedures/formulaire.pdf": "%PDF v2\n"}, "pj", day="2026-01-11", email=PROVIDER)
    result = CliRunner().invoke(main, ["pr-check", "main", "--root", str(repo)])
    assert result.exit_code == 0
    assert result.output == (
        "procedures/formulaire.pdf (attachment, changed)\n"
        "  linked by: OPS-001\n"
        "  owners: ops\n"
        "0 documents, 1 attachment and 0 other files changed by vendor (provider): "
        "0 errors, 0 other findings.\n"
    )


def test_attachments_in_the_json_report(repo):
    git(repo, "mv", "procedures/formulaire.pdf", "procedures/formulaire-2026.pdf")
    a = A.replace("formulaire.pdf", "formulaire-2026.pdf")
    commit(repo, {"procedures/a.md": a}, "renomme", day="2026-01-11", email=PROVIDER)
    result = CliRunner().invoke(main, ["pr-check", "main", "--root", str(repo), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["attachments"] == [
        {
            "path": "procedures/formulaire-2026.pdf",
            "change": "renamed",
            "from": "procedures/formulaire.pdf",
            "linked_by": ["OPS-001"],
            "owners": ["ops"],
        }
    ]


def test_a_new_link_from_a_wider_document_widens_the_attachment(repo):
    commit(repo, {"procedures/p.md": P + LINK}, "lien", day="2026-01-11", email=OWNER)
    [finding] = pr_check(repo, "main").findings
    assert finding.render() == (
        f"procedures/p.md:{P_LINE}: attachment-access-widened: OPS-002 links {CONTRACT}, an "
        "attachment only management may read at the base: the link shows it to staff, "
        "provider. Link it only from documents with the same readers, or have an internal "
        "owner widen the documents that link it."
    )


def test_widening_a_linking_document_widens_its_attachments(repo):
    wider = H.replace("access: [secret]", "access: [staff, secret]")
    commit(repo, {"procedures/h.md": wider}, "ouvre", day="2026-01-11", email=OWNER)
    assert found(repo) == [
        ("procedures/h.md", 8, "access-widened", "notice"),
        ("procedures/h.md", 12, "attachment-access-widened", "error"),
    ]


def test_the_narrowest_linking_document_unlinking_widens_the_attachment(repo):
    on_main(repo, {"procedures/p.md": P + LINK})  # OPS-002 linked it too, at the base
    unlinked = H.replace(LINK, "Sans lien.\n")
    commit(repo, {"procedures/h.md": unlinked}, "délie", day="2026-01-11", email=OWNER)
    assert [f.render() for f in pr_check(repo, "main").findings] == [
        f"{CONTRACT}: attachment-access-widened: {CONTRACT} becomes readable by staff, "
        "provider: the documents that link it now (OPS-002) are all readable by them. Keep it "
        "linked from a document with its former readers, or have an internal owner make this "
        "change."
    ]


def test_a_copy_under_another_name_keeps_the_readers_of_the_original(repo):
    files = {
        "procedures/presta/contrat.pdf": "%PDF contrat\n",  # the same bytes as CONTRACT
        "procedures/p.md": P + "Voir [contrat](presta/contrat.pdf).\n",
    }
    commit(repo, files, "copie", day="2026-01-11", email=PROVIDER)
    assert found(repo) == [("procedures/p.md", P_LINE, "attachment-access-widened", "error")]
