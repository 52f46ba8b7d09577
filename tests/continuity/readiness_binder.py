"""A binder whose one outsourced function (ops) meets every readiness criterion."""

from __future__ import annotations

from tests.conftest import doc

PLAN_BODY = """
## Objet

Reprendre les opérations en interne.

## Systèmes et accès à transférer

| Système | Accès | Détenteur actuel | Action |
|---|---|---|---|
| ERP | 2 comptes | Prestataire | révoquer à J0 |

## Données à exporter

| Données | Format | Outil | Responsable |
|---|---|---|---|
| Écritures | CSV | ERP | Victor Vendor |

## Contacts

| Rôle | Nom | Organisation | Coordonnées |
|---|---|---|---|
| Responsable | Olivia Ops | Entreprise | ops@example.fr |

## Calendrier

| Jalon | Action | Responsable |
|---|---|---|
| J-30 | inventaire | Olivia Ops |
| J0 | bascule | Olivia Ops |
| J+30 | bilan | Olivia Ops |

## Risques

| Risque | Impact | Parade |
|---|---|---|
| Accès oubliés | fuite | revue à J0 |
"""

DRILL = """\
---
date: 2026-02-01
function: ops
scenario: reprise-interne
participants: [ops, vendor]
result: reussi
gaps: []
follow_up: [OPS-001]
---

# Exercice
"""


def ready_files() -> dict[str, str]:
    """Every criterion met on 2026-03-01 (indicators aside: the tests add them)."""
    return {
        "procedures/ops/a.md": doc(),
        "procedures/ops/incident.md": doc(id="OPS-002", type="runbook", title="Incident"),
        "procedures/ops/plan.md": doc(
            id="OPS-003", type="handover", title="Plan de reprise", body=PLAN_BODY
        ),
        "pilotage/exercices/2026-02-01-ops.md": DRILL,
    }
