"""`search` as one call: bring the audience's index up to date, then query it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.search.analysis import index_folder, is_fresh, read_meta
from classeur.search.querying import Results, run_query

if TYPE_CHECKING:
    from classeur.search.indexing import Refresh


@dataclass(frozen=True)
class Outcome:
    """The results, for which audience, and what bringing the index up to date did."""

    audience: str
    results: Results
    refreshed: Refresh | None  # None when the index was already up to date


def search(root: Path, query: str, *, audience: str | None, today: date, limit: int) -> Outcome:
    """Search what `audience` may read (the only audience when None and there is one)."""
    name = audience or only_audience(root)
    refreshed = None
    if not is_fresh(root, name):
        from classeur.search.indexing import refresh_index  # imported only when there is work

        refreshed = refresh_index(root, name, today=today)
    folder = index_folder(root, name)
    meta = read_meta(folder) or {}
    warning_days = meta.get("warning_days", 30)
    results = run_query(folder, query, today=today, warning_days=warning_days, limit=limit)
    return Outcome(name, results, refreshed)


def only_audience(root: Path) -> str:
    """The policy's single audience; a PortalError naming them when there are several."""
    from classeur.model.policy import load_policy

    policy, _findings = load_policy(root)
    if len(policy.audiences) == 1:
        return next(iter(policy.audiences))
    known = "|".join(policy.audiences) or "NAME"
    raise PortalError(_("name the audience to search as: --audience {known}.").format(known=known))
