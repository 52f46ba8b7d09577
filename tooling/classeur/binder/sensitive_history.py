"""`check` with history: sensitive values left in the Git history of each source (issue #14).

Finds each source's repository (this one, a submodule's or a sibling's), reads
everything ever committed under it (classeur.git.blobs_history) and judges
it (classeur.rules.sensitive_history).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from classeur.git.blobs_history import read_committed
from classeur.model.findings import Finding
from classeur.model.history import History
from classeur.model.policy import Policy
from classeur.model.sensitive_policy import load_sensitive_policy
from classeur.model.sources import PresentSource
from classeur.rules.sensitive_history import RepositoryPast, find_in_history


def history_findings(
    root: Path, sources: Sequence[PresentSource], policy: Policy, history: History
) -> list[Finding]:
    """`sensitive-data-in-history` for every source whose readers are declared."""
    if history.head is None:
        return []  # no repository or no commit: `check` already says so
    # The file's own problems are reported by the `sensitive-data` rule.
    sensitive, _ = load_sensitive_policy(root, policy)
    pasts = []
    for present in sources:
        where = _repository_of(root, present.folder)
        if present.source is not None and where is not None:
            repository, folders, prefix = where
            committed = read_committed(repository, folders)
            pasts.append(RepositoryPast(present.source, prefix, committed))
    return find_in_history(pasts, policy, sensitive)


def _repository_of(root: Path, folder: str) -> tuple[Path, list[str], str] | None:
    """The repository holding a source: (its folder, the paths to read in it, path prefix)."""
    if (root / folder / ".git").exists():  # a submodule or a sibling: a repository of its own
        return root / folder, ["."], folder.rstrip("/") + "/"
    if folder.startswith("../"):
        return None  # a sibling that is not a repository: it has no history to read
    return root, [folder], ""
