"""The handover dossier: what it holds, what it never holds, and that it proves itself."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from classeur.binder.check import check
from classeur.common.errors import PortalError
from classeur.model.textextract import extract_text
from classeur.publish.document_pdf import Cover, render_pdfs
from classeur.publish.dossier import DossierFile, verify_dossier
from classeur.publish.dossier_audit import Readable, audit_dossier
from classeur.publish.export import ExportRequest, export_dossier
from classeur.site.offline import make_offline
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.gitrepo import commit, git
from tests.site.conftest import make_site_binder

DAY = date(2026, 3, 1)
FUNCTIONS = """\
functions:
  - id: ops
    label: Opérations
    owner: ops
    outsourced: true
    prefix: OPS
    access: [staff, provider]
  - id: paie
    label: Paie
    owner: ops
    outsourced: true
    prefix: PAI
    access: [staff, provider]
"""
HANDOVER = """\
## Objet

Reprendre les opérations confiées au prestataire.

## Systèmes et accès à transférer

| Système | Accès | Détenteur actuel | Action |
|---|---|---|---|
| Sage 100 | deux comptes nominatifs | Victor Vendor | désactiver les comptes à J0 |

## Données à exporter

| Données | Format | Outil | Responsable |
|---|---|---|---|
| Balance âgée | CSV | Sage 100 | Olivia Ops |

## Contacts

| Rôle | Nom | Organisation | Coordonnées |
|---|---|---|---|
| Chef de projet | Victor Vendor | Prestataire | vendor@example.fr |

## Calendrier

| Jalon | Action | Responsable |
|---|---|---|
| J-30 | notifier le changement | Olivia Ops |
| J+30 | revue contradictoire | Olivia Ops |

## Risques

| Risque | Impact | Parade |
|---|---|---|
| Accès non révoqués | fuite de données | liste vérifiée à J0 |
"""
SECRET_BODY = "Canari-direction-7781 : effectifs par site. Annexe : [grille](zorglub-grille.csv).\n"
FILES = {
    "access_policies/functions.yml": FUNCTIONS,
    "procedures/ops/relance.md": doc(
        title="Relance d'un impayé",
        body="1. Envoyez la relance. Modèle : [lettre](modele-lettre.txt).\n",
    ),
    "procedures/ops/modele-lettre.txt": "Madame, Monsieur,\n",
    "procedures/ops/reprise.md": doc(
        id="OPS-002", title="Reprise des opérations", type="handover", body=HANDOVER
    ),
    "procedures/ops/zorglub-plan-social.md": doc(
        id="OPS-003", title="Plan social Zorglub", access="[secret]", body=SECRET_BODY
    ),
    "procedures/ops/zorglub-grille.csv": "site;effectif\nLyon;12\n",
    "procedures/paie/cloture.md": doc(
        id="PAI-001", title="Clôture de la paie", function="paie", access="[provider]"
    ),
}
# Every form that names the management-only document.
NEEDLES = ("Zorglub", "zorglub", "OPS-003", "Canari-direction-7781", "plan-social", "grille")


def make_repository(tmp_path: Path, files=FILES) -> Path:
    root = make_site_binder(tmp_path, files)
    commit(root, {}, "Création du classeur, dont le plan Zorglub", day="2026-01-05")
    commit(
        root,
        {"procedures/ops/relance.md": FILES["procedures/ops/relance.md"] + "2. Notez-la.\n"},
        "Relance : une étape de plus",
        day="2026-01-20",
        email="vendor@example.fr",
    )
    return root


def export(root: Path, out: Path, audience: str = "provider", **options):
    request = ExportRequest(audience, DAY, **options)
    return export_dossier(root, request, out, renderer=MKDOCS, offline=make_offline)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    return make_repository(tmp_path_factory.mktemp("binder"))


@pytest.fixture(scope="module")
def dossier(repository, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out") / "dossier.zip"
    outcome = export(repository, out)
    assert outcome.findings == ()
    return out


def entries(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    text = extract_text(path)
    assert text is not None
    return text


def history_text(archive: Path, tmp_path: Path) -> str:
    bundle = tmp_path / "h.bundle"
    bundle.write_bytes(entries(archive)["historique.bundle"])
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(bundle), str(clone)], check=True)
    return git(clone, "log", "-p", "--format=%an %ae %s%n%b")


def test_provider_dossier_holds_no_byte_of_the_management_only_document(dossier, tmp_path):
    texts = {name: data.decode("latin-1") for name, data in entries(dossier).items()}
    texts |= {
        f"{name} (text)": pdf_text(data, tmp_path)
        for name, data in entries(dossier).items()
        if name.endswith(".pdf")
    }
    texts["history"] = history_text(dossier, tmp_path)
    found = {(name, needle) for name, text in texts.items() for needle in NEEDLES if needle in text}
    assert found == set()
    assert "Relance d'un impayé" in texts["pdf/dossier-complet.pdf (text)"]  # the reading works


def test_the_dossier_holds_site_pdfs_inventory_attachments_history_manifest(dossier):
    names = sorted(n for n in entries(dossier) if not n.startswith("site/"))
    assert names == [
        "LISEZMOI.txt",
        "historique.bundle",
        "inventaire/contacts.csv",
        "inventaire/documents.csv",
        "inventaire/donnees.csv",
        "inventaire/inventaire.json",
        "inventaire/systemes.csv",
        "manifest.json",
        "pdf/OPS-001.pdf",
        "pdf/OPS-002.pdf",
        "pdf/PAI-001.pdf",
        "pdf/dossier-complet.pdf",
        "pieces-jointes/procedures/ops/modele-lettre.txt",
    ]
    site = entries(dossier)
    assert "site/index.html" in site and "site/search/search_index.js" in site


def test_the_manifest_lists_every_other_file_with_its_sha256(dossier):
    files = entries(dossier)
    manifest = json.loads(files.pop("manifest.json"))
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        name: hashlib.sha256(data).hexdigest() for name, data in files.items()
    }


def test_the_manifest_names_commit_date_audience_and_options(dossier, repository):
    manifest = json.loads(entries(dossier)["manifest.json"])
    del manifest["files"]
    assert manifest == {
        "format": 1,
        "audience": "provider",
        "audience_name": "Prestataire",
        "commit": git(repository, "rev-parse", "HEAD").strip(),
        "date": "2026-03-01",
        "options": {"audience": "provider", "function": None, "pdf": True},
    }


def test_zip_entries_have_fixed_dates_and_permissions_in_sorted_order(dossier):
    with zipfile.ZipFile(dossier) as opened:
        infos = opened.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {(i.date_time, i.external_attr >> 16) for i in infos} == {
        ((1980, 1, 1, 0, 0, 0), 0o100644)
    }


def test_the_same_commit_and_options_give_the_same_bytes(repository, dossier, tmp_path):
    again = tmp_path / "again.zip"
    assert export(repository, again).findings == ()
    assert again.read_bytes() == dossier.read_bytes()


def test_an_exported_dossier_verifies(dossier):
    assert verify_dossier(dossier) == []


def rewrite(archive: Path, target: Path, change) -> None:
    """Copy `archive` to `target`, each entry's bytes passed through change(name, data)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                copy.writestr(info, data)


