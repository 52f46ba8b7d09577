"""History on the site never tells an audience about what it may not read."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import POLICY, doc
from tests.gitrepo import commit
from tests.site.conftest import REPO, every_byte

CANARY = "Canari historique 4e1f"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_src", root / "site_src")
    visible = doc(title="Procédure visible", last_reviewed="2026-01-01")
    secret = doc(id="OPS-002", title=CANARY, access="[secret]", last_reviewed="2026-01-01")
    commit(
        root,
        {**POLICY, "procedures/visible.md": visible},
        "Création de la procédure visible",
        day="2026-01-05",
    )
    commit(root, {"procedures/secret.md": secret}, f"Ajout de {CANARY}", day="2026-01-06")
    commit(
        root,
        {"procedures/visible.md": visible + "Deux.\n", "procedures/secret.md": secret + "Deux.\n"},
        f"Aligne la procédure visible sur {CANARY} (procedures/secret.md)",
        day="2026-01-07",
    )
    commit(
        root,
        {"procedures/visible.md": visible + "Deux.\nTrois.\n"},
        "Étape trois ajoutée",
        day="2026-01-08",
        email="vendor@example.fr",
    )
    out = root / "public"
    assert (
        build_sites(
            root, ["staff", "management"], out, today=date(2026, 3, 1), renderer=MKDOCS
        ).findings
        == ()
    )
    return out


def test_restricted_title_in_a_commit_message_never_reaches_another_site(public):
    site = every_byte(public / "staff")
    assert CANARY.encode() not in site
    assert b"procedures/secret.md" not in site


def test_page_history_lists_commits_with_authors_and_version(public):
    page = (public / "staff/procedures/visible/index.html").read_text(encoding="utf-8")
    assert "Version 3." in page
    assert "Étape trois ajoutée" in page and "Victor Vendor" in page
    assert "Modification de plusieurs documents" in page  # the commit that also touched the secret


def test_recent_changes_skip_commits_on_unreadable_documents_only(public):
    staff = (public / "staff/modifications/index.html").read_text(encoding="utf-8")
    management = (public / "management/modifications/index.html").read_text(encoding="utf-8")
    assert staff.count("<tr>") == 1 + 3  # header + the three commits touching the visible page
    assert CANARY in management and management.count("<tr>") == 1 + 4


def test_changed_since_review_shows_on_the_page_and_the_dashboard(public):
    page = (public / "staff/procedures/visible/index.html").read_text(encoding="utf-8")
    assert "Modifié depuis la revue" in page
    dashboard = (public / "staff/revues/index.html").read_text(encoding="utf-8")
    changed = dashboard.split('<h2 id="modifies-depuis-leur-derniere-revue"')[1].split("<h2")[0]
    assert "Procédure visible" in changed
