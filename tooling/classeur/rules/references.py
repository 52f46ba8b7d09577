"""Rules that check a document's frontmatter against the policy's declarations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from classeur.common.i18n import _
from classeur.model.access import TEAM_PREFIX, organisation_of, readers
from classeur.model.findings import Finding, Severity
from classeur.model.policy import POLICY_DIR, Policy
from classeur.model.records import Document, Organisation
from classeur.model.sensitive import redact
from classeur.rules.registry import DocumentContext, document_rule


def check_references(documents: Iterable[Document], policy: Policy) -> list[Finding]:
    """Unknown functions, people, teams, tags and sites; owners outside the company."""
    findings: list[Finding] = []
    for document in documents:
        findings += _function(document, policy)
        findings += _people(document, policy)
        findings += _tags(document, policy)
        findings += _sites(document, policy)
    return findings


def _function(document: Document, policy: Policy) -> Iterator[Finding]:
    if policy.is_loaded("functions.yml") and document.function not in policy.functions:
        yield _unknown(
            document,
            "function",
            document.function,
            "unknown-function",
            policy.functions,
            "functions.yml",
        )


def _people(document: Document, policy: Policy) -> Iterator[Finding]:
    if not policy.is_loaded("people.yml"):
        return
    for key in ("owners", "maintainers"):
        for member in getattr(document, key):
            organisation = organisation_of(member, policy)
            if organisation is None:
                yield _unknown_member(document, key, member, policy)
            elif key == "owners" and organisation is not Organisation.COMPANY:
                yield Finding(
                    str(document.path),
                    document.line_of(key),
                    "owner-not-company",
                    _(
                        '"{member}" is on the provider side; owners are accountable and stay '
                        "internal. Move them to `maintainers` and name a company owner."
                    ).format(member=member),
                )
    reviewer = document.reviewed_by
    if reviewer is not None and reviewer not in policy.people:
        if reviewer.startswith(TEAM_PREFIX):
            yield Finding(
                str(document.path),
                document.line_of("reviewed_by"),
                "reviewer-not-person",
                _(
                    '"{reviewer}" is a team; a review is done by a person. Name the reviewer.'
                ).format(reviewer=reviewer),
            )
        else:
            yield _unknown(
                document, "reviewed_by", reviewer, "unknown-person", policy.people, "people.yml"
            )


def _unknown_member(document: Document, key: str, member: str, policy: Policy) -> Finding:
    if member.startswith(TEAM_PREFIX):
        known_teams = [TEAM_PREFIX + team for team in policy.teams]
        return _unknown(document, key, member, "unknown-team", known_teams, "people.yml")
    return _unknown(document, key, member, "unknown-person", policy.people, "people.yml")


def _tags(document: Document, policy: Policy) -> Iterator[Finding]:
    if not policy.is_loaded("audiences.yml"):
        return
    unknown = [tag for tag in document.access if tag not in policy.tags]
    for tag in unknown:
        yield _unknown(
            document, "access", tag, "unknown-access-tag", policy.tags, "audiences.yml", "tags"
        )
    if not unknown and not readers(document, policy):
        yield Finding(
            str(document.path),
            document.line_of("access"),
            "unread-document",
            _(
                "no audience reads any of its tags ({tags}), so it is published nowhere. Add a "
                "tag that an audience reads."
            ).format(tags=", ".join(document.access)),
            Severity.WARNING,
        )


def _sites(document: Document, policy: Policy) -> Iterator[Finding]:
    if policy.is_loaded("sites.yml"):
        for site in document.sites:
            if site not in policy.sites:
                yield _unknown(
                    document, "sites", site, "unknown-site", policy.sites, "sites.yml", "sites"
                )


def _unknown(
    document: Document,
    key: str,
    value: str,
    code: str,
    known: Iterable[str],
    file: str,
    noun: str = "",
) -> Finding:
    if noun == "tags":
        message = _('"{value}" is not declared. Known tags: {known} ({file}).')
    elif noun == "sites":
        message = _('"{value}" is not declared. Known sites: {known} ({file}).')
    else:
        message = _('"{value}" is not declared. Known: {known} ({file}).')
    return Finding(
        str(document.path),
        document.line_of(key),
        code,
        message.format(
            value=redact(value), known=", ".join(sorted(known)), file=f"{POLICY_DIR}/{file}"
        ),
    )


@document_rule
def references(document: Document, context: DocumentContext) -> list[Finding]:
    """Function, people, tags and sites the document names exist in the policy."""
    return check_references([document], context.policy)
