"""What pr-check reads from Git: two commits, the files between them, their authors.

Everything is read in memory (no checkout, no temporary folder); Git's own
errors become a PortalError that says what to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classeur.common.errors import PortalError


@dataclass(frozen=True)
class Renamed:
    """One line of `git diff --name-status -M`: status letter, old and new path."""

    status: str  # A, M, D, R, C, T
    old: str
    new: str


class Revisions:
    """The commits of a pull request: its merge base with `base`, and `head`."""

    def __init__(self, root: Path, base: str, head: str) -> None:
        import git  # imported here: commands that read no history never pay for GitPython

        self._git = git
        try:
            self._repo = git.Repo(root)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise PortalError(
                f"{root} is not a Git repository; pr-check compares two commits."
            ) from None
        try:
            bases = self._repo.merge_base(base, head)
            self._head = self._repo.commit(head)
        except (git.GitCommandError, git.BadName, ValueError) as error:
            raise PortalError(_cannot_compare(base, head, error)) from None
        if not bases:
            raise PortalError(
                f"cannot compare {base} and {head}: they share no commit. "
                "Fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI)."
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
        out = self._repo.git.diff("--name-status", "-M", self.base_sha, self.head_sha)
        found = []
        for line in out.splitlines():
            status, *names = line.split("\t")
            found.append(Renamed(status[0], names[0], names[-1]))
        return found

    def author_emails(self, path: str | None = None) -> list[str]:
        """The e-mails of the pull request's commit authors (touching `path`, if given)."""
        span = f"{self.base_sha}..{self.head_sha}"
        args = ["--format=%ae", span] + (["--", path] if path else [])
        lines = self._repo.git.log(*args).splitlines()
        return list(dict.fromkeys(e.strip() for e in lines if e.strip()))

    def base_file(self, path: str) -> bytes | None:
        """A file as it is in the merge base (None when absent)."""
        return _blob(self._base, path)

    def head_file(self, path: str) -> bytes | None:
        """A file as it is in the head (None when absent)."""
        return _blob(self._head, path)

    def base_folder(self, folder: str) -> dict[str, bytes]:
        """The files directly inside `folder` in the merge base: name -> bytes."""
        try:
            tree = self._base.tree / folder
        except KeyError:
            return {}
        return {blob.name: blob.data_stream.read() for blob in tree.blobs}

    def head_files_under(self, folder: str, suffix: str) -> Iterator[tuple[str, bytes]]:
        """Every file under `folder` in the head whose name ends with `suffix`."""
        try:
            tree = self._head.tree / folder.rstrip("/")
        except KeyError:
            return
        item: Any
        for item in tree.traverse():
            if item.type == "blob" and str(item.path).endswith(suffix):
                yield str(item.path), item.data_stream.read()


def _blob(commit: Any, path: str) -> bytes | None:
    try:
        data: bytes = (commit.tree / path).data_stream.read()
    except KeyError:
        return None
    return data


def _cannot_compare(base: str, head: str, error: Exception) -> str:
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return (
        f"cannot compare {base} and {head}: {lines[-1]}. Check both names "
        "(git branch -a) and fetch the full history (fetch-depth: 0 in CI)."
    )
