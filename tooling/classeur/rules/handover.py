"""`handover-section-empty`: an active handover plan whose five sections (systems and
accesses, data, contacts, calendar, risks) are not all filled, as model/handover.py
reads them. A warning: the plan is still published; readiness counts it as missing.

The sections are read with the document, in the parse workers (Document.handover_gaps).
"""

from __future__ import annotations

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.handover import COLUMNS, Gap, SectionGap
from classeur.model.records import DocType, Document, Status
from classeur.rules.registry import Binder, binder_rule


@binder_rule
def handover_sections(binder: Binder) -> list[Finding]:
    """One warning per section of an active handover plan that is missing or not filled."""
    findings: list[Finding] = []
    for document in binder.documents:
        if document.type is DocType.HANDOVER and document.status is Status.ACTIVE:
            findings += [_finding(document, gap) for gap in document.handover_gaps]
    return findings


def _finding(document: Document, gap: SectionGap) -> Finding:
    line = gap.line or document.line_of("type")
    return Finding(
        str(document.path), line, "handover-section-empty", _message(gap), Severity.WARNING
    )


def _message(gap: SectionGap) -> str:
    heading = f'"## {gap.section.value}"'
    columns = " | ".join(COLUMNS[gap.section])
    if gap.gap is Gap.MISSING:
        message = _(
            "no {heading} section, so the handover plan cannot be followed on the day. Add it "
            "with a table ({columns}); `classeur new handover` shows the layout."
        )
    elif gap.gap is Gap.NO_TABLE:
        message = _(
            "the {heading} section has no table, so `check` and the handover dossier cannot "
            "read it. Write it as a table with the columns {columns}."
        )
    elif gap.gap is Gap.NO_ROW:
        message = _("the table of the {heading} section has no row. Fill in at least one.")
    elif gap.gap is Gap.TO_COMPLETE:
        message = _("the {heading} section still says « À compléter » on this line. Fill it in.")
    else:
        message = _(
            "the {heading} section has no milestone at J-30 or before and at J+30 or after. "
            "Plan the handover from J-30 to J+30."
        )
    return message.format(heading=heading, columns=columns)
