"""`check`: load the policy and the documents, run every rule, return one report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from classeur.git.history import latest_body_changes
from classeur.model.corpus import SITE_SOURCE, check_site_source, load_corpus, read_document
from classeur.model.findings import Finding
from classeur.model.history import History
from classeur.model.measurements import load_measurements
from classeur.model.policy import Policy, load_policy
from classeur.model.records import BodyChange, Document, Status
from classeur.model.report import DocumentSummary, Report
from classeur.model.sources import PresentSource, locate_sources
from classeur.rules.judgement import Judgement, judge
from classeur.rules.pilotage import find_exposed_measurements, find_late_measurements
from classeur.rules.registry import Binder, binder_rules
from classeur.rules.staleness import find_changed, review_of


@dataclass
class BinderState:
    """A binder as read from disk: what `evaluate` judges, and `watch` keeps up to date."""

    root: Path
    policy: Policy
    setup_findings: list[Finding]  # policy files, sources, site_src
    sources: list[PresentSource]
    documents: dict[str, Document]  # path -> document whose header parsed
    file_findings: dict[str, list[Finding]]  # path -> findings of reading that file
    files: set[str]  # every regular file under the sources
    keep_bodies: bool = False
    # path -> the single-document rules' verdict, kept for the next `evaluate`
    judged: dict[str, Judgement] = field(default_factory=dict)


def load_binder(
    root: Path, *, keep_bodies: bool = False, judged_on: tuple[date, bool] | None = None
) -> BinderState:
    """Read the policy and every document once.

    With `judged_on` (the day, and whether overdue is an error), each document is
    also judged alone (rules/judgement.py) as soon as it is parsed, on the core
    that parsed it: `evaluate` for that day then keeps those judgements.
    """
    policy, findings = load_policy(root)
    sources, more = locate_sources(root, policy)
    findings += more
    findings += check_site_source(root, SITE_SOURCE)

    then = None
    if judged_on is not None:
        today, overdue_is_error = judged_on
        then = partial(
            judge, policy=policy, sources=sources, today=today, overdue_is_error=overdue_is_error
        )
    folders = [source.folder for source in sources]
    corpus = load_corpus(root, folders, keep_bodies=keep_bodies, then=then)
    by_file: dict[str, list[Finding]] = {}
    for finding in corpus.findings:
        by_file.setdefault(finding.path, []).append(finding)
    documents = {str(document.path): document for document in corpus.documents}
    kept = {path: made for path, made in corpus.after.items() if isinstance(made, Judgement)}
    return BinderState(
        root, policy, findings, sources, documents, by_file, set(corpus.files), keep_bodies, kept
    )


def reread(state: BinderState, paths: Iterable[str]) -> None:
    """Read these root-relative files again (added, changed or deleted)."""
    for path in paths:
        state.documents.pop(path, None)
        state.file_findings.pop(path, None)
        state.files.discard(path)
        target = state.root / path
        if not target.is_file() or target.is_symlink():
            continue
        state.files.add(path)
        if path.endswith(".md"):
            document, findings = read_document(str(state.root), path, state.keep_bodies)
            if document is not None:
                state.documents[path] = document
            if findings:
                state.file_findings[path] = findings


def check(
    root: Path,
    *,
    today: date,
    overdue_is_error: bool = True,
    only: Sequence[str] = (),
    keep_bodies: bool = False,
    history: History | None = None,
    values_in_history: bool = False,
) -> Report:
    """Validate the binder at `root`; `only` keeps the findings of those paths.

    With `values_in_history` (and `history`), every version ever committed is also
    searched for sensitive values left behind (`classeur check` does; commands that
    only need the documents, such as build or report, do not pay that read).

    With `keep_bodies`, the report's documents carry their Markdown bodies: the
    site is built from exactly what was checked. With `history` (see
    history.load_history), documents whose text changed after their last review
    are flagged `changed-since-review`.
    """
    state = load_binder(root, keep_bodies=keep_bodies, judged_on=(today, overdue_is_error))
    return evaluate(
        state,
        today=today,
        overdue_is_error=overdue_is_error,
        only=only,
        history=history,
        values_in_history=values_in_history,
    )


def evaluate(
    state: BinderState,
    *,
    today: date,
    overdue_is_error: bool = True,
    only: Sequence[str] = (),
    history: History | None = None,
    values_in_history: bool = False,
) -> Report:
    """Run every rule over a binder already read; no document file is read here.

    The measurement files are read here, not by `load_binder`: judging them takes
    the day, and `watch` then sees them change.
    """
    policy, root = state.policy, state.root
    documents = sorted(state.documents.values(), key=lambda d: str(d.path))
    findings = list(state.setup_findings)
    measurements, measured = load_measurements(root, policy, today=today)
    findings += measured + find_late_measurements(policy, measurements, today=today)
    findings += find_exposed_measurements(policy, measurements)
    findings += [f for found in state.file_findings.values() for f in found]
    judged = _judge_all(state, documents, today, overdue_is_error)
    for judgement in judged.values():
        findings += judgement.findings
    audiences = {path: judgement.audiences for path, judgement in judged.items()}
    folders = tuple(s.folder for s in state.sources)
    binder = Binder(root, policy, documents, frozenset(state.files), audiences, folders, today)
    findings += [finding for rule in binder_rules() for finding in rule(binder)]
    changes = body_changes(root, documents, history, policy, today) if history else {}
    findings += (history.findings if history else ()) + tuple(find_changed(documents, changes))
    if history and values_in_history:
        # Every committed version read again: only `classeur check` asks, so only it imports.
        from classeur.binder.sensitive_history import history_findings

        findings += history_findings(root, state.sources, policy, history)
    summaries = tuple(
        DocumentSummary(
            doc,
            audiences[str(doc.path)],
            review_of(doc, policy.review, today=today, changed=True)
            if str(doc.path) in changes
            else judged[str(doc.path)].review,
        )
        for doc in documents
    )
    kept = [f for f in findings if not only or _is_selected(f.path, only)]
    files_read = sum(1 for path in state.files if path.endswith(".md"))
    return Report(
        tuple(sorted(set(kept))),
        summaries,
        policy,
        today,
        files_read,
        frozenset(state.files),
        history,
        measurements,
    )


def _judge_all(
    state: BinderState, documents: Sequence[Document], today: date, overdue_is_error: bool
) -> dict[str, Judgement]:
    """Each document's single-document verdict, re-made only for documents read again."""
    judged = {}
    policy, sources, strict = state.policy, state.sources, overdue_is_error
    for document in documents:
        path = str(document.path)
        kept = state.judged.get(path)
        if kept is None or not kept.still_holds(document, today, strict):
            kept = judge(document, policy, sources, today=today, overdue_is_error=strict)
        judged[path] = kept
    state.judged = judged
    return judged


def body_changes(
    root: Path, documents: Sequence[Document], history: History, policy: Policy, today: date
) -> dict[str, BodyChange]:
    """For active documents: the latest commit that changed their text since their review."""
    candidates = {
        str(d.path): (history.of(str(d.path)), d.last_reviewed)
        for d in documents
        if d.status is Status.ACTIVE
        and d.last_reviewed is not None
        and history.of(str(d.path)).changes
    }
    found: dict[str, BodyChange] = {}
    for path, change in latest_body_changes(root, candidates, today).items():
        person = policy.person_for_email(change.email)
        author = person.name if person else change.name
        found[path] = BodyChange(date.fromisoformat(change.day), change.sha, author, change.subject)
    return found


def _is_selected(path: str, only: Sequence[str]) -> bool:
    return any(path == prefix or path.startswith(prefix.rstrip("/") + "/") for prefix in only)