def test_verify_names_the_file_with_one_changed_byte(dossier, tmp_path):
    tampered = tmp_path / "tampered.zip"
    original = entries(dossier)["inventaire/systemes.csv"]
    changed = original.replace(b"J0", b"J1", 1)
    rewrite(
        dossier, tampered, lambda name, data: changed if name.endswith("systemes.csv") else data
    )
    [finding] = verify_dossier(tampered)
    assert finding.render() == (
        f"{tampered.as_posix()}/inventaire/systemes.csv: changed-file: its SHA-256 is "
        f"{hashlib.sha256(changed).hexdigest()}, the manifest says "
        f"{hashlib.sha256(original).hexdigest()}. The dossier is not the one that was exported: "
        "ask its sender for a new copy."
    )


def test_verify_names_an_added_and_a_removed_file(dossier, tmp_path):
    tampered = tmp_path / "tampered.zip"
    rewrite(dossier, tampered, lambda name, data: None if name == "pdf/OPS-001.pdf" else data)
    with zipfile.ZipFile(tampered, "a") as opened:
        opened.writestr("site/extra.html", "<p>ajout</p>")
    shown = tampered.as_posix()
    assert [f.render() for f in verify_dossier(tampered)] == [
        f"{shown}/site/extra.html: unlisted-file: the manifest does not list this file. The "
        "dossier is not the one that was exported: ask its sender for a new copy.",
        f"{shown}/pdf/OPS-001.pdf: missing-file: the manifest lists it but the archive lacks it. "
        "The dossier is not the one that was exported: ask its sender for a new copy.",
    ]


