"""The audit of a whole handover dossier, before its archive is written.

The site goes through `audit_site` as every published site does (unexpected
files, and every byte). Every other file is then searched with the same
needles, in what a reader reads of it: text files as they are, the PDFs by
their text read back from their bytes (compressed streams hide it from a byte
search), the history bundle by its blobs and commit messages uncompressed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from classeur.common.forked import can_fork
from classeur.model.findings import Finding
from classeur.model.report import Report
from classeur.publish.audit import audit_site
from classeur.publish.dossier import BUNDLE, DossierFile

SITE = "site"  # the folder of the dossier holding the audience's site


@dataclass(frozen=True)
class Readable:
    """What the audit reads of the dossier's binary files."""

    texts: dict[str, str]  # a PDF's path in the dossier -> its text, read back from its bytes
    history: bytes  # the bundle's blobs and commit messages, uncompressed


def audit_dossier(
    root: Path,
    report: Report,
    audience: str,
    files: list[DossierFile],
    read: Readable,
    work: Path,
    archive: Path,
) -> list[Finding]:
    """Every trace, in any file of the dossier, of what `audience` may not read.

    `work` is a folder to lay the files out in; findings name the files as
    `archive/path`. The report must be the whole binder's, with bodies.
    """
    shown = archive.as_posix()
    helper = can_fork()
    site = work / SITE
    findings: list[Finding] = []
    origin: dict[str, str] = {}
    for file in files:
        if file.path.startswith(f"{SITE}/"):
            name, data = file.path, file.data
        else:
            name, data = _readable(file, read)
            name = f"view/{name}"
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        origin[name] = file.path
    for folder, whole in ((site, True), (work / "view", False)):
        for finding in audit_site(
            folder, root, report, audience, include_drafts=False, helper=helper
        ):
            if not whole and finding.code == "unexpected-file":
                continue  # the view holds no site: every file there is unexpected
            name = Path(finding.path).relative_to(work).as_posix()
            findings.append(replace(finding, path=f"{shown}/{origin[name]}"))
    return findings


def _readable(file: DossierFile, read: Readable) -> tuple[str, bytes]:
    """What the audit reads of a dossier file, under its name in the audit's view."""
    if file.path == BUNDLE:
        return f"{BUNDLE}.txt", read.history
    if file.path in read.texts:
        return f"{file.path}.txt", read.texts[file.path].encode("utf-8")
    return file.path, file.data  # text files, and attachments as the site holds them
