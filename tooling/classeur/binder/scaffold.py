"""`new`: a document from a French template, already valid for `check`, and the
committed CODEOWNERS kept current with it."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path, PurePosixPath

from classeur.common.errors import PortalError
from classeur.common.fileio import write_atomic
from classeur.model.corpus import read_document
from classeur.model.policy import Policy
from classeur.model.records import DocType, Status
from classeur.model.report import Report
from classeur.rules.codeowners import read_committed_codeowners, render_codeowners


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
    """Fill the template of `doc_type` for `function_id`; raise PortalError on bad input."""
    function = policy.functions.get(function_id)
    if function is None:
        known = ", ".join(sorted(policy.functions)) or "none"
        raise PortalError(f'unknown function "{function_id}". Known functions: {known}.')
    tags = list(access) or list(function.access)
    if not tags:
        raise PortalError(
            "no access for the new document. Pass --access TAG, or set `access` for function "
            f'"{function_id}" in access_policies/functions.yml (nothing is readable by default).'
        )
    if not title.strip():
        raise PortalError("the title is empty. Pass --title with the document's French title.")
    every = policy.review.default_every.get(doc_type) if policy.review else None
    doc_id = next_id(function.prefix, existing_ids)
    header = [
        "---",
        f"id: {doc_id}",
        f"title: {json.dumps(title.strip(), ensure_ascii=False)}",
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
    template = files("classeur").joinpath("templates", f"{doc_type.value}.md").read_text("utf-8")
    body = template.replace("{title}", title.strip()).replace("{owners}", function.owner)
    path = PurePosixPath(folder, function.id, f"{slugify(title)}.md")
    return NewDocument(path, doc_id, "\n".join([*header, "---", "", body]))


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
    document, _ = read_document(str(root), str(added))
    documents = [s.document for s in report.documents] + ([document] if document else [])
    text = render_codeowners(documents, report.policy, report.files | {str(added)})
    rewritten = tuple(location for location, old in committed.items() if old != text)
    for location in rewritten:
        write_atomic(root / location, text.encode("utf-8"))
    return rewritten
