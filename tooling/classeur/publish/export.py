"""`export`: the handover dossier of one audience, as one verifiable zip.

What a company hands to a new provider, or takes back in-house, on one day:
the audience's site built through the same staging, post-build pass and audit
as the published sites (build.build_one), then made to work from file://;
one PDF per document and one of them all; the inventory; the attachments the
audience may read; the Git history of exactly the exported files, as a bundle;
a manifest with every file's SHA-256. Before anything is written, the audit's
needles run over every file of the dossier: the site's bytes, the PDFs' text,
the inventory, the manifest and the history's blobs and messages. One finding
and no archive is written. The same commit and options give the same bytes.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from classeur.binder.check import check
from classeur.common.errors import PortalError
from classeur.common.forked import can_fork
from classeur.common.i18n import _, ngettext
from classeur.git.bundle import commit_time, create_bundle, head_commit, uncommitted
from classeur.git.history import load_history
from classeur.model.findings import Finding, Severity
from classeur.model.history import History
from classeur.model.needles import subjects
from classeur.model.report import Report
from classeur.publish.build import build_one
from classeur.publish.document_pdf import Cover, render_pdfs
from classeur.publish.dossier import (
    BUNDLE,
    DossierFile,
    DossierOptions,
    manifest_for,
    write_zip,
)
from classeur.publish.dossier_audit import SITE, Readable, audit_dossier
from classeur.publish.dossier_readme import ReadmeFacts, dossier_readme
from classeur.publish.history_lines import MASKED_MESSAGE, touched_paths
from classeur.publish.inventory import build_inventory, inventory_files
from classeur.publish.labels import french_date
from classeur.publish.manifest import Manifest, build_manifest
from classeur.publish.regions import Markers, new_nonce
from classeur.publish.renderer import Renderer, Sharing
from classeur.publish.urls import site_path

PDF = "pdf"
COMBINED = f"{PDF}/dossier-complet.pdf"
ATTACHMENTS = "pieces-jointes"
Step = Callable[[str, int, int], None]  # (what, done, total): total 0 for a step without count


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the audience, optionally one function, as on `today`."""

    audience: str
    today: date
    function: str | None = None
    pdf: bool = True


@dataclass(frozen=True)
class Exported:
    """A dossier written: where, how many files and documents, from which commit."""

    archive: Path
    files: int
    documents: int
    commit: str
    seconds: float


@dataclass(frozen=True)
class ExportOutcome:
    """Refused (findings: nothing was written) or written."""

    findings: tuple[Finding, ...]
    exported: Exported | None


@dataclass(frozen=True)
class _Plan:
    """What one export works from, learned before anything is built."""

    root: Path
    request: ExportRequest
    commit: str
    history: History
    report: Report  # the whole binder: the audit's needles come from all of it
    scoped: Report  # what the dossier holds (one function's documents when asked)
    manifest: Manifest

    @property
    def paths(self) -> list[str]:
        """The exported files: the documents and their attachments, root-relative."""
        return [d.src for d in self.manifest.documents] + list(self.manifest.attachments)


def export_dossier(
    root: Path,
    request: ExportRequest,
    archive: Path,
    *,
    renderer: Renderer,
    offline: Callable[[Path], None],
    on_step: Step | None = None,
) -> ExportOutcome:
    """Write the dossier of `request` at `archive`, or nothing when a check or audit fails.

    `offline` turns a built site into one that works from file:// (the site
    adapter provides it, as it provides the renderer).
    """
    started = time.perf_counter()
    step = on_step or _silent
    plan = _plan(root, request)
    if isinstance(plan, tuple):
        return ExportOutcome(plan, None)
    with tempfile.TemporaryDirectory(prefix="classeur-export-") as scratch:
        work = Path(scratch)
        step("site", 0, 0)
        with _pinned_build_date(root, plan.commit):
            sharing, markers = Sharing(second_core=can_fork()), Markers(new_nonce())
            built = build_one(
                root,
                plan.scoped,
                request.audience,
                work / "build",
                False,
                sharing,
                renderer,
                markers,
            )
        if built.findings:
            return ExportOutcome(built.findings, None)
        offline(built.site)
        files, read = _assemble(plan, built.site, work, step)
        step("audit", 0, 0)
        leaks = audit_dossier(
            root, plan.report, request.audience, files, read, work / "audit", archive
        )
        if leaks:
            return ExportOutcome(tuple(leaks), None)
        step("archive", 0, 0)
        write_zip(archive, files)
    documents, seconds = len(plan.manifest.documents), time.perf_counter() - started
    return ExportOutcome((), Exported(archive, len(files), documents, plan.commit, seconds))