def test_verify_names_a_damaged_history_bundle_even_with_matching_hashes(dossier, tmp_path):
    files = entries(dossier)
    broken = files["historique.bundle"][:-40]
    manifest = json.loads(files["manifest.json"])
    for listed in manifest["files"]:
        if listed["path"] == "historique.bundle":
            listed |= {"sha256": hashlib.sha256(broken).hexdigest(), "size": len(broken)}
    replaced = {"historique.bundle": broken, "manifest.json": json.dumps(manifest).encode()}
    tampered = tmp_path / "tampered.zip"
    rewrite(dossier, tampered, lambda name, data: replaced.get(name, data))
    [finding] = verify_dossier(tampered)
    assert (finding.path, finding.code) == (
        f"{tampered.as_posix()}/historique.bundle",
        "invalid-bundle",
    )


def test_the_history_holds_only_the_exported_files_with_masked_messages(dossier, tmp_path):
    bundle = tmp_path / "h.bundle"
    bundle.write_bytes(entries(dossier)["historique.bundle"])
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(bundle), str(clone)], check=True)
    assert git(clone, "log", "--format=%an %as %s", "--name-only") == (
        "vendor 2026-01-20 Relance : une étape de plus\n\nprocedures/ops/relance.md\n"
        "ops 2026-01-05 Modification de plusieurs documents\n\n"
        "procedures/ops/modele-lettre.txt\nprocedures/ops/relance.md\nprocedures/ops/reprise.md\n"
        "procedures/paie/cloture.md\n"
    )


def test_the_inventory_lists_what_the_handover_plans_say(dossier):
    files = entries(dossier)
    assert files["inventaire/systemes.csv"].decode("utf-8") == (
        "\ufeffPlan;Fonction;Système;Accès;Détenteur actuel;Action\r\n"
        "OPS-002;Opérations;Sage 100;deux comptes nominatifs;Victor Vendor;"
        "désactiver les comptes à J0\r\n"
    )
    assert files["inventaire/contacts.csv"].decode("utf-8") == (
        "\ufeffPlan;Fonction;Rôle;Nom;Organisation;Coordonnées\r\n"
        "OPS-002;Opérations;Chef de projet;Victor Vendor;Prestataire;vendor@example.fr\r\n"
    )
    inventory = json.loads(files["inventaire/inventaire.json"])
    assert inventory["data"] == [
        {
            "plan": "OPS-002",
            "function": "ops",
            "data": "Balance âgée",
            "format": "CSV",
            "tool": "Sage 100",
            "owner": "Olivia Ops",
        }
    ]


def test_the_inventory_lists_every_document_with_owners_and_review_state(dossier):
    rows = entries(dossier)["inventaire/documents.csv"].decode("utf-8").splitlines()
    assert rows[0] == (
        "\ufeffIdentifiant;Titre;Type;Fonction;Statut;Chemin;Responsables;Mainteneurs;"
        "État de la revue;Dernière revue;Revu par;Prochaine revue;PDF"
    )
    assert rows[1] == (
        "OPS-001;Relance d'un impayé;Procédure;Opérations;En vigueur;procedures/ops/relance.md;"
        "Olivia Ops;;Modifié depuis la revue;2026-01-10;Olivia Ops;2027-01-10;pdf/OPS-001.pdf"
    )
    assert len(rows) == 4


def test_each_pdf_is_a4_with_the_page_and_its_panel(dossier, tmp_path):
    data = entries(dossier)["pdf/OPS-001.pdf"]
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = pdf_text(data, tmp_path)
    assert "Relance d'un impayé" in text and "Responsables" in text and "Page 1 sur 1" in text


def test_the_combined_pdf_opens_with_a_table_of_contents(dossier, tmp_path):
    data = entries(dossier)["pdf/dossier-complet.pdf"]
    reader = PdfReader(io.BytesIO(data))
    contents = reader.pages[1].extract_text()
    assert "Sommaire" in contents
    assert contents.index("OPS-001 — Relance d'un impayé") < contents.index(
        "OPS-002 — Reprise des opérations"
    )
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Sommaire",
        "Relance d'un impayé",
        "Reprise des opérations",
        "Clôture de la paie",
    ]


def test_pdf_dates_are_the_dossiers_day(dossier):
    metadata = PdfReader(io.BytesIO(entries(dossier)["pdf/OPS-002.pdf"])).metadata
    assert metadata is not None and metadata.creation_date and metadata.modification_date
    assert (metadata.creation_date.date(), metadata.modification_date.date()) == (DAY, DAY)


