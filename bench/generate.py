"""Generate a synthetic binder of N valid documents for benchmarks.

French-like bodies, realistic frontmatter (owners, maintainers, SLA, related
ids, relative links), the sample binder's access policies, and 15% of the
documents overdue on the reference day.

    python -m bench.generate 5000 /tmp/binder-5000
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

REFERENCE_DAY = date(2026, 11, 16)
REPO = Path(__file__).resolve().parent.parent
FUNCTIONS = {
    "facturation": ("FAC", "marie.dupont"),
    "relances-clients": ("REL", "marie.dupont"),
    "paie": ("PAI", "julien.moreau"),
    "administration-personnel": ("ADP", "julien.moreau"),
    "achats-fournisseurs": ("ACH", "sophie.lambert"),
    "accueil-standard": ("ACC", "nathalie.girard"),
    "support-equipes": ("SUP", "thomas.roux"),
    "tickets-it": ("IT", "karim.benali"),
}
WORDS = (  # noqa: SIM905 (a sentence reads better than 50 quoted words)
    "facture client relance échéance règlement prélèvement fournisseur commande bon livraison "
    "contrôle validation saisie lettrage rapprochement bancaire avoir litige paiement délai "
    "virement salarié absence congé contrat avenant mutuelle ticket incident poste messagerie "
    "accès badge visiteur courrier archivage déplacement réservation note frais justificatif "
    "clôture mensuelle écriture comptable tableau indicateur anomalie escalade responsable"
).split()
ACCESS = (["staff", "provider"], ["staff"], ["provider"], ["management"], ["staff", "provider"])


# A vocabulary with a long tail, as real text has: the base words and forms derived
# from them, drawn with Zipf's law (a few words are everywhere, most are rare).
_ENDINGS = ("", "s", "ment", "ments", "tion", "tions", "eur", "eurs", "age", "ages", "ée", "ées",
            "ant", "ante", "er", "ez", "ons", "ait", "aient", "ité", "ités", "iste", "isme", "ure")  # fmt: skip
_PREFIXES = ("", "re", "pré", "dé", "sur", "sous", "contre", "inter", "co", "auto")
VOCABULARY = sorted({p + w + e for w in WORDS for p in _PREFIXES for e in _ENDINGS})
_WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]


def vocabulary_order(seed: int = 3) -> list[str]:
    """The vocabulary in the (fixed, shuffled) order of its Zipf ranks."""
    shuffled = list(VOCABULARY)
    random.Random(seed).shuffle(shuffled)
    return shuffled


_RANKED = vocabulary_order()


def words(rng: random.Random, count: int) -> list[str]:
    """`count` words drawn from the vocabulary by Zipf's law."""
    return rng.choices(_RANKED, weights=_WEIGHTS, k=count)


def sentence(rng: random.Random) -> str:
    return " ".join(words(rng, rng.randint(8, 16))).capitalize() + "."


# A handover plan's five sections, filled, as the template asks (README: "Handover plans").
HANDOVER_SECTIONS = """

## Systèmes et accès à transférer

| Système | Accès | Détenteur actuel | Action |
|---|---|---|---|
| Logiciel de gestion | administrateur | prestataire | transfert des comptes à J0 |

## Données à exporter

| Données | Format | Outil | Responsable |
|---|---|---|---|
| Historique des opérations | CSV | export du logiciel | prestataire |

## Contacts

| Rôle | Nom | Organisation | Coordonnées |
|---|---|---|---|
| Responsable de fonction | Marie Dupont | entreprise | standard |

## Calendrier

| Jalon | Action | Responsable |
|---|---|---|
| J-30 | annonce et inventaire | entreprise |
| J0 | bascule | prestataire |
| J+30 | bilan | entreprise |

## Risques

| Risque | Impact | Parade |
|---|---|---|
| Export incomplet | reprise retardée | export d'essai à J-15 |"""


def document(index: int, count: int, rng: random.Random) -> tuple[str, str]:
    function = list(FUNCTIONS)[index % len(FUNCTIONS)]
    prefix, owner = FUNCTIONS[function]
    overdue = index % 100 < 15
    reviewed = REFERENCE_DAY - timedelta(
        days=rng.randint(400, 700) if overdue else rng.randint(0, 300)
    )
    access = ["staff", "provider"] if index % 10 < 6 else ACCESS[index % len(ACCESS)]
    neighbour = index + len(FUNCTIONS)  # the next document of the same function
    shared = access == ["staff", "provider"] and neighbour < count and neighbour % 10 < 6
    related = f"[{prefix}-{neighbour:05d}]" if shared else "[]"
    title = " ".join(words(rng, rng.randint(3, 8))).capitalize()
    kind = rng.choice(["procedure", "procedure", "runbook", "handover"])
    header = f"""---
id: {prefix}-{index:05d}
title: {title}
type: {kind}
function: {function}
owners: [{owner}]
maintainers: [team:bo-conseil]
status: active
access: [{", ".join(access)}]
sites: [{rng.choice(["lyon", "grenoble", "valence"])}]
last_reviewed: {reviewed.isoformat()}
reviewed_by: {owner}
review_every: 12 months
related: {related}
---
"""
    paragraphs = ["\n".join(sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(4)]
    steps = "\n".join(f"{n}. {sentence(rng)}" for n in range(1, rng.randint(4, 9)))
    body = (
        f"# Procédure {index}\n\n## Objet\n\n{paragraphs[0]}\n\n## Étapes\n\n{steps}\n\n"
        + "\n\n".join(paragraphs[1:])
        + (HANDOVER_SECTIONS if kind == "handover" else "")
    )
    return f"procedures/{function}/doc-{index:05d}.md", header + body + "\n"


def generate(count: int, target: Path, seed: int = 42) -> Path:
    """Write a binder of `count` documents at `target` (replacing it) and return it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO / "access_policies", target / "access_policies")
    shutil.copytree(REPO / "site_src", target / "site_src")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    rng = random.Random(seed)
    for index in range(count):
        relative, text = document(index, count, rng)
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    arguments = parser.parse_args()
    generate(arguments.count, arguments.target)
