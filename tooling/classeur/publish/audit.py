"""`audit`: prove a built site holds nothing its audience may not read.

Independent of the renderer: it recomputes, from the binder, which files the
site may hold and which documents and attachments the audience may not read,
then reads every byte of every file (sitemaps decompressed) looking for what
names them (model/needles.py: ids, paths, page URLs, file names, stems) and for
the documents' titles and canaries, in every encoding a site writes text in.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from pathlib import Path

from classeur.common.fileio import tree_files
from classeur.common.forked import shared
from classeur.common.i18n import _
from classeur.model.corpus import SITE_SOURCE
from classeur.model.findings import Finding
from classeur.model.needles import (
    Boundary,
    Needle,
    Needles,
    Subject,
    automaton_of,
    hidden_from,
    is_bounded,
    occurrences,
    public_names,
    subjects,
)
from classeur.model.report import Report
from classeur.model.wordsearch import WordSearch
from classeur.publish.feed import feed_files
from classeur.publish.manifest import Manifest, build_manifest, canary_of
from classeur.publish.pages import generated_page_paths
from classeur.publish.pilotage_pages import pilotage_files
from classeur.publish.staging import OVERRIDES, SNIPPETS
from classeur.publish.urls import page_output, site_path

# What the theme and MkDocs' own plugins always write.
THEME_PREFIXES = ("assets/", "search/")
THEME_FILES = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz", "tags.json", "objects.inv"})
# Below this many files a helper's start costs more than it saves.
_HELPER_THRESHOLD = 200


def audit_site(
    site: Path,
    root: Path,
    report: Report,
    audience: str,
    *,
    include_drafts: bool,
    helper: bool = False,
    manifest: Manifest | None = None,
) -> list[Finding]:
    """Every unexpected file and every trace of a document `audience` may not read.

    The report must carry the documents' bodies (check(keep_bodies=True)): a
    restricted document's title that the audience reads anyway, in a published
    document or as a name of the policy, reveals nothing and is not searched
    for (its id, paths and canary still are). Without bodies every title is.
    `helper`: a forked process reads the second half of the bytes (only when
    a core would otherwise be idle); the findings are the same. `manifest`: the
    one staging made from this same report and audience (the same function of the
    same inputs; building it again costs half a second on 5,000 documents).
    """
    if manifest is None:
        manifest = build_manifest(
            report, audience, include_drafts=include_drafts, files=report.files
        )
    expected = _expected_files(root, manifest) | pilotage_files(report, audience)
    paths = [site / relative for relative in tree_files(site)]
    shown = [p.relative_to(site).as_posix() for p in paths if not p.is_symlink()]
    public = public_names(r for r in shown if _is_expected(r, expected))
    needles = _needles(report, audience, _published_text(report, manifest), public)
    automaton = automaton_of(needles, latin1=True)

    def inspect(paths: Sequence[Path]) -> list[Finding]:
        findings: list[Finding] = []
        for path in paths:
            relative = path.relative_to(site).as_posix()
            if path.is_symlink() or not _is_expected(relative, expected):
                findings.append(_unexpected(site, relative))
            findings += _leaks(site, relative, path, automaton, audience)
        return findings

    if not helper:
        return inspect(paths)
    return shared(paths, inspect, lambda p: p.lstat().st_size, at_least=_HELPER_THRESHOLD)


def expected_files(root: Path, report: Report, audience: str, *, include_drafts: bool) -> set[str]:
    """The site paths a correct build of this audience writes, theme assets aside."""
    manifest = build_manifest(report, audience, include_drafts=include_drafts, files=report.files)
    return _expected_files(root, manifest) | pilotage_files(report, audience)


def _expected_files(root: Path, manifest: Manifest) -> set[str]:
    pages = [site_path(d.src) for d in manifest.documents] + generated_page_paths(manifest)
    files = {site_path(a) for a in manifest.attachments}
    source = root / SITE_SOURCE
    for path in source.rglob("*") if source.is_dir() else ():
        relative = path.relative_to(source)
        if path.is_file() and relative.parts[0] not in (OVERRIDES, SNIPPETS):
            if path.suffix == ".md":
                pages.append(relative.as_posix())
            else:
                files.add(relative.as_posix())
    return files | feed_files(manifest) | {page_output(page) for page in pages}


def _is_expected(relative: str, expected: set[str]) -> bool:
    return relative in expected or relative in THEME_FILES or relative.startswith(THEME_PREFIXES)


def _published_text(report: Report, manifest: Manifest) -> str:
    """What the audience reads anyway: published titles and bodies, the policy's names."""
    published = {d.src for d in manifest.documents}
    policy = report.policy
    texts = [
        text
        for s in report.documents
        if str(s.document.path) in published
        for text in (s.document.title, s.document.body or "")
    ]
    texts += [f.label for f in policy.functions.values()]
    for named in (policy.people, policy.teams, policy.sites, policy.audiences):
        texts += [item.name for item in named.values()]
    return "\n".join(texts)


