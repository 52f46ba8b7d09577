"""Attachments in a pull request: who may change them, and whether a change widens
who reads them (an attachment is read only by the readers of every document linking it)."""

from __future__ import annotations

from collections.abc import Iterator

from classeur.common.i18n import _
from classeur.gate.changes import (
    AttachmentChange,
    Author,
    Kind,
    Move,
    PullRequestReport,
    author_words,
)
from classeur.gate.snapshot import Snapshot, link_targets
from classeur.git.revisions import Renamed
from classeur.model.access import members_of, readers
from classeur.model.findings import Finding, Severity
from classeur.model.policy import Policy
from classeur.model.records import Document, Organisation


def judge_attachment(
    move: Move,
    authors: list[Author],
    sides: tuple[Snapshot, Snapshot],
    policy: Policy,
    report: PullRequestReport,
) -> AttachmentChange:
    """The attachment change, judged by who maintains the documents linking it."""
    before, after = sides
    old = before.linkers.get(move.old, []) if move.old else []
    new = after.linkers.get(move.new, []) if move.new else []
    # An existing attachment answers to the documents that linked it at the base.
    judges = old if move.old else new
    ids = list(dict.fromkeys(d.id for d in old + new))
    owners = list(dict.fromkeys(o for d in old + new for o in d.owners))
    change = AttachmentChange(move.path, move.status, authors, ids, owners, move.origin)
    report.findings += _attachment_edits(change, judges, policy)
    return change


def _attachment_edits(
    change: AttachmentChange, judges: list[Document], policy: Policy
) -> Iterator[Finding]:
    if change.status in "AC" and not judges:
        return  # a new file that no document links: it is published nowhere
    maintained = {p for document in judges for p in members_of(document.maintainers, policy)}
    ids = ", ".join(dict.fromkeys(d.id for d in judges))
    for author in change.authors:
        if author.organisation is Organisation.PROVIDER and author.person not in maintained:
            yield Finding(
                change.path,
                0,
                "provider-edits-unmaintained",
                _edit_message(change, judges != []).format(
                    who=author_words(author), path=change.path, ids=ids
                ),
                Severity.ERROR,
            )


def _edit_message(change: AttachmentChange, linked: bool) -> str:
    """The message of a provider's edit of an attachment, one sentence per verb."""
    # Whole sentences, not a verb slotted into one: each language conjugates its own.
    if linked:
        return {
            "A": _(
                "{who} adds {path}, an attachment linked only by documents they do not "
                "maintain ({ids}). Add them to `maintainers` of one of those (an owner's "
                "change) or have a maintainer make it."
            ),
            "D": _(
                "{who} deletes {path}, an attachment linked only by documents they do not "
                "maintain ({ids}). Add them to `maintainers` of one of those (an owner's "
                "change) or have a maintainer make it."
            ),
            "R": _(
                "{who} renames {path}, an attachment linked only by documents they do not "
                "maintain ({ids}). Add them to `maintainers` of one of those (an owner's "
                "change) or have a maintainer make it."
            ),
        }.get(
            _verb_of(change.status),
            _(
                "{who} changes {path}, an attachment linked only by documents they do not "
                "maintain ({ids}). Add them to `maintainers` of one of those (an owner's "
                "change) or have a maintainer make it."
            ),
        )
    return {
        "A": _(
            "{who} adds {path}, an attachment no document links. Have an internal owner "
            "make this change."
        ),
        "D": _(
            "{who} deletes {path}, an attachment no document links. Have an internal owner "
            "make this change."
        ),
        "R": _(
            "{who} renames {path}, an attachment no document links. Have an internal owner "
            "make this change."
        ),
    }.get(
        _verb_of(change.status),
        _(
            "{who} changes {path}, an attachment no document links. Have an internal owner "
            "make this change."
        ),
    )


def _verb_of(status: str) -> str:
    """A, D or R: the verb a message uses for a diff status (a copy adds a file)."""
    return "A" if status == "C" else status


def widened(
    before: Snapshot, after: Snapshot, entries: list[Renamed], policy: Policy
) -> Iterator[Finding]:
    """`attachment-access-widened`: an attachment shown or published to new audiences."""
    origins = _origins(before, after, entries)
    for attachment, linking in after.linkers.items():
        names = sorted(origins.get(attachment, ()))
        if not names:
            continue  # new with the pull request: no readers to widen
        allowed = set().union(*(_narrowest(before.linkers.get(n, []), policy) for n in names))
        shown: dict[str, set[str]] = {}  # whom each document linking it already showed it to
        for document in (d for name in names for d in before.linkers.get(name, [])):
            shown.setdefault(document.id, set()).update(readers(document, policy))
        found = [
            _shown_wider(document, attachment, allowed, exposed, policy)
            for document in linking
            if (exposed := set(readers(document, policy)) - allowed - shown.get(document.id, set()))
        ]
        wider = _narrowest(linking, policy) - allowed
        if wider and not found:
            found.append(_published_wider(attachment, linking, wider, policy))
        yield from found


def _shown_wider(
    document: Document, attachment: str, allowed: set[str], exposed: set[str], policy: Policy
) -> Finding:
    return Finding(
        str(document.path),
        link_targets(document)[attachment],
        "attachment-access-widened",
        _(
            "{id} links {attachment}, an attachment only {allowed} may read at the base: the "
            "link shows it to {exposed}. Link it only from documents with the same readers, "
            "or have an internal owner widen the documents that link it."
        ).format(
            id=document.id,
            attachment=attachment,
            allowed=_audiences(allowed, policy),
            exposed=_audiences(exposed, policy),
        ),
    )


def _published_wider(
    attachment: str, linking: list[Document], wider: set[str], policy: Policy
) -> Finding:
    return Finding(
        attachment,
        0,
        "attachment-access-widened",
        _(
            "{attachment} becomes readable by {audiences}: the documents that link it now "
            "({ids}) are all readable by them. Keep it linked from a document with its former "
            "readers, or have an internal owner make this change."
        ).format(
            attachment=attachment,
            audiences=_audiences(wider, policy),
            ids=", ".join(d.id for d in linking),
        ),
    )


def _origins(before: Snapshot, after: Snapshot, entries: list[Renamed]) -> dict[str, set[str]]:
    """Each attachment at the head -> its names at the base (none for a new one).

    A new name inherits the readers of the file it was renamed or copied from,
    including a copy Git does not see as one (same content, another name).
    """
    copies: dict[str, set[str]] = {}
    for path, sha in before.files.items():
        if before.kind(path) is Kind.ATTACHMENT:
            copies.setdefault(sha, set()).add(path)
    renamed = {e.new: e.old for e in entries if e.status in "RC"}
    origins: dict[str, set[str]] = {}
    for path, sha in after.files.items():
        if after.kind(path) is not Kind.ATTACHMENT:
            continue
        if before.kind(path) is Kind.ATTACHMENT:
            origins[path] = {path}
        elif before.kind(renamed.get(path, "")) is Kind.ATTACHMENT:
            origins[path] = {renamed[path]}
        else:
            origins[path] = copies.get(sha, set())
    return origins


def _narrowest(documents: list[Document], policy: Policy) -> set[str]:
    """The audiences that may read every one of `documents` (none for no document)."""
    if not documents:
        return set()
    return set.intersection(*(set(readers(d, policy)) for d in documents))


def _audiences(ids: set[str], policy: Policy) -> str:
    return ", ".join(a for a in policy.audiences if a in ids) or _("no audience")
