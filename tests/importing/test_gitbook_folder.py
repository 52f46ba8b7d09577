"""The GitBook folder of tests/data imported whole: its report, where each page and file
lands, each block's result, and a binder that `check` passes."""

from __future__ import annotations

from datetime import date

from classeur.binder.check import check
from classeur.model.findings import Severity

HEADER = (
    '---\nid: {id}\ntitle: "{title}"\ntype: procedure\nfunction: ops\nowners: [ops]\n'
    "maintainers: []\nstatus: draft\naccess: [staff, provider]\nlast_reviewed: 2026-02-03\n"
    "review_every: 12 months\n{more}---\n\n"
)


def header(doc_id: str, title: str, more: str = "") -> str:
    return HEADER.format(id=doc_id, title=title, more=more)


def test_the_report_names_each_thing_left_out_or_kept_as_it_was(imported):
    assert imported.result.exit_code == 0
    assert imported.output() == (
        "SRC/.adrs: hidden-skipped: hidden folder, not imported. Move its pages out of it and "
        "import them if readers need them.\n"
        "SRC/.gitbook/assets/ancien-logo.png: unlinked-file: no imported page links this file; "
        "it was not copied.\n"
        'SRC/emails/modeles.md:11: unconverted-block: `{% swagger method="post" '
        'path="/relances" baseUrl="https:…` has no equivalent on the site: it is kept as text '
        'in a "Bloc GitBook non converti" note. Rewrite it by hand, or remove it.\n'
        "SRC/factures/avoirs.md:2: hidden-page: the page is hidden in GitBook (`hidden: true`); "
        "it is imported as a draft, which no site publishes until its status is changed.\n"
        "SRC/factures/avoirs.md:3: unknown-field: `layout` is not a Classeur field; it was left "
        "out of the header.\n"
        "SRC/factures/avoirs.md:23: stray-closing-tag: `{% endhint %}` closes no block; it was "
        "removed.\n"
        "Created procedures/ops/manuel-comptable/index.md (OPS-001) from SRC/README.md.\n"
        "Created procedures/ops/manuel-comptable/emails/index.md (OPS-002) from "
        "SRC/emails/README.md.\n"
        "Created procedures/ops/manuel-comptable/emails/modeles.md (OPS-003) from "
        "SRC/emails/modeles.md.\n"
        "Created procedures/ops/manuel-comptable/factures/index.md (OPS-004) from "
        "SRC/factures/README.md.\n"
        "Created procedures/ops/manuel-comptable/factures/avoirs.md (OPS-005) from "
        "SRC/factures/avoirs.md.\n"
        "Created procedures/ops/manuel-comptable/factures/emission.md (OPS-006) from "
        "SRC/factures/emission.md.\n"
        "Imported 6 draft documents and 4 attachment files. Review them, then run "
        "`classeur check`.\n"
    )


def test_pages_keep_their_tree_and_assets_land_beside_the_pages_using_them(imported):
    folder = imported.root / "procedures/ops/manuel-comptable"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "emails/index.md",
        "emails/modele-relance.docx",
        "emails/modeles.md",
        "factures/avoirs.md",
        "factures/circuit-avoir.png",
        "factures/ecran-validation.png",
        "factures/emission.md",
        "factures/index.md",
        "factures/modele-avoir.pdf",
        "index.md",
    ]
    copied = folder / "factures/modele-avoir.pdf"
    assert (
        copied.read_bytes() == (imported.source / ".gitbook/assets/modele-avoir.pdf").read_bytes()
    )


