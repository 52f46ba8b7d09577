"""A document read by the provider that also carries a restricted tag (audiences.yml
marks a tag `restricted: true` when it is meant for a few internal readers).

`access: [provider, rh-confidentiel]` publishes the whole document to the
provider: the restricted tag protects nothing. That may be intended (a payroll
hand-over the provider must read), so it is a warning that asks to confirm.
"""

from __future__ import annotations

from collections.abc import Iterable

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.policy import Policy
from classeur.model.records import Document, Organisation
from classeur.rules.registry import DocumentContext, document_rule


@document_rule
def mixed_access(document: Document, context: DocumentContext) -> list[Finding]:
    """`mixed-access` when a provider audience reads a document that has a restricted tag."""
    policy = context.policy
    providers = [a for a in context.audiences if _is_provider(a, policy)]
    restricted = [
        tag for tag in document.access if (found := policy.tags.get(tag)) and found.restricted
    ]
    if not providers or not restricted:
        return []
    shared = [t for t in document.access if any(t in policy.audiences[a].reads for a in providers)]
    few = ", ".join(
        a.id
        for a in policy.audiences.values()
        if not _is_provider(a.id, policy) and any(t in a.reads for t in restricted)
    )
    return [
        Finding(
            str(document.path),
            document.line_of("access"),
            "mixed-access",
            _(
                "access mixes {shared}, read by the provider ({providers}), with {restricted}, "
                "restricted to {few}: {providers} will read the whole document. Confirm that it "
                "should, or move what only {few} may read to a document of its own."
            ).format(
                shared=_quoted(shared),
                providers=", ".join(providers),
                restricted=_quoted(restricted),
                few=few,
            ),
            Severity.WARNING,
        )
    ]


def _is_provider(audience: str, policy: Policy) -> bool:
    found = policy.audiences.get(audience)
    return found is not None and found.organisation is Organisation.PROVIDER


def _quoted(tags: Iterable[str]) -> str:
    return ", ".join(f'"{tag}"' for tag in tags)