def _said_anyway(titles: set[str], published: str) -> set[str]:
    """The titles that appear, as whole words, in what the audience reads anyway."""
    if not titles:
        return set()
    return {
        title
        for start, end, title in WordSearch({title: title for title in titles}).find(published)
        if is_bounded(published, start, end - 1, Boundary.WORD)
    }


def _needles(
    report: Report, audience: str, published: str, public: frozenset[str]
) -> Iterator[Needle]:
    """What names what `audience` may not read, and the titles and canaries of such documents."""
    readers = {str(s.document.path): s.audiences for s in report.documents}
    found = subjects([s.document for s in report.documents], readers, report.files)
    readable = [s.path for s in found if audience in s.readers]
    yield from hidden_from(found, audience, public | public_names(readable))
    restricted = [s for s in report.documents if audience not in s.audiences]
    said = _said_anyway({s.document.title for s in restricted if s.document.title}, published)
    for summary in restricted:
        document = summary.document
        subject = Subject(str(document.path), frozenset(summary.audiences), document.id)
        if document.title and document.title not in said:
            yield Needle(document.title, subject, "title", Boundary.WORD)
        yield Needle(canary_of(document), subject, "canary", Boundary.WORD)


def _leaks(
    site: Path, relative: str, path: Path, automaton: Needles | None, audience: str
) -> list[Finding]:
    if automaton is None:
        return []
    data = path.read_bytes()
    if relative.endswith(".gz"):
        data = gzip.decompress(data)
    text = data.decode("latin-1")  # byte-exact: needles are UTF-8 bytes in the same form
    found: dict[str, Needle] = {}  # per subject, its longest name found
    for _end, needle in occurrences(automaton, text):
        kept = found.setdefault(needle.subject.label, needle)
        if len(needle.text) > len(kept.text):
            found[needle.subject.label] = needle
    return [
        Finding(
            f"{site.as_posix()}/{relative}",
            0,
            "leaked-document",
            _(
                'contains {what} of {label}, which "{audience}" may not read. Do not publish '
                "this site; find how it got there (a link, a commit, a plugin)."
            ).format(what=_needle_words(needle.what), label=label, audience=audience),
        )
        for label, needle in found.items()
    ]


def _unexpected(site: Path, relative: str) -> Finding:
    return Finding(
        f"{site.as_posix()}/{relative}",
        0,
        "unexpected-file",
        _(
            "this file is not a page, attachment or theme asset of this audience's site. Do not "
            "publish this site; find what wrote it."
        ),
    )


def _needle_words(what: str) -> str:
    """What names a document (model/needles.py's `what`), in the user's language."""
    words = {
        "id": _("the id"),
        "title": _("the title"),
        "path": _("the path"),
        "file name": _("the file name"),
        "stem": _("the stem"),
        "canary": _("the canary"),
    }
    return words.get(what, f"the {what}")
