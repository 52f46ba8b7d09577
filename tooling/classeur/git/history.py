"""The binder's Git history, read in one pass: the only module that imports git.

One `git log` walk over the whole history, with file names and blob ids,
parsed once and cached by HEAD commit, gives every document its commits
(renames followed), its creation and last change, and its authors. What Git
cannot give (no repository, a shallow clone, a detached HEAD) is said once,
never turned into a made-up date; the two that CI always has are only notices.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

from classeur.common.i18n import _
from classeur.model.findings import Finding, Severity
from classeur.model.frontmatter import document_body
from classeur.model.history import Change, DocumentHistory, History

CACHE_DIR = Path(".classeur") / "history"
_RECORD = "\x1e"  # starts each commit in the log output
_FIELD = "\x1f"
_FORMAT = _RECORD + _FIELD.join(["%H", "%ae", "%an", "%at", "%s"])


def load_history(root: Path) -> History:
    """Read the history of the repository at `root` (cached by HEAD)."""
    if not (root / ".git").exists():  # said without importing GitPython (a third of a second)
        return History({}, None, (_warning("not-a-repository", _no_repo()),))
    import git  # imported here: commands that need no history never pay for GitPython

    try:
        repo = git.Repo(root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return History({}, None, (_warning("not-a-repository", _no_repo()),))
    findings = []
    try:
        head = repo.head.commit.hexsha
    except ValueError:  # a repository without any commit yet
        return History(
            {},
            None,
            (
                _warning(
                    "no-history",
                    _("the repository has no commit yet; dates come from the frontmatter."),
                ),
            ),
        )
    # CI checks out one commit, often shallowly: both are notices, which
    # `check --strict` does not turn into a failure (issue 11).
    if repo.head.is_detached:
        findings.append(_notice("detached-head", _detached()))
    if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
        findings.append(_notice("shallow-clone", _shallow()))
    cached = _read_cache(root, head)
    if cached is None:
        log = repo.git.log(
            "--format=" + _FORMAT, "--raw", "-M", "--no-abbrev", "--no-color", "HEAD"
        )
        cached = parse_log(log)
        _write_cache(root, head, cached)
    return History(cached, head, tuple(findings))


# Functions, not constants: the language is chosen at run time.
def _no_repo() -> str:
    return _(
        "not a Git repository: no history, authors or `changed-since-review`. Dates come from "
        "the frontmatter. Run classeur inside a clone of the binder."
    )


def _shallow() -> str:
    return _(
        "this is a shallow clone: history stops at the clone depth, so creation dates and "
        "authors are incomplete. Fetch the full history (`git fetch --unshallow`; in CI, "
        "`fetch-depth: 0` on GitHub, `GIT_DEPTH: 0` on GitLab)."
    )


def _detached() -> str:
    return _(
        "HEAD is detached (as in CI, which checks out a commit): the history is read from the "
        "checked-out commit. To commit changes, switch to a branch first (`git switch BRANCH`)."
    )


def _warning(code: str, message: str) -> Finding:
    return Finding(".git", 0, code, message, Severity.WARNING)


def _notice(code: str, message: str) -> Finding:
    return Finding(".git", 0, code, message, Severity.NOTICE)


def parse_log(log: str) -> dict[str, DocumentHistory]:
    """Per current path, its changes newest first, following renames backwards."""
    current_name: dict[str, str] = {}  # a path at some older commit -> its current path
    changes: dict[str, list[Change]] = {}
    for record in log.split(_RECORD)[1:]:
        header, _newline, raw = record.partition("\n")
        sha, email, name, stamp, subject = header.split(_FIELD, 4)
        day = datetime.fromtimestamp(int(stamp), UTC).date().isoformat()
        for line in raw.splitlines():
            if not line.startswith(":"):
                continue
            meta, *names = line.split("\t")
            _old_mode, _new_mode, old_blob, new_blob, status = meta[1:].split(" ")
            path = names[-1]
            now = current_name.get(path, path)
            change = Change(sha, email, name, int(stamp), day, subject, old_blob, new_blob)
            changes.setdefault(now, []).append(change)
            if status.startswith("R"):  # older commits knew it under its old name
                current_name[names[0]] = now
    return {path: DocumentHistory(tuple(items)) for path, items in changes.items()}


def _cache_file(root: Path, head: str) -> Path:
    return root / CACHE_DIR / f"{head}.json"


def _read_cache(root: Path, head: str) -> dict[str, DocumentHistory] | None:
    try:
        raw = json.loads(_cache_file(root, head).read_text(encoding="utf-8"))
        return {p: DocumentHistory(tuple(Change(**c) for c in items)) for p, items in raw.items()}
    except (OSError, ValueError, TypeError):  # absent, or written by another version
        return None


def _write_cache(root: Path, head: str, history: Mapping[str, DocumentHistory]) -> None:
    from classeur.common.fileio import write_atomic

    payload = {p: [asdict(c) for c in h.changes] for p, h in history.items()}
    try:
        for old in (root / CACHE_DIR).glob("*.json"):
            old.unlink()  # one HEAD at a time is enough
        write_atomic(_cache_file(root, head), json.dumps(payload).encode("utf-8"))
    except OSError:
        pass  # a read-only checkout still gets its history, just not cached


def latest_body_changes(
    root: Path, candidates: Mapping[str, tuple[DocumentHistory, date]], until: date
) -> dict[str, Change]:
    """For each path, the newest commit in (its `since`, `until`] that changed its body.

    Frontmatter-only commits (recording a review) do not count, nor does the
    commit that added the file: a document imported with its review date has
    not changed since. All the blobs needed are read in one `git cat-file`.
    """
    later = {
        path: [
            c
            for c in history.changes
            if since < date.fromisoformat(c.day) <= until and set(c.old_blob) != {"0"}
        ]
        for path, (history, since) in candidates.items()
    }
    wanted = {b for changes in later.values() for c in changes for b in (c.old_blob, c.new_blob)}
    blobs = read_blobs(root, wanted - {"0" * 40})
    found = {}
    for path, changes in later.items():
        for change in changes:
            if _body(blobs, change.new_blob) != _body(blobs, change.old_blob):
                found[path] = change
                break
    return found


def read_blobs(root: Path, shas: set[str]) -> dict[str, bytes]:
    """The content of many blobs, read by one `git cat-file --batch` process."""
    if not shas:
        return {}
    ordered = sorted(shas)
    result = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=root,
        input="".join(f"{sha}\n" for sha in ordered).encode(),
        capture_output=True,
        check=True,
    )
    blobs, data, position = {}, result.stdout, 0
    for sha in ordered:
        end = data.index(b"\n", position)
        header = data[position:end].split()
        if len(header) < 3 or header[1] != b"blob":  # "<sha> missing" in a shallow clone
            position = end + 1
            continue
        size = int(header[2])
        blobs[sha] = data[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
    return blobs


def _body(blobs: Mapping[str, bytes], blob: str) -> str | None:
    raw = blobs.get(blob)
    return None if raw is None else document_body(raw)
