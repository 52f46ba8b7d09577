"""Writing a planned import: every file exclusive and atomic, never over an existing
one nor through a symbolic link; a document that cannot be written whole leaves nothing
of its own behind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from classeur.common.fileio import write_atomic
from classeur.common.i18n import _
from classeur.importing.plan import Plan, PlannedDocument
from classeur.model.findings import Finding


@dataclass(frozen=True)
class Written:
    """What an import wrote, and the documents refused at the last moment."""

    documents: tuple[PlannedDocument, ...]
    attachments: tuple[PurePosixPath, ...]
    findings: tuple[Finding, ...]


class _Blocked(Exception):
    """A file that may not be written: it exists, or a folder on its way is a link."""

    def __init__(self, code: str, finding_message: str) -> None:
        super().__init__(finding_message)
        self.code = code
        self.finding_message = finding_message


def write_plan(root: Path, plan: Plan) -> Written:
    """Write each document with its attachments; one that meets an existing file is
    refused and what was written for it alone is removed."""
    documents: list[PlannedDocument] = []
    attachments: list[PurePosixPath] = []
    findings: list[Finding] = []
    for document in plan.documents:
        mine: list[PurePosixPath] = []
        try:
            for attachment in document.attachments:
                if attachment not in attachments:
                    _write(root, attachment, plan.attachments[attachment].read_bytes())
                    mine.append(attachment)
            _write(root, document.target, document.text.encode("utf-8"))
        except _Blocked as blocked:
            for path in mine:
                (root / path).unlink(missing_ok=True)
            findings.append(Finding(document.source, 0, blocked.code, blocked.finding_message))
            continue
        attachments += mine
        documents.append(document)
    return Written(tuple(documents), tuple(attachments), tuple(findings))


def _write(root: Path, relative: PurePosixPath, data: bytes) -> None:
    folder = root
    for part in relative.parent.parts:
        folder = folder / part
        if folder.is_symlink():  # a write through it could land outside the binder
            raise _Blocked(
                "symlink-target",
                _(
                    "{folder} is a symbolic link: nothing is written through it, so this page "
                    "was not imported. Replace the link with a folder."
                ).format(
                    folder=PurePosixPath(*relative.parts[: len(folder.relative_to(root).parts)])
                ),
            )
    try:
        write_atomic(root / relative, data, exclusive=True)
    except FileExistsError:
        raise _Blocked(
            "target-exists",
            _(
                "{target} appeared while importing: this page was not imported, and nothing "
                "was written for it. Import it again."
            ).format(target=relative),
        ) from None