def test_hint_break_image_tabs_and_table_of_a_page(imported):
    assert imported.read("factures/emission.md") == header("OPS-006", "Émission des factures") + (
        '!!! warning "Attention"\n\n'
        "    Une facture validée ne se modifie plus : en cas d'erreur, émettez un avoir.\n\n"
        "Les factures partent le 25 de chaque mois.<br>\n"
        "Les factures urgentes partent le jour même.\n\n"
        "## Étapes\n\n"
        "1. Ouvrez le module Ventes de Sage 100.\n"
        "2. Contrôlez les bons de livraison du mois.\n"
        "3. Validez le lot de factures.\n\n"
        "![Écran de validation du lot](ecran-validation.png)\n\n"
        '=== "Client professionnel"\n\n'
        "    Déposez la facture au format Factur-X sur Chorus Pro.\n\n"
        '=== "Particulier"\n\n'
        "    Envoyez la facture en PDF par courriel.\n\n"
        "| Étape | Qui | Délai |\n| --- | --- | --- |\n| Contrôle | Comptable | J+1 |\n"
        "| Validation | Responsable comptable | J+2 |\n"
    )


def test_raw_html_image_file_and_embed_and_a_swallowed_closing_tag(imported):
    assert imported.read("factures/avoirs.md") == header("OPS-005", "Avoirs") + (
        "## Validation\n\n"
        "Un avoir est validé par la responsable comptable avant son envoi.\n\n"
        '<figure><img src="circuit-avoir.png" alt="Circuit de validation d&#x27;un avoir">'
        "<figcaption><p>Circuit de validation</p></figcaption></figure>\n\n"
        "[Modèle d'avoir à compléter](modele-avoir.pdf)\n\n"
        "[https://www.economie.gouv.fr/entreprises/factures-mentions-obligatoires]"
        "(https://www.economie.gouv.fr/entreprises/factures-mentions-obligatoires)\n\n"
        "Archivez l'avoir avec la facture d'origine.\n"
    )


def test_folder_links_and_content_refs_lead_to_the_index_pages(imported):
    more = (
        "description: \"Les procédures du service comptable, telles que l'équipe les applique "
        'au quotidien."\n'
    )
    assert imported.read("index.md") == header("OPS-001", "Manuel du service comptable", more) + (
        "Bienvenue dans le manuel du service comptable. Chaque page décrit une tâche, qui la "
        "fait et comment la vérifier.\n\n"
        "[Factures clients](factures/index.md)\n\n"
        "Les modèles de courriels sont rangés dans le dossier [Courriels](emails/index.md).\n"
    )


def test_links_between_pages_keep_their_anchor(imported):
    assert imported.read("factures/index.md").endswith(
        "* [Émission des factures](emission.md)\n* [Validation des avoirs](avoirs.md#validation)\n"
    )


def test_an_unconverted_block_stays_visible_and_an_attachment_gets_a_safe_name(imported):
    assert imported.read("emails/modeles.md") == header("OPS-003", "Modèles de courriels") + (
        '!!! info "Information"\n\n'
        "    Adaptez le nom du client et le numéro de facture avant l'envoi.\n\n"
        "[modele-relance.docx](modele-relance.docx)\n\n"
        "Pour la facturation, voir [Émission des factures](../factures/emission.md).\n\n"
        '!!! note "Bloc GitBook non converti"\n\n'
        "    ```text\n"
        '    {% swagger method="post" path="/relances" baseUrl="https://api.exemple.fr" '
        'summary="Envoyer une relance" %}\n'
        "    {% swagger-description %}\n"
        "    Envoie une relance au client.\n"
        "    {% endswagger-description %}\n"
        "    {% endswagger %}\n"
        "    ```\n"
    )


def test_check_finds_nothing_wrong_in_the_imported_drafts(imported):
    report = check(imported.root, today=date(2026, 3, 1), history=None, values_in_history=False)
    assert [f.render() for f in report.findings if f.severity >= Severity.WARNING] == []
    assert len(report.documents) == 6


def test_a_content_ref_to_a_page_shows_its_title(imported):
    assert imported.read("emails/index.md").endswith(
        "Les modèles de courriels envoyés aux clients.\n\n[Modèles de courriels](modeles.md)\n"
    )
