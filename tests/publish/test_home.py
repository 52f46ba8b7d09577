"""The home page: search first, one entry per function, « Quoi de neuf », then what is due."""

from __future__ import annotations

from classeur.model.records import DocType, Organisation, ReviewState, Status
from classeur.publish.manifest import (
    FunctionEntry,
    Manifest,
    Party,
    PublishedDocument,
    RecentChange,
    Reference,
)
from classeur.publish.pages import home

OLIVIA = Party(id="ops", name="Olivia Ops", organisation=Organisation.COMPANY)


def published(
    id: str, title: str, *, type: DocType = DocType.PROCEDURE, function: str = "ops"
) -> PublishedDocument:
    return PublishedDocument(
        src=f"procedures/{function}/{id.lower()}.md",
        id=id,
        title=title,
        type=type,
        function=function,
        function_label=function,
        owners=(OLIVIA,),
        maintainers=(),
        status=Status.ACTIVE,
        access=("staff",),
        sites=(),
        last_reviewed="2026-01-10",
        reviewed_by=None,
        next_review="2027-01-10",
        review_state=ReviewState.OK,
        review_every=None,
        sla=(),
        related=(),
        supersedes=(),
        superseded_by=(),
        canary="clsr-0",
    )


def manifest(
    documents: tuple[PublishedDocument, ...],
    recent: tuple[RecentChange, ...] = (),
    *,
    has_history: bool = True,
) -> Manifest:
    return Manifest(
        audience="staff",
        audience_name="Personnel",
        organisation=Organisation.COMPANY,
        today="2026-03-01",
        documents=documents,
        attachments=(),
        functions=(
            FunctionEntry(id="ops", label="Opérations", owner=OLIVIA, outsourced=True),
            FunctionEntry(id="paie", label="Paie", owner=None, outsourced=False),
            FunctionEntry(id="vide", label="Sans documents", owner=OLIVIA, outsourced=False),
        ),
        tags=(),
        recent=recent,
        has_history=has_history,
    )


def reference(document: PublishedDocument) -> Reference:
    return Reference(id=document.id, title=document.title, src=document.src)


RELANCE = published("OPS-001", "Relance d'un impayé")
ACCUEIL = published("OPS-002", "Accueil <visiteurs>", type=DocType.RUNBOOK)
CLOTURE = published("OPS-003", "Clôture", type=DocType.RUNBOOK)
BULLETINS = published("PAI-001", "Bulletins", function="paie")
EVERY = (RELANCE, ACCUEIL, CLOTURE, BULLETINS)


def section(page: str, heading: str) -> str:
    """The text of one `## ` section of the page, without its heading."""
    return page.split(f"## {heading}\n\n", 1)[1].split("\n## ", 1)[0]


def test_sections_come_search_first_and_due_last():
    page = home(manifest(EVERY))
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert headings == [
        "# Classeur des procédures — Personnel",
        "## Trouver une procédure",
        "## Par fonction",
        "## Quoi de neuf",
        "## Pour les responsables",
        "### À revoir",
        "### Pour aller plus loin",
    ]


def test_search_start_gives_the_functions_as_example_searches():
    assert section(home(manifest(EVERY)), "Trouver une procédure") == (
        "Tapez quelques mots dans la case **Rechercher**, en haut de chaque page : "
        "les accents et les fautes de frappe sont tolérés.\n\n"
        '<p>Par exemple : <a href="?q=Op%C3%A9rations">Opérations</a>, '
        '<a href="?q=Paie">Paie</a>.</p>\n'
    )


def test_one_entry_per_function_with_counts_by_type_and_owner():
    assert section(home(manifest(EVERY)), "Par fonction") == (
        '<div class="grid cards"><ul>'
        '<li><p><strong><a href="fonctions/ops.md">Opérations</a></strong></p>'
        "<p>1 procédure, 2 modes opératoires</p><p>Responsable : Olivia Ops</p></li>"
        '<li><p><strong><a href="fonctions/paie.md">Paie</a></strong></p>'
        "<p>1 procédure</p><p>Responsable : —</p></li>"
        "</ul></div>\n"
    )


def test_whats_new_lists_each_document_once_at_its_latest_change():
    recent = (
        RecentChange(
            day="2026-02-20",
            author="Olivia Ops",
            message="Nouveau <seuil>",
            documents=(reference(RELANCE), reference(ACCUEIL)),
        ),
        RecentChange(
            day="2026-01-05",
            author="Olivia Ops",
            message="Création",
            documents=(reference(RELANCE),),
        ),
    )
    assert section(home(manifest(EVERY, recent)), "Quoi de neuf") == (
        '<ul class="classeur-whatsnew">'
        '<li class="classeur-day-2026-02-20"><a href="procedures/ops/ops-001.md">'
        "Relance d&#x27;un impayé</a> (OPS-001) — 20 février 2026 : Nouveau &lt;seuil&gt;</li>"
        '<li class="classeur-day-2026-02-20"><a href="procedures/ops/ops-002.md">'
        "Accueil &lt;visiteurs&gt;</a> (OPS-002) — 20 février 2026 : Nouveau &lt;seuil&gt;</li>"
        "</ul>\n\n[Toutes les dernières modifications](modifications.md) · "
        "[les suivre dans un lecteur de flux (Atom)](flux.xml)\n"
    )


def test_whats_new_without_history_says_so():
    page = home(manifest(EVERY, has_history=False))
    assert section(page, "Quoi de neuf") == (
        "L'historique Git n'était pas disponible lors de la construction du site.\n"
    )


def test_whats_new_without_changes_says_so():
    assert section(home(manifest(EVERY)), "Quoi de neuf") == "Aucune modification récente.\n"


def test_owners_section_keeps_the_counts_with_a_named_header():
    due = RELANCE.model_copy(
        update={"review_state": ReviewState.OVERDUE, "next_review": "2026-02-01"}
    )
    page = home(manifest((due, ACCUEIL, CLOTURE, BULLETINS)))
    owners = section(page, "Pour les responsables").split("\n### ", 1)[0]
    assert owners == (
        "| Documents | Nombre |\n|---|---:|\n| Procédures | 2 |\n| Modes opératoires | 2 |\n"
        "| Plans de réversibilité | 0 |\n| Revues en retard | 1 |\n"
        "| À revoir dans les 30 jours | 0 |\n"
    )
    assert '<td><a href="procedures/ops/ops-001.md">Relance d&#x27;un impayé</a></td>' in page
