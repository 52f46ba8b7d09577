"""`placeholder-left`: a published document still holding what a template left to write.

`classeur new` writes drafts full of « À compléter »; a draft may keep them, but once a
document is active (or deprecated, still published) a reader would follow a step that
says nothing. The markers are found with the document, in the parse workers
(Document.placeholders, from model/frontmatter.PLACEHOLDERS).
"""

from __future__ import annotations

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.frontmatter import PLACEHOLDERS
from classeur.model.records import Document, Status
from classeur.rules.registry import DocumentContext, document_rule

JUDGED = (Status.ACTIVE, Status.DEPRECATED)


@document_rule
def placeholders_left(document: Document, context: DocumentContext) -> list[Finding]:
    """An error at each line of an active or deprecated document that holds a placeholder."""
    if document.status not in JUDGED:
        return []
    message = _(
        "this line still says « {marker} », left by the template, and the document is {status}: "
        "readers would find nothing to follow here. Write the text, or set `status: draft` "
        "until it is written."
    ).format(marker=PLACEHOLDERS[0], status=document.status.value)
    return [
        Finding(str(document.path), line, "placeholder-left", message, Severity.ERROR)
        for line in document.placeholders
    ]
