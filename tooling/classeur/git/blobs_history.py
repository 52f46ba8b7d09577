"""Every version of every file ever committed under some folders of a repository, as text.

What a reader of a repository can read is not only its current files but every
content they ever had, on every branch. This module lists each distinct
(path, content) once, with the oldest commit that wrote it, and reads the
texts, in a fixed number of Git processes whatever the size of the history:
one `git log --all --raw`, one `git ls-tree` and one `git diff` for the
current text, one `git cat-file --batch-check` for sizes and one
`git cat-file --batch` for contents. Blobs over MAX_BLOB_BYTES are skipped,
and so are binary files, except the attachment types whose text
model/textextract.py reads (PDF, DOCX, office files).
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from classeur.git.history import read_blobs
from classeur.model.textextract import ZIPPED_XML_SUFFIXES, extract_text

MAX_BLOB_BYTES = 5_000_000  # a bigger file is not read (a scan, a video): say so in the docs
_EXTRACTED = frozenset({".pdf", ".docx"}) | ZIPPED_XML_SUFFIXES  # binary, but text is read
_REGULAR = ("100644", "100755")  # symbolic links and submodules hold no text of their own
_RECORD = "\x1e"  # starts each commit's header in the log
_FIELD = "\x1f"
_NO_BLOB = "0" * 40


@dataclass(frozen=True)
class Version:
    """One content a file had in Git, with the oldest commit that wrote it there."""

    path: str  # repository-relative, `/` separators
    blob: str
    commit: str
    time: int  # author time, seconds since the epoch
    day: str  # ISO date of that commit, UTC


@dataclass(frozen=True)
class CommittedFiles:
    """Every version of the files under some folders of one repository, with their text."""

    versions: tuple[Version, ...]  # oldest first, one per (path, blob)
    texts: Mapping[str, str]  # blob id -> text; skipped blobs are absent
    current: frozenset[str]  # blob ids of the current text: HEAD and the working tree's changes


def read_committed(repository: Path, folders: Sequence[str]) -> CommittedFiles:
    """Every version of the files under `folders` (repository-relative) on every branch."""
    if not folders:
        return CommittedFiles((), {}, frozenset())
    versions = list_versions(repository, folders)
    current, worktree = _current(repository, folders)
    sizes = _sizes(repository, {v.blob for v in versions} | set(current.values()))
    names = {v.blob: v.path for v in versions} | {blob: path for path, blob in current.items()}
    wanted = {blob for blob, size in sizes.items() if size <= MAX_BLOB_BYTES}
    texts = {
        blob: text
        for blob, data in read_blobs(repository, wanted).items()
        if (text := text_of(names[blob], data)) is not None
    }
    texts.update(worktree)
    return CommittedFiles(tuple(versions), texts, frozenset(current.values()) | set(worktree))


def list_versions(repository: Path, folders: Sequence[str]) -> list[Version]:
    """Each (path, blob) ever committed under `folders` on any ref, with its oldest commit."""
    out = _git(
        repository,
        "log", "--all", "-z", f"--format={_RECORD}%H{_FIELD}%at", "--raw", "--no-abbrev",
        "--no-renames", "--diff-merges=first-parent", "--", *folders,
    )  # fmt: skip
    oldest: dict[tuple[str, str], Version] = {}
    for commit, stamp, mode, blob, path in _raw_entries(out):
        if mode not in _REGULAR or blob == _NO_BLOB:
            continue  # deleted, or not a regular file
        known = oldest.get((path, blob))
        if known is None or (stamp, commit) < (known.time, known.commit):
            day = datetime.fromtimestamp(stamp, UTC).date().isoformat()
            oldest[(path, blob)] = Version(path, blob, commit, stamp, day)
    return sorted(oldest.values(), key=lambda v: (v.time, v.commit, v.path))


def _raw_entries(out: str) -> Iterator[tuple[str, int, str, str, str]]:
    """(commit, time, new mode, new blob, path) from `git log -z --raw --no-renames`."""
    tokens = out.split("\0")
    commit, stamp, index = "", 0, 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith(_RECORD):
            commit, _, when = token[1:].partition(_FIELD)
            stamp = int(when)
        elif token.startswith(":") and index < len(tokens):
            _, mode, _, blob, _ = token[1:].split(" ", 4)
            yield commit, stamp, mode, blob, tokens[index]
            index += 1


def _current(repository: Path, folders: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The current text: path -> blob at HEAD, and blob -> text of files changed since."""
    try:
        listing = _git(repository, "ls-tree", "-r", "-z", "HEAD", "--", *folders)
        changed = _git(repository, "diff", "--name-only", "-z", "HEAD", "--", *folders)
    except subprocess.CalledProcessError:  # no commit yet: nothing is current in Git
        return {}, {}
    head = {}
    for record in filter(None, listing.split("\0")):
        meta, path = record.split("\t", 1)
        mode, kind, blob = meta.split(" ")
        if kind == "blob" and mode in _REGULAR:
            head[path] = blob
    worktree = {}
    for path in filter(None, changed.split("\0")):
        head.pop(path, None)
        file = repository / path
        if file.is_file() and not file.is_symlink() and file.stat().st_size <= MAX_BLOB_BYTES:
            data = file.read_bytes()
            text = text_of(path, data)
            if text is not None:
                worktree[_blob_id(data)] = text
    return head, worktree


def _sizes(repository: Path, blobs: set[str]) -> dict[str, int]:
    """Blob id -> size in bytes, in one `git cat-file --batch-check`."""
    if not blobs:
        return {}
    out = _git(repository, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in blobs))
    sizes = {}
    for line in out.splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and parts[1] == "blob":  # "<id> missing" in a partial clone
            sizes[parts[0]] = int(parts[2])
    return sizes


def text_of(path: str, data: bytes) -> str | None:
    """The text a reader reads in a file's content, or None for a binary file we cannot read."""
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in _EXTRACTED:
        # textextract reads files: give it one, in a folder of its own
        with tempfile.TemporaryDirectory(prefix="classeur-blob-") as folder:
            copy = Path(folder) / f"blob{suffix}"
            copy.write_bytes(data)
            return extract_text(copy)
    if b"\0" in data[:8000]:  # Git's own test for a binary file
        return None
    return data.decode("utf-8", errors="replace")


def _blob_id(data: bytes) -> str:
    """The id Git would give this content (a working-tree file not committed)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _git(repository: Path, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=repository,
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8", errors="replace")
