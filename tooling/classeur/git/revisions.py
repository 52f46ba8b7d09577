"""What pr-check reads from Git: two commits, the files between them, their authors.

Everything is read in memory (no checkout, no temporary folder), in a fixed
number of Git calls whatever the size of the pull request: one diff, one log,
one tree listing per side. Git's own errors become a PortalError that says
what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.git.history import read_blobs

Side = Literal["base", "head"]
_REGULAR = ("100644", "100755")  # symbolic links (120000) and submodules (160000) are not files
_COMMIT = "\x01"  # starts each commit's header in the log: no path or status starts with it


@dataclass(frozen=True)
class Renamed:
    """One entry of `git diff --name-status -M -C`: status letter, old and new path."""

    status: str  # A, M, D, R, C, T
    old: str  # equal to `new` unless renamed or copied
    new: str


@dataclass(frozen=True)
class Authorship:
    """Who wrote the pull request's commits, and which paths each commit touched."""

    emails: tuple[str, ...]  # every author, newest first, once each
    by_path: Mapping[str, tuple[str, ...]]  # path (either name of a rename) -> its authors

    def of(self, paths: Iterable[str]) -> list[str]:
        """The authors of the commits touching any of `paths` (all authors if none did)."""
        found = [email for path in paths for email in self.by_path.get(path, ())]
        # A path the log cannot attribute is charged to everyone, never to no one.
        return list(dict.fromkeys(found)) or list(self.emails)


class Revisions:
    """The commits of a pull request: its merge base with `base`, and `head`."""

    def __init__(self, root: Path, base: str, head: str) -> None:
        import git  # imported here: commands that read no history never pay for GitPython

        self._root = root
        try:
            self._repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise PortalError(
                _("{root} is not a Git repository; pr-check compares two commits.").format(
                    root=root
                )
            ) from None
        try:
            bases = self._repo.merge_base(base, head)
            self._head = self._repo.commit(head)
        except (git.GitCommandError, git.BadName, ValueError) as error:
            raise PortalError(_cannot_compare(base, head, error)) from None
        if not bases:
            raise PortalError(
                _(
                    "cannot compare {base} and {head}: they share no commit. Fetch the full "
                    "history (git fetch --unshallow, or fetch-depth: 0 in CI)."
                ).format(base=base, head=head)
            )
        self._base = bases[0]

    @property
    def base_sha(self) -> str:
        """The merge base's commit id."""
        return str(self._base.hexsha)

    @property
    def head_sha(self) -> str:
        """The head's commit id."""
        return str(self._head.hexsha)

    def changed(self) -> list[Renamed]:
        """Every path the pull request adds, changes, renames, copies or deletes."""
        out = self._repo.git.diff("-z", "--name-status", "-M", "-C", self.base_sha, self.head_sha)
        return [entry for _author, entry in _entries(out.split("\0")) if entry]

    def authorship(self) -> Authorship:
        """The authors of every commit from the merge base to the head, read in one pass.

        Merges count by their combined diff: only what the merge itself wrote
        (a conflict resolution) is charged to whoever merged.
        """
        span = f"{self.base_sha}..{self.head_sha}"
        out = self._repo.git.log(
            "-z", f"--format={_COMMIT}%ae", "--name-status", "-M", "-C",
            "--diff-merges=combined", span,
        )  # fmt: skip
        emails: dict[str, None] = {}
        by_path: dict[str, dict[str, None]] = {}
        for email, entry in _entries(out.split("\0")):
            emails[email] = None
            for path in (entry.old, entry.new) if entry else ():
                by_path.setdefault(path, {})[email] = None
        return Authorship(tuple(emails), {p: tuple(e) for p, e in by_path.items()})

    def files(self, side: Side, folders: Sequence[str]) -> dict[str, str]:
        """The regular files under `folders` at one side: path -> blob id."""
        if not folders:
            return {}
        commit = self._base if side == "base" else self._head
        out = self._repo.git.ls_tree("-r", "-z", "--full-tree", commit.hexsha, "--", *folders)
        found = {}
        for record in filter(None, out.split("\0")):
            meta, path = record.split("\t", 1)
            mode, kind, sha = meta.split(" ")
            if kind == "blob" and mode in _REGULAR:
                found[path] = sha
        return found

    def read(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The content of many blobs, by id, in one Git call."""
        return read_blobs(self._root, set(shas))

    def base_folder(self, folder: str) -> dict[str, bytes]:
        """The files directly inside `folder` in the merge base: name -> bytes."""
        try:
            tree = self._base.tree / folder
        except KeyError:
            return {}
        return {blob.name: blob.data_stream.read() for blob in tree.blobs}


def _entries(tokens: Sequence[str]) -> Iterator[tuple[str, Renamed | None]]:
    """(author, entry) from `-z --name-status` output; a commit without entries gives None."""
    email, index = "", 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if not token:
            continue
        if token.startswith(_COMMIT):
            email = token[1:].strip()
            yield email, None
            continue
        # R and C carry a score and two paths; a merge's combined status ("MM") one path.
        count = 2 if token[0] in "RC" and token[1:].isdigit() else 1
        names = tokens[index : index + count]
        index += count
        yield email, Renamed(token[0], names[0], names[-1])


def _cannot_compare(base: str, head: str, error: Exception) -> str:
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return _(
        "cannot compare {base} and {head}: {reason}. Check both names (git branch -a) and "
        "fetch the full history (fetch-depth: 0 in CI)."
    ).format(base=base, head=head, reason=lines[-1])
