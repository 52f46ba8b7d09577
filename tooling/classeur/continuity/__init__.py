"""Continuity: reversibility readiness per outsourced function, drills, the handover dossier."""
