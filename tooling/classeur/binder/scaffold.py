"""`new`: a document from a French template, already valid for `check`, and the
committed CODEOWNERS kept current with it.

Every option is checked before anything is written: the function, each access tag
(with the closest declared one suggested), the title (the schema's own rules).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path, PurePosixPath

from pydantic import TypeAdapter, ValidationError

from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.common.i18n import _, ngettext
from classeur.model.corpus import read_document
from classeur.model.findings import Severity
from classeur.model.frontmatter import PLACEHOLDERS, parse_document
from classeur.model.policy import Function, Policy
from classeur.model.records import DocType, Status
from classeur.model.report import Report
from classeur.model.schema import MAX_TITLE, Title
from classeur.rules.codeowners import read_committed_codeowners, render_codeowners
from classeur.rules.placeholders import JUDGED as PLACEHOLDER_STATUSES


@dataclass(frozen=True)
class NewDocument:
    """What `classeur new` will write, and where."""

    path: PurePosixPath  # root-relative
    id: str
    text: str


def scaffold(
    policy: Policy,
    *,
    doc_type: DocType,
    function_id: str,
    title: str,
    today: date,
    existing_ids: Iterable[str],
    access: Sequence[str] = (),
    status: Status = Status.DRAFT,
    folder: str = "procedures",
) -> NewDocument:
    """Fill the template of `doc_type` for `function_id`; raise PortalError on bad input.

    Every option is checked before anything is made, and the result is read back by
    the one strict parser: `new` never writes a file that `check` would refuse.
    """
    function = _function(policy, function_id)
    tags = _access(policy, access, function)
    title = _title(title)
    if status in PLACEHOLDER_STATUSES:
        raise PortalError(
            _(
                "a new document is written from a template that still says « {marker} »; as "
                "{status} it would fail `check` (placeholder-left). Create it as a draft, "
                "then set `status: {status}` once it is written. Nothing was written."
            ).format(marker=PLACEHOLDERS[0], status=status.value)
        )
    every = policy.review.default_every.get(doc_type) if policy.review else None
    doc_id = next_id(function.prefix, existing_ids)
    header = [
        "---",
        f"id: {doc_id}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"type: {doc_type.value}",
        f"function: {function.id}",
        f"owners: [{function.owner}]",
        "maintainers: []",
        f"status: {status.value}",
        f"access: [{', '.join(tags)}]",
        f"last_reviewed: {today.isoformat()}",
        f"reviewed_by: {function.owner}",
    ]
    if every is not None:
        header.append(f"review_every: {every.text}")
    body = template(doc_type).replace("{title}", title).replace("{owners}", function.owner)
    path = PurePosixPath(folder, function.id, f"{slugify(title)}.md")
    new = NewDocument(path, doc_id, "\n".join([*header, "---", "", body]))
    _refuse_invalid(new)
    return new


def template(doc_type: DocType) -> str:
    """The French template of a document type, as shipped in classeur/templates/."""
    return files("classeur").joinpath("templates", f"{doc_type.value}.md").read_text("utf-8")


def _function(policy: Policy, function_id: str) -> Function:
    function = policy.functions.get(function_id)
    if function is not None:
        return function
    raise PortalError(
        _('unknown function "{function}".').format(function=function_id)
        + _suggestion(function_id, policy.functions)
        + _(" Known functions: {known}.").format(known=", ".join(sorted(policy.functions)) or "—")
    )


def _access(policy: Policy, access: Sequence[str], function: Function) -> list[str]:
    """The tags of --access, each declared, or the function's default ones."""
    for tag in access:
        if tag not in policy.tags:
            raise PortalError(
                _('--access: "{tag}" is not a declared access tag.').format(tag=tag)
                + _suggestion(tag, policy.tags)
                + _(" Known tags: {known} (access_policies/audiences.yml).").format(
                    known=", ".join(sorted(policy.tags)) or "—"
                )
                + _(" Nothing was written.")
            )
    tags = list(dict.fromkeys(access)) or list(function.access)
    if not tags:
        raise PortalError(
            _(
                "no access for the new document. Pass --access TAG, or set `access` for function "
                '"{function}" in access_policies/functions.yml (nothing is readable by default).'
            ).format(function=function.id)
        )
    return tags


def _title(title: str) -> str:
    """--title, trimmed, held to the schema's rules for a title."""
    trimmed = title.strip()
    if not trimmed:
        raise PortalError(_("the title is empty. Pass --title with the document's French title."))
    try:
        TypeAdapter(Title).validate_python(trimmed)
    except ValidationError as error:
        detail = error.errors()[0]
        reason = (
            ngettext(
                "it is longer than {count} character",
                "it is longer than {count} characters",
                MAX_TITLE,
            ).format(count=MAX_TITLE)
            if detail["type"] == "too_long"
            else detail["msg"]
        )
        raise PortalError(
            _("--title: {reason}. Nothing was written.").format(reason=reason)
        ) from None
    return trimmed


def _suggestion(wrong: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(wrong, list(known), n=1)
    return _(' Did you mean "{name}"?').format(name=close[0]) if close else ""


def _refuse_invalid(new: NewDocument) -> None:
    """The strict parser's verdict on what `new` would write (a template gone wrong)."""
    _document, findings = parse_document(new.path, new.text.encode("utf-8"))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise PortalError(
            _("the new document would not pass `check`: {problems} Nothing was written.").format(
                problems=" ".join(f"{f.code}: {f.message}" for f in errors)
            )
        )


def next_id(prefix: str, existing_ids: Iterable[str]) -> str:
    """The first `PREFIX-NNN` above every existing id with that prefix."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [int(m.group(1)) for i in existing_ids if (m := pattern.match(i))]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


def slugify(title: str) -> str:
    """A file name from a French title: ASCII, lower case, hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-") or "document"


def refresh_codeowners(root: Path, report: Report, added: PurePosixPath) -> tuple[str, ...]:
    """Rewrite each committed CODEOWNERS that differs once `added` (just written) is read.

    `report` is the check made before writing it; returns the locations rewritten.
    """
    committed = read_committed_codeowners(root)
    if not committed:
        return ()  # nothing to keep current: skip reading the new document
    document, _findings = read_document(str(root), str(added))
    documents = [s.document for s in report.documents] + ([document] if document else [])
    text = render_codeowners(documents, report.policy, report.files | {str(added)})
    return rewrite_codeowners(root, committed, text)


def rewrite_codeowners(root: Path, committed: dict[str, str], text: str) -> tuple[str, ...]:
    """Write `text` over each committed CODEOWNERS that differs; the locations rewritten."""
    rewritten = tuple(location for location, old in committed.items() if old != text)
    for location in rewritten:
        write_atomic(root / location, text.encode("utf-8"))
    return rewritten
