"""LISEZMOI.txt: what the handover dossier holds and how to use it, in French, for its reader."""

from __future__ import annotations

from dataclasses import dataclass

from classeur.publish.dossier import BUNDLE, MANIFEST, DossierFile
from classeur.publish.labels import french_date

README = "LISEZMOI.txt"


@dataclass(frozen=True)
class ReadmeFacts:
    """What the reader is told about this dossier."""

    audience_name: str
    function_label: str | None  # None: every function the audience reads
    day: str  # ISO date
    commit: str
    documents: int
    pdf: bool


def dossier_readme(facts: ReadmeFacts) -> DossierFile:
    """The dossier's LISEZMOI.txt."""
    scope = (
        f"la fonction « {facts.function_label} »"
        if facts.function_label
        else "toutes les fonctions"
    )
    pdf = (
        "pdf/                 un PDF par document (pdf/<identifiant>.pdf) et le dossier complet\n"
        "                     avec sommaire (pdf/dossier-complet.pdf), A4\n"
        if facts.pdf
        else ""
    )
    text = (
        "Dossier de réversibilité — Classeur des procédures\n"
        "==================================================\n\n"
        f"Destinataire : {facts.audience_name}\n"
        f"Périmètre : {scope}, {facts.documents} documents\n"
        f"Date : {french_date(facts.day)}\n"
        f"Version du classeur (commit Git) : {facts.commit}\n\n"
        "Contenu\n-------\n\n"
        "site/index.html      le site des procédures, consultable sans réseau (double-cliquez\n"
        "                     sur le fichier), recherche comprise\n"
        f"{pdf}"
        "inventaire/          documents, responsables, états de revue ; systèmes et accès à\n"
        "                     transférer, données à exporter, contacts (CSV et JSON)\n"
        "pieces-jointes/      les pièces jointes des documents\n"
        f"{BUNDLE}    l'historique Git des documents exportés, et d'eux seuls :\n"
        f"                     git clone {BUNDLE} classeur\n"
        f"{MANIFEST}        l'empreinte SHA-256 de chaque fichier\n\n"
        "Vérifier le dossier\n-------------------\n\n"
        "    classeur export --verify <fichier>.zip\n\n"
        "recalcule chaque empreinte et vérifie l'historique ; toute différence est signalée.\n"
        "Sans Classeur, comparez la sortie de `sha256sum` à manifest.json.\n"
    )
    return DossierFile(README, text.encode("utf-8"))
