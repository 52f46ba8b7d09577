"""The « Réversibilité » page and the readiness row of handover plans' panels (French).

Both appear only on the sites of company audiences that read management content
(the `management` tag): how ready the company is to leave its provider is not the
provider's to read. The page has one row per outsourced function — score, state
(symbol and word, never a colour alone), what is missing, the last drill — and
names only the documents the audience may read; the others are counted.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from classeur.common.french_dates import day_in_words
from classeur.continuity.criteria import rules
from classeur.continuity.readiness import FunctionReadiness, Readiness, readiness_of
from classeur.continuity.words import RESULTS, SCENARIOS, State, state_words
from classeur.model.records import DocType, Organisation
from classeur.model.report import Report
from classeur.publish.manifest import Frozen, Manifest, PublishedDocument
from classeur.publish.urls import site_path

REVERSIBILITY = "reversibilite.md"
READINESS_TAG = "management"  # audiences reading it see the page and the panels' row
_CODE = re.compile(r"`([^`]+)`")
_BADGE = {
    State.READY: "classeur-badge--ok",
    State.FRAGILE: "classeur-badge--soon",
    State.NOT_READY: "classeur-badge--late",
}


def has_reversibility(manifest: Manifest) -> bool:
    """Whether this audience's site shows readiness: company side, reads management content."""
    return manifest.organisation is Organisation.COMPANY and any(
        tag.id == READINESS_TAG for tag in manifest.tags
    )


def continuity_page_paths(manifest: Manifest) -> list[str]:
    """The site paths of the continuity pages of this audience (for the audit)."""
    return [REVERSIBILITY] if has_reversibility(manifest) else []


class ReadinessBadge(Frozen):
    """A function's readiness as a handover plan's panel shows it."""

    score: int
    state: State
    page: str  # the Réversibilité page, relative to the plan's Markdown


class PlanDocument(PublishedDocument):
    """A handover plan's page, with its function's readiness for the panel."""

    readiness: ReadinessBadge


@dataclass(frozen=True)
class ContinuitySite:
    """What continuity adds to one audience's site."""

    pages: dict[str, str] = field(default_factory=dict)  # site path -> Markdown
    functions: Mapping[str, FunctionReadiness] = field(default_factory=dict)

    def panel_document(self, document: PublishedDocument) -> PublishedDocument:
        """A handover plan carrying its function's readiness; any other document as it is."""
        found = self.functions.get(document.function)
        if found is None or document.type is not DocType.HANDOVER:
            return document
        folder = posixpath.dirname(site_path(document.src)) or "."
        badge = ReadinessBadge(
            score=found.score, state=found.state, page=posixpath.relpath(REVERSIBILITY, folder)
        )
        return PlanDocument.model_validate({**dict(document), "readiness": badge})


def continuity_site(root: Path, report: Report, manifest: Manifest) -> ContinuitySite:
    """The Réversibilité page and the plans' readiness, for an audience that sees them."""
    if not has_reversibility(manifest):
        return ContinuitySite()
    readiness = readiness_of(root, report)
    readable = frozenset(
        s.document.id for s in report.documents if manifest.audience in s.audiences
    )
    return ContinuitySite(
        {REVERSIBILITY: reversibility_page(readiness, manifest, readable)},
        {f.function: f for f in readiness.functions},
    )


def readiness_cell(badge: ReadinessBadge) -> str:
    """The panel's value: state badge, score, link to the page."""
    return (
        f"{_badge(badge.state)} {badge.score}/100 · "
        f'<a href="{escape(badge.page)}">détail par critère</a>'
    )


def reversibility_page(readiness: Readiness, manifest: Manifest, readable: frozenset[str]) -> str:
    """The « Réversibilité » page: one row per outsourced function, then the criteria.

    Documents are named only when the audience may read them (`readable`: ids), and
    linked only when published; the others are counted.
    """
    published = {d.id: d for d in manifest.documents}
    settings = readiness.settings
    rows = "".join(_row(f, published, readable) for f in readiness.functions)
    criteria = "".join(
        f"<li><strong>{escape(rule.title)}</strong> ({settings.weight(rule.criterion)} points) : "
        f"{escape(rule.summary)}</li>"
        for rule in rules()
    )
    return (
        "# Réversibilité\n\n"
        "Chaque fonction externalisée pourrait-elle être confiée demain à un nouveau "
        "prestataire, ou reprise en interne ? Situation au "
        f"{day_in_words(readiness.today)} : **prête** dès {settings.ready} points sur 100, "
        f"**fragile** dès {settings.fragile}, **non prête** en dessous.\n\n"
        # A table with no class of its own takes the theme's table style and scrolls
        # sideways on a phone; the wrapper carries Classeur's.
        '<div class="classeur-readiness"><table><thead><tr><th>Fonction</th><th>Score</th>'
        "<th>État</th><th>Plan</th><th>Ce qui manque</th><th>Dernier exercice</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>\n\n"
        "## Critères\n\n"
        "Le score est la part des points des critères applicables qui sont remplis.\n\n"
        f"<ul>{criteria}</ul>\n"
    )


def _row(
    function: FunctionReadiness,
    published: Mapping[str, PublishedDocument],
    readable: frozenset[str],
) -> str:
    missing = "".join(
        f"<li><strong>{escape(o.title)}</strong> : "
        f"{_code(escape(o.verdict.explained(lambda i: i in readable)))}</li>"
        for o in function.missing
    )
    plan = published.get(function.plan) if function.plan else None
    plan_cell = "—"
    if plan is not None:
        plan_cell = f'<a href="{escape(site_path(plan.src))}">{escape(plan.id)}</a>'
    elif function.plan in readable:
        plan_cell = f"{escape(function.plan)} (non publié)"
    drill = function.last_drill
    drill_cell = (
        f"{day_in_words(drill.day)} ({SCENARIOS[drill.scenario]}, {RESULTS[drill.result]})"
        if drill
        else "aucun"
    )
    return (
        f"<tr><th>{escape(function.label)}</th><td>{function.score}/100</td>"
        f"<td>{_badge(function.state)}</td><td>{plan_cell}</td>"
        f"<td>{f'<ul>{missing}</ul>' if missing else 'rien'}</td>"
        f"<td>{escape(drill_cell)}</td></tr>\n"
    )


def _badge(state: State) -> str:
    return f'<span class="classeur-badge {_BADGE[state]}">{escape(state_words(state))}</span>'


def _code(text: str) -> str:
    return _CODE.sub(r"<code>\1</code>", text)