def _silent(what: str, done: int, total: int) -> None:
    """No progress shown."""


def _plan(root: Path, request: ExportRequest) -> _Plan | tuple[Finding, ...]:
    """What to export, or the errors that stop it (`check`'s, as `build` stops on them)."""
    commit = head_commit(root)  # no repository, no history to hand over: said first
    history = load_history(root)
    report = check(
        root, today=request.today, overdue_is_error=False, keep_bodies=True, history=history
    )
    errors = tuple(f for f in report.findings if f.severity is Severity.ERROR)
    if errors:
        return errors
    scoped = _scoped(report, request)
    manifest = build_manifest(scoped, request.audience, include_drafts=False, files=report.files)
    if not manifest.documents:
        raise PortalError(_nothing_to_export(request))
    plan = _Plan(root, request, commit, history, report, scoped, manifest)
    _refuse_uncommitted(root, plan.paths)
    return plan


def _assemble(
    plan: _Plan, site: Path, work: Path, step: Step
) -> tuple[list[DossierFile], Readable]:
    """Every file of the dossier, and what the audit reads of its binary ones."""
    manifest, request = plan.manifest, plan.request
    files = _site_files(site)
    pdf_paths = {d.id: f"{PDF}/{d.id}.pdf" for d in manifest.documents} if request.pdf else {}
    texts: dict[str, str] = {}
    if request.pdf:
        pdfs, texts = _pdfs(plan, site, pdf_paths, step)
        files += pdfs
    staged = _staged_plans(work / "build" / "stage", manifest)
    files += inventory_files(build_inventory(manifest.documents, staged, pdf_paths))
    files += [
        DossierFile(f"{ATTACHMENTS}/{a}", (plan.root / a).read_bytes())
        for a in manifest.attachments
    ]
    step("history", 0, 0)
    rule = _message_rule(plan.report, plan.history, request.audience)
    bundled = create_bundle(plan.root, plan.paths, work / BUNDLE, rule)
    files.append(DossierFile(BUNDLE, (work / BUNDLE).read_bytes()))
    files.append(dossier_readme(_facts(plan)))
    options = DossierOptions(audience=request.audience, function=request.function, pdf=request.pdf)
    day = request.today.isoformat()
    name = manifest.audience_name
    files.append(
        manifest_for(files, audience_name=name, commit=plan.commit, day=day, options=options)
    )
    return files, Readable(texts, bundled.stream)


def _pdfs(
    plan: _Plan, site: Path, paths: dict[str, str], step: Step
) -> tuple[list[DossierFile], dict[str, str]]:
    """The PDFs, and their text as read back from them (path in the dossier -> text)."""
    documents = plan.manifest.documents
    total = len(documents) + 1
    step("pdf", 0, total)
    made = render_pdfs(
        site,
        documents,
        _cover(plan),
        helper=can_fork(),
        progress=lambda done: step("pdf", done, total),
    )
    pdfs = [(paths[identifier], pdf) for identifier, pdf in made.documents]
    pdfs.append((COMBINED, made.combined))
    return [DossierFile(path, pdf.data) for path, pdf in pdfs], {p: pdf.text for p, pdf in pdfs}


