"""`build`: one static site per audience, staged, rendered, audited, then swapped in.

A site is only moved into place once every requested audience has been built
and audited, so a failed build leaves the previously published sites as they
were. Several audiences are built in parallel, one process each.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from classeur.binder.check import check
from classeur.common.errors import PortalError
from classeur.common.fileio import scratch_folder, tree_files, write_atomic
from classeur.common.forked import can_fork, is_fork_safe
from classeur.common.i18n import _
from classeur.git.history import load_history
from classeur.model.findings import Finding, Severity
from classeur.model.report import Report
from classeur.pilotage.records import SteeringPack
from classeur.publish.audit import audit_site
from classeur.publish.pilotage_pages import FROM_BINDER, FromBinder, audience_pack
from classeur.publish.postbuild import finish_site
from classeur.publish.regions import Markers, new_nonce
from classeur.publish.renderer import Renderer, Sharing
from classeur.publish.staging import stage

LANDING = "index.html"


@dataclass(frozen=True)
class _Work:
    """What every audience of one build shares: the renderer, the markers, the options."""

    renderer: Renderer
    markers: Markers
    include_drafts: bool
    # Pilotage (issue #12): each audience's steering pack, computed once before the
    # workers fork (its Git reads would otherwise run in every one of them).
    packs: Mapping[str, SteeringPack | None]
    transient: Path  # for what only the build reads (in memory when the system can)


@dataclass(frozen=True)
class Built:
    """One audience's finished build, before it is moved into place."""

    audience: str
    site: Path
    pages: int
    seconds: float
    findings: tuple[Finding, ...]  # audit findings: any of them stops the publication


@dataclass(frozen=True)
class Outcome:
    """What `build_sites` did: refused (findings) or published (built)."""

    findings: tuple[Finding, ...]
    built: tuple[Built, ...]


def build_sites(
    root: Path,
    audiences: Sequence[str],
    out: Path,
    *,
    renderer: Renderer,
    today: date,
    include_drafts: bool = False,
    on_done: Callable[[Built], None] | None = None,
    with_history: bool = True,
) -> Outcome:
    """Build `audiences` into `out/<audience>/`; publish all of them or none."""
    history = load_history(root) if with_history else None
    report = check(root, today=today, overdue_is_error=False, keep_bodies=True, history=history)
    errors = tuple(f for f in report.findings if f.severity is Severity.ERROR)
    if errors:
        return Outcome(errors, ())
    unknown = [a for a in audiences if a not in report.policy.audiences]
    if unknown:
        known = ", ".join(report.policy.audiences)
        raise PortalError(
            _('unknown audience "{audience}". Known audiences: {known}.').format(
                audience=unknown[0], known=known
            )
        )
    out.mkdir(parents=True, exist_ok=True)
    # The sites are made beside `out` (each is moved into it whole); what only the build
    # reads (staging trees, shared conversions) is made in memory when the system can.
    with (
        tempfile.TemporaryDirectory(dir=out, prefix=".build-") as scratch,
        scratch_folder("classeur-build-") as transient,
    ):
        packs = {a: audience_pack(root, report, a) for a in audiences}
        work = _Work(renderer, Markers(new_nonce()), include_drafts, packs, Path(transient))
        built = _build_all(root, report, audiences, Path(scratch), work, on_done)
        leaks = tuple(f for b in built for f in b.findings)
        if leaks:
            return Outcome(leaks, tuple(built))
        for result in built:
            swap(result.site, out / result.audience, Path(scratch))
    write_landing(out, report)
    return Outcome((), tuple(built))


def _build_all(
    root: Path,
    report: Report,
    audiences: Sequence[str],
    scratch: Path,
    work: _Work,
    on_done: Callable[[Built], None] | None,
) -> list[Built]:
    # Largest site first: with more audiences than cores, the small ones share a core.
    size = {a: sum(1 for s in report.documents if a in s.audiences) for a in audiences}
    ordered = sorted(audiences, key=lambda a: -size[a])
    cores = multiprocessing.cpu_count()
    forking = is_fork_safe()  # never beside other threads (watch, serve)
    workers = min(len(ordered), cores)

    shared = work.transient / "converted" if len(ordered) > 1 else None

    def sharing(n: int) -> Sharing:
        # One site alone leaves a core idle; so does a site started once the first
        # ones are done (three audiences on two cores: the third): helpers use it.
        # Two sites converted side by side go first to last, each taking the pages
        # the other has claimed from the cache; a helper of one goes last to first.
        second_core = can_fork() and (len(ordered) == 1 or n >= workers)
        return Sharing(second_core, shared, filler=forking and n < workers and n % 2 == 1)

    jobs = [
        (
            root,
            report,
            a,
            scratch / a,
            work.include_drafts,
            sharing(n),
            work.renderer,
            work.markers,
            work.packs[a],
            work.transient / a / "stage",
        )
        for n, a in enumerate(ordered)
    ]
    if len(jobs) < 2 or not forking:
        results = [build_one(*job) for job in jobs]
        for result in results:
            if on_done:
                on_done(result)
        return results
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(build_one, *job) for job in jobs]
        results = []
        for future in futures:
            results.append(future.result())
            if on_done:
                on_done(results[-1])
    return results