def test_a_leak_in_the_history_refuses_the_dossier(tmp_path):
    linking = doc(title="Relance d'un impayé", body="Voir [ce plan](zorglub-plan-social.md).\n")
    root = make_repository(tmp_path / "binder", {**FILES, "procedures/ops/relance.md": linking})
    out = tmp_path / "dossier.zip"
    outcome = export(root, out, pdf=False)
    assert [f.render() for f in outcome.findings] == [
        f"{out.as_posix()}/historique.bundle: leaked-document: contains the file name of "
        'OPS-003, which "provider" may not read. Do not publish this site; find how it got '
        "there (a link, a commit, a plugin)."
    ]
    assert not out.exists()


def test_uncommitted_documents_are_refused(repository, tmp_path):
    path = repository / "procedures/ops/relance.md"
    before = path.read_text(encoding="utf-8")
    try:
        path.write_text(before + "3. Archivez-la.\n", encoding="utf-8")
        with pytest.raises(PortalError) as raised:
            export(repository, tmp_path / "dossier.zip")
    finally:
        path.write_text(before, encoding="utf-8")
    assert str(raised.value) == (
        "procedures/ops/relance.md differs from the last commit; the dossier holds the documents "
        "of one commit, with their history. Commit the changes, then export again."
    )


def test_one_function_only(repository, tmp_path):
    out = tmp_path / "paie.zip"
    assert export(repository, out, function="paie", pdf=False).findings == ()
    rows = entries(out)["inventaire/documents.csv"].decode("utf-8").splitlines()
    assert [row.split(";")[0] for row in rows[1:]] == ["PAI-001"]
    manifest = json.loads(entries(out)["manifest.json"])
    assert manifest["options"] == {"audience": "provider", "function": "paie", "pdf": False}


def test_an_unknown_function_is_refused(repository, tmp_path):
    with pytest.raises(PortalError) as raised:
        export(repository, tmp_path / "x.zip", function="compta")
    assert str(raised.value) == 'unknown function "compta". Known functions: ops, paie.'


def test_the_audit_reads_pdfs_by_their_text_and_the_history_uncompressed(repository, tmp_path):
    report = check(repository, today=DAY, overdue_is_error=False, keep_bodies=True)
    files = [
        DossierFile("historique.bundle", b"PACK compressed"),
        DossierFile("inventaire/documents.csv", b"OPS-001;procedures/ops/zorglub-plan-social.md\n"),
        DossierFile("pdf/OPS-001.pdf", b"%PDF-1.7 compressed"),
    ]
    read = Readable({"pdf/OPS-001.pdf": "Voir le Plan social Zorglub."}, b"data 9\nOPS-003.\n")
    archive = tmp_path / "d.zip"
    findings = audit_dossier(repository, report, "provider", files, read, tmp_path / "a", archive)
    tail = (
        'which "provider" may not read. Do not publish this site; find how it got there '
        "(a link, a commit, a plugin)."
    )
    assert [f.render() for f in findings] == [
        f"{archive.as_posix()}/historique.bundle: leaked-document: contains the id of OPS-003, {tail}",
        f"{archive.as_posix()}/inventaire/documents.csv: leaked-document: contains the path of "
        f"OPS-003, {tail}",
        f"{archive.as_posix()}/pdf/OPS-001.pdf: leaked-document: contains the title of OPS-003, {tail}",
    ]


def test_a_binder_outside_git_is_refused(tmp_path):
    root = make_site_binder(tmp_path, FILES)
    with pytest.raises(PortalError) as raised:
        export(root, tmp_path / "d.zip")
    assert str(raised.value) == (
        f"{root} is not a Git repository: the dossier carries the documents' history as a Git "
        "bundle. Run classeur export inside a clone of the binder."
    )


def test_an_audience_with_nothing_to_read_is_refused(repository, tmp_path):
    with pytest.raises(PortalError) as raised:
        export(repository, tmp_path / "d.zip", audience="staff", function="paie")
    assert str(raised.value) == (
        '"staff" may read no published document of function "paie": there is nothing to '
        "export. Check the documents' `access` and `status`."
    )


def test_pdfs_without_weasyprint_name_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it could not be imported
    with pytest.raises(PortalError) as raised:
        render_pdfs(tmp_path, [], Cover("Dossier", "2026-03-01", ()))
    assert str(raised.value) == (
        "the dossier's PDFs need WeasyPrint and the system's Pango library, which could not be "
        "loaded (import of weasyprint halted; None in sys.modules). Install Pango (Debian, "
        "Ubuntu: `apt-get install libpango-1.0-0 libpangoft2-1.0-0`; Fedora: `dnf install "
        "pango`; macOS: `brew install pango`), or run classeur export with --no-pdf."
    )