def _cover(plan: _Plan) -> Cover:
    """The combined PDF's first page (French, for its reader)."""
    manifest, day = plan.manifest, plan.request.today.isoformat()
    lines = [f"Destinataire : {manifest.audience_name}"]
    label = _function_label(plan)
    if label:
        lines.append(f"Fonction : {label}")
    lines += [
        f"{len(manifest.documents)} documents",
        f"Date : {french_date(day)}",
        f"Version du classeur : {plan.commit[:12]}",
    ]
    return Cover(f"Dossier de réversibilité — {manifest.audience_name}", day, tuple(lines))


def _function_label(plan: _Plan) -> str | None:
    function = plan.request.function
    if function is None:
        return None
    return next((f.label for f in plan.manifest.functions if f.id == function), function)


def _facts(plan: _Plan) -> ReadmeFacts:
    return ReadmeFacts(
        audience_name=plan.manifest.audience_name,
        function_label=_function_label(plan),
        day=plan.request.today.isoformat(),
        commit=plan.commit,
        documents=len(plan.manifest.documents),
        pdf=plan.request.pdf,
    )


def _scoped(report: Report, request: ExportRequest) -> Report:
    """The report as the dossier sees it: one function's documents when asked."""
    policy = report.policy
    if request.audience not in policy.audiences:
        known = ", ".join(policy.audiences)
        raise PortalError(
            _('unknown audience "{audience}". Known audiences: {known}.').format(
                audience=request.audience, known=known
            )
        )
    if request.function is None:
        return report
    if request.function not in policy.functions:
        known = ", ".join(policy.functions)
        raise PortalError(
            _('unknown function "{function}". Known functions: {known}.').format(
                function=request.function, known=known
            )
        )
    chosen = tuple(s for s in report.documents if s.document.function == request.function)
    return replace(report, documents=chosen)


def _nothing_to_export(request: ExportRequest) -> str:
    if request.function:
        return _(
            '"{audience}" may read no published document of function "{function}": there is '
            "nothing to export. Check the documents' `access` and `status`."
        ).format(audience=request.audience, function=request.function)
    return _(
        '"{audience}" may read no published document: there is nothing to export. Check the '
        "documents' `access` and `status`."
    ).format(audience=request.audience)


def _refuse_uncommitted(root: Path, paths: list[str]) -> None:
    """The dossier names one commit: its documents must be that commit's."""
    changed = uncommitted(root, paths)
    if changed:
        more = len(changed) - 1
        if more:
            message = ngettext(
                "{path} and {count} more differ from the last commit; the dossier holds the "
                "documents of one commit, with their history. Commit the changes, then export "
                "again.",
                "{path} and {count} more differ from the last commit; the dossier holds the "
                "documents of one commit, with their history. Commit the changes, then export "
                "again.",
                more,
            )
        else:
            message = _(
                "{path} differs from the last commit; the dossier holds the documents of one "
                "commit, with their history. Commit the changes, then export again."
            )
        raise PortalError(message.format(path=changed[0], count=more))


@contextmanager
def _pinned_build_date(root: Path, commit: str) -> Iterator[None]:
    """The renderer's build date (sitemaps, compressed files) is the commit's, not today's."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(commit_time(root, commit))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _site_files(site: Path) -> list[DossierFile]:
    return [
        DossierFile(f"{SITE}/{path.relative_to(site).as_posix()}", path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.is_file()
    ]


def _staged_plans(stage: Path, manifest: Manifest) -> dict[str, str]:
    """Each document's staged text (links to what the audience may not read already gone)."""
    # build_one stages under its work folder, in `stage/docs/<site path>`.
    return {
        d.id: (stage / "docs" / site_path(d.src)).read_text(encoding="utf-8")
        for d in manifest.documents
    }


def _message_rule(report: Report, history: History, audience: str) -> Callable[[str, str], str]:
    """A commit keeps its message unless it touched a file the audience may not read."""
    readers = {str(s.document.path): s.audiences for s in report.documents}
    found = subjects([s.document for s in report.documents], readers, report.files)
    restricted = {s.path for s in found if audience not in s.readers}
    touched = touched_paths(history)

    def message(sha: str, text: str) -> str:
        return text if not touched.get(sha, set()) & restricted else MASKED_MESSAGE + "\n"

    return message