def build_one(
    root: Path,
    report: Report,
    audience: str,
    work: Path,
    include_drafts: bool,
    sharing: Sharing,
    renderer: Renderer,
    markers: Markers,
    pilotage: SteeringPack | FromBinder | None = FROM_BINDER,
    staging: Path | None = None,
) -> Built:
    """Stage, render, finish and audit one audience's site under `work` (its staging
    tree at `staging`, by default in `work` too)."""
    started = time.perf_counter()
    staged = stage(
        root,
        report,
        audience,
        include_drafts=include_drafts,
        target=staging or work / "stage",
        markers=markers,
        pilotage=pilotage,
        site_url=report.policy.audiences[audience].url,
    )
    site = work / "site"
    renderer.render(root, staged, site, _PageProgress(audience), sharing)
    if not (site / "index.html").is_file():  # never audit, and publish, an empty folder
        raise PortalError(
            _("the renderer wrote no site for {audience} in {site}.").format(
                audience=audience, site=site
            )
        )
    helper = sharing.second_core
    findings = finish_site(site, staged.pages, markers, helper=helper)
    findings += audit_site(
        site,
        root,
        report,
        audience,
        include_drafts=include_drafts,
        helper=helper,
        manifest=staged.manifest,
    )
    pages = sum(1 for path in tree_files(site) if path.endswith(".html"))
    return Built(audience, site, pages, time.perf_counter() - started, tuple(findings))


class _PageProgress:
    """Prints, for a long build, how far MkDocs has gone (every fifth of the pages)."""

    def __init__(self, audience: str) -> None:
        self.audience, self.shown = audience, 0

    def __call__(self, done: int, total: int) -> None:
        step = total // 5
        if total >= 500 and done >= self.shown + step:
            self.shown = done
            print(f"  {self.audience}: {done}/{total} pages rendered", file=sys.stderr, flush=True)


def swap(new: Path, target: Path, scratch: Path) -> None:
    """Put `new` at `target`; the old site stays whole until the new one is in place."""
    if target.exists():
        retired = scratch / f"retired-{target.name}"
        target.rename(retired)
        new.rename(target)
        shutil.rmtree(retired)
    else:
        new.rename(target)


def write_landing(out: Path, report: Report) -> None:
    """A page linking each audience's site present in `out` (for local preview)."""
    items = "".join(
        f'<li><a href="{escape(a.id)}/">{escape(a.name)}</a></li>'
        for a in report.policy.audiences.values()
        if (out / a.id).is_dir()
    )
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Classeur des procédures</title><style>{_LANDING_STYLE}</style></head><body>"
        "<header>Classeur des procédures</header><main>"
        "<h1>Choisissez votre site</h1>"
        f"<ul>{items}</ul></main></body></html>\n"
    )
    write_atomic(out / LANDING, page.encode("utf-8"))


# The sites' look (Material, indigo, the system fonts of `font: false`) without loading
# one site's hashed stylesheets from another folder: the page stands alone (issue #15).
_LANDING_STYLE = (
    "body{margin:0;font-family:-apple-system,BlinkMacSystemFont,Helvetica,Arial,sans-serif;"
    "color:rgba(0,0,0,.87);background:#fff;-webkit-font-smoothing:antialiased}"
    "header{background:#4051b5;color:#fff;font-size:1.2rem;font-weight:700;"
    "padding:.9rem 1.2rem;box-shadow:0 0 .2rem rgba(0,0,0,.1),0 .2rem .4rem rgba(0,0,0,.2)}"
    "main{max-width:40rem;margin:2rem auto;padding:0 1.2rem}"
    "h1{font-size:1.6rem;font-weight:300;color:rgba(0,0,0,.54)}"
    "ul{list-style:none;padding:0}li{margin:.6rem 0}"
    "a{display:block;padding:.8rem 1rem;border:1px solid rgba(0,0,0,.12);border-radius:.2rem;"
    "color:#4051b5;font-weight:700;text-decoration:none}"
    "a:hover,a:focus{border-color:#4051b5;background:#f5f6fc}"
    "@media (prefers-color-scheme:dark){body{background:#1e2129;color:#e2e4e9}"
    "h1{color:#c5c8d1}a{color:#a0acf0;border-color:#3a3e4a}"
    "a:hover,a:focus{background:#262a35;border-color:#a0acf0}}"
)
