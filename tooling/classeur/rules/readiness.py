"""access_policies/readiness.yml, when present: its problems, each at its line.

The file is optional (model/readiness_policy.py); `readiness` falls back to the
defaults when it does not load, and `check` says why here.
"""

from __future__ import annotations

from classeur.model.findings import Finding
from classeur.model.readiness_policy import load_readiness_policy
from classeur.rules.registry import Binder, binder_rule


@binder_rule
def readiness_policy(binder: Binder) -> list[Finding]:
    """The findings of reading readiness.yml (none when it is absent)."""
    return load_readiness_policy(binder.root)[1]
