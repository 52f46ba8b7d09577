"""Every rule `check` runs, found by registration: a new rule is one new module.

A rule module under classeur/rules/ decorates its entry point with
`@document_rule` (judged for one document alone, remembered between `watch`
saves while the document is unchanged) or `@binder_rule` (judged across the
whole binder after every change). `check` imports every module of this
package once, so registering is all a new rule has to do.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from classeur.model.findings import Finding
from classeur.model.policy import Policy
from classeur.model.records import Document
from classeur.model.sources import PresentSource


@dataclass(frozen=True)
class DocumentContext:
    """What a single-document rule may look at besides the document."""

    policy: Policy
    sources: Sequence[PresentSource]
    audiences: tuple[str, ...]  # who may read the document
    today: date
    overdue_is_error: bool


@dataclass(frozen=True)
class Binder:
    """What a rule across documents looks at: documents, the files beside them, readers."""

    root: Path
    policy: Policy
    documents: Sequence[Document]
    files: frozenset[str]  # every file under the sources, root-relative with `/`
    readers: Mapping[str, tuple[str, ...]]  # document path -> audience ids
    source_roots: tuple[str, ...]  # root-relative folders that hold documents
    today: date  # the day judged (`--today`)


DocumentRule = Callable[[Document, DocumentContext], list[Finding]]
BinderRule = Callable[[Binder], list[Finding]]
_DOCUMENT_RULES: list[DocumentRule] = []
_BINDER_RULES: list[BinderRule] = []
_loaded = False


def document_rule(rule: DocumentRule) -> DocumentRule:
    """Register a rule judged for one document alone."""
    _DOCUMENT_RULES.append(rule)
    return rule


def binder_rule(rule: BinderRule) -> BinderRule:
    """Register a rule judged across the whole binder."""
    _BINDER_RULES.append(rule)
    return rule


def document_rules() -> tuple[DocumentRule, ...]:
    """Every registered single-document rule."""
    _load_all()
    return tuple(_DOCUMENT_RULES)


def binder_rules() -> tuple[BinderRule, ...]:
    """Every registered rule across documents."""
    _load_all()
    return tuple(_BINDER_RULES)


def _load_all() -> None:
    global _loaded
    if _loaded:
        return
    import classeur.rules as package

    for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        importlib.import_module(f"{package.__name__}.{module}")
    _loaded = True
