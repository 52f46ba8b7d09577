"""The committed CODEOWNERS kept current once imported documents are written, as `new`
does for one document: otherwise the next `check` reports it outdated."""

from __future__ import annotations

from pathlib import Path

from classeur.binder.check import load_binder
from classeur.binder.scaffold import rewrite_codeowners
from classeur.rules.codeowners import read_committed_codeowners, render_codeowners


def refresh_codeowners(root: Path) -> tuple[str, ...]:
    """Rewrite each committed CODEOWNERS that no longer matches; the locations rewritten."""
    committed = read_committed_codeowners(root)
    if not committed:
        return ()  # nothing to keep current: skip reading the binder again
    state = load_binder(root)
    text = render_codeowners(list(state.documents.values()), state.policy, state.files)
    return rewrite_codeowners(root, committed, text)
