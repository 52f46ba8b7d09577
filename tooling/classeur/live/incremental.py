"""What a save changes in the previewed sites, and rebuilding only that.

After a save the binder is checked again (every rule, on every document: the
cross-document rules need them all), then each audience that could read a
changed document before or after is staged again beside its current staging
tree. The staging tree is the renderer's only input, so the staged files
that differ are exactly what the save changed on that site: the document's
page, the generated pages that list it, the feed, an attachment. When the
changed pages keep their header (title, tags) and no page appears or goes,
only they are rendered again, finished, audited, and moved into the site;
otherwise, or when something outside procedures/ changed (the policy,
site_src/, mkdocs.yml), the audience is built again in full.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from classeur.binder.check import BinderState, evaluate, load_binder, reread
from classeur.common.errors import PortalError
from classeur.common.i18n import _, ngettext
from classeur.git.history import load_history
from classeur.live.restage import DOCS, Restager
from classeur.model.findings import Finding, Severity
from classeur.model.report import Report
from classeur.publish.audit import audit_site
from classeur.publish.build import swap, write_landing
from classeur.publish.postbuild import SiteMap, finish_pages, finish_site
from classeur.publish.regions import Markers, new_nonce
from classeur.publish.staging import Staged, stage
from classeur.publish.urls import page_output, site_path
from classeur.site.incremental import LiveSite

PROCEDURES = "procedures/"


@dataclass(frozen=True)
class Rebuilt:
    """What one rebuild did: the lines to print and the URLs to reload (None: every page)."""

    lines: tuple[str, ...]
    urls: tuple[str, ...] | None
    updated: bool


@dataclass
class _Audience:
    staged: Staged
    site: LiveSite
    files: frozenset[str]  # every file of the built site


class LivePreview:
    """The previewed sites of `out`, kept loaded between saves (in serve's worker process)."""

    def __init__(
        self,
        root: Path,
        out: Path,
        audiences: list[str],
        today: date | None,
        include_drafts: bool,
    ) -> None:
        self.root, self.out, self.audiences = root, out, audiences
        self.today, self.include_drafts = today, include_drafts
        self.markers = Markers(new_nonce())  # one for the worker's life: staged trees compare
        self.scratch = Path(tempfile.mkdtemp(dir=out, prefix=".live-"))
        self.history = load_history(root)  # commits are not watched: read once
        self.sites: dict[str, _Audience] = {}
        self.readers: dict[str, tuple[str, ...]] = {}
        self._restagers: dict[str, Restager] = {}
        # The binder as last read: a save re-reads only its files, as `watch` does, and
        # the single-document verdicts of the others are kept (BinderState.judged).
        self._binder: BinderState | None = None

    def close(self) -> None:
        """Remove the worker's scratch folder."""
        shutil.rmtree(self.scratch, ignore_errors=True)

    def start(self) -> Rebuilt:
        """The first build of every audience (its time is the cold start)."""
        return self._run(None)

    def update(self, paths: set[str]) -> Rebuilt:
        """Rebuild what a save of `paths` (root-relative) changed."""
        return self._run(paths)

    def _check(self, paths: set[str] | None) -> Report:
        """The whole binder judged, reading again only the saved files of procedures/."""
        if (
            self._binder is None
            or paths is None
            or any(not p.startswith(PROCEDURES) for p in paths)
        ):
            self._binder = load_binder(self.root, keep_bodies=True)  # the policy may have changed
        else:
            reread(self._binder, paths)
        return evaluate(
            self._binder,
            today=self.today or date.today(),
            overdue_is_error=False,
            history=self.history,
        )

    def _run(self, paths: set[str] | None) -> Rebuilt:
        started = time.perf_counter()
        report = self._check(paths)
        errors = tuple(f for f in report.findings if f.severity is Severity.ERROR)
        if errors:
            return _refused(errors)
        unknown = [a for a in self.audiences if a not in report.policy.audiences]
        if unknown:
            raise PortalError(
                _('unknown audience "{audience}". Known audiences: {known}.').format(
                    audience=unknown[0], known=", ".join(report.policy.audiences)
                )
            )
        concerned = self._concerned(report, paths)
        full = paths is None or any(not p.startswith(PROCEDURES) for p in paths)
        counts, urls, findings = _Counts(), [], []
        for audience in concerned:
            rewritten, refused = self._rebuild(report, audience, full, counts)
            urls += rewritten
            findings += refused
        self.readers = {str(s.document.path): s.audiences for s in report.documents}
        if findings:
            return _refused(tuple(findings))
        write_landing(self.out, report)
        seconds = time.perf_counter() - started
        every = counts.full or paths is None
        return Rebuilt(
            (counts.say(concerned, seconds, first=paths is None),),
            None if every else tuple(urls),
            True,
        )

    def _concerned(self, report: Report, paths: set[str] | None) -> list[str]:
        """Audiences that could read a changed document before or after the save."""
        if paths is None or any(not p.endswith(".md") for p in paths):
            return list(self.audiences)
        now = {str(s.document.path): s.audiences for s in report.documents}
        readers = {a for p in paths for a in (*self.readers.get(p, ()), *now.get(p, ()))}
        return [a for a in self.audiences if a in readers]

    def _rebuild(
        self, report: Report, audience: str, full: bool, counts: _Counts
    ) -> tuple[list[str], list[Finding]]:
        """The URLs rewritten on this audience's site, and the findings that stopped it."""
        restager = self._restagers.setdefault(audience, Restager(self.scratch / audience / "stage"))
        current = self.sites.pop(audience, None)  # put back once its site matches its stage
        restager.begin()
        staged = stage(
            self.root,
            report,
            audience,
            include_drafts=self.include_drafts,
            target=restager.root,
            markers=self.markers,
            writer=restager,
        )
        changes = restager.finish()
        if full or current is None or changes.whole:
            return [], self._build_whole(report, audience, staged, counts)
        current.staged = staged
        if not changes.changed:
            self.sites[audience] = current
            return [], []
        urls, findings = self._render(report, audience, current, list(changes.changed))
        if findings:
            return [], findings  # its stage has moved on: the next save builds it whole
        self.sites[audience] = current
        pages = [
            p[len(DOCS) :] for p in changes.changed if p.startswith(DOCS) and p.endswith(".md")
        ]
        counts.add(audience, pages, {site_path(d.src) for d in staged.manifest.documents})
        return urls, []

    def _build_whole(
        self, report: Report, audience: str, staged: Staged, counts: _Counts
    ) -> list[Finding]:
        """Build the audience from its staging tree and swap it into place."""
        built = self.scratch / audience / "site"
        if built.exists():
            shutil.rmtree(built)
        site = LiveSite.build(staged, built)
        findings = finish_site(site.site, staged.pages, self.markers, helper=False)
        findings += audit_site(
            site.site,
            self.root,
            report,
            audience,
            include_drafts=self.include_drafts,
            manifest=staged.manifest,
        )
        if findings:
            return findings
        swap(site.site, self.out / audience, self.scratch)
        site.moved_to(self.out / audience)
        files = frozenset(_files_of(self.out / audience))
        self.sites[audience] = _Audience(staged, site, files)
        counts.add(audience, [], set(), full=True)
        return []

    def _render(
        self, report: Report, audience: str, current: _Audience, changed: list[str]
    ) -> tuple[list[str], list[Finding]]:
        """Render the changed pages into a folder, finish and audit them, then move them in."""
        into = self.scratch / audience / "changed"
        if into.exists():
            shutil.rmtree(into)
        into.mkdir(parents=True)
        pages = [p[len(DOCS) :] for p in changed if p.startswith(DOCS) and p.endswith(".md")]
        written = current.site.render(pages, into) if pages else []
        for path in changed:
            if path.startswith(DOCS) and not path.endswith(
                ".md"
            ):  # an attachment, the feed: copied as MkDocs does
                target = into / path[len(DOCS) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(current.staged.root / path, target)
        shown = sorted(_files_of(into))
        outputs = {src: page_output(src) for src in current.staged.pages}
        site_map = SiteMap({o: s for s, o in outputs.items()}, outputs, current.files)
        findings = finish_pages(
            into, [p for p in shown if p.endswith(".html")], site_map, self.markers
        )
        findings += audit_site(
            into,
            self.root,
            report,
            audience,
            include_drafts=self.include_drafts,
            manifest=current.staged.manifest,
        )
        if findings:
            return [], findings
        site = self.out / audience
        for path in shown:
            (into / path).replace(site / path)
        return [f"/{audience}/{_url(path)}" for path in written], []


class _Counts:
    """What a rebuild did, per audience, for the line serve prints."""

    def __init__(self) -> None:
        self.documents: set[str] = set()
        self.generated: set[str] = set()
        self.full = False
        self.audiences: list[str] = []

    def add(
        self, audience: str, pages: list[str], documents: set[str], *, full: bool = False
    ) -> None:
        """One audience rebuilt: these staged pages (site paths), of which these documents."""
        self.audiences.append(audience)
        self.documents.update(p for p in pages if p in documents)
        self.generated.update(p for p in pages if p not in documents)
        self.full = self.full or full

    def say(self, concerned: list[str], seconds: float, *, first: bool) -> str:
        names = ", ".join(self.audiences) or ", ".join(concerned)
        if first:
            return _("Built {audiences} for the preview in {seconds:.1f} s.").format(
                audiences=names, seconds=seconds
            )
        if self.full:
            return _(
                "Rebuilt every page of {audiences} in {seconds:.1f} s "
                "(a page was added, removed or renamed, or the policy, site_src/ or "
                "mkdocs.yml changed)."
            ).format(audiences=names, seconds=seconds)
        if not self.audiences:
            return _("Nothing to rebuild: no site shows this change ({seconds:.1f} s).").format(
                seconds=seconds
            )
        count, more = len(self.documents), len(self.generated)
        pages = ngettext("{count} page", "{count} pages", count).format(count=count)
        generated = ngettext("{count} generated page", "{count} generated pages", more).format(
            count=more
        )
        return _("Rebuilt {pages} and {generated} for {audiences} in {seconds:.1f} s.").format(
            pages=pages, generated=generated, audiences=names, seconds=seconds
        )


def _files_of(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]


def _url(output: str) -> str:
    """The URL path of an output file, as a browser shows it."""
    return output.removesuffix("index.html")


def _refused(findings: tuple[Finding, ...]) -> Rebuilt:
    lines = [finding.render() for finding in findings]
    return Rebuilt((*lines, _("The sites were not updated.")), (), False)
