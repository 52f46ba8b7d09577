"""The commits Classeur makes or guards: a file's uncommitted changes, a review commit."""

from __future__ import annotations

from pathlib import Path


def has_local_changes(root: Path, path: str) -> bool:
    """Whether `path` (root-relative) differs from what Git has committed."""
    import git  # imported here: commands that make no commit never pay for GitPython

    try:
        repo = git.Repo(root)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return False  # nothing to lose that Git would have kept
    return bool(repo.git.status("--porcelain", "--", path).strip())


def commit_file(root: Path, path: str, message: str, *, name: str, email: str) -> None:
    """Commit one root-relative file, authored and committed by `name <email>`."""
    import git

    repo = git.Repo(root)
    repo.index.add([path])
    actor = git.Actor(name, email)
    repo.index.commit(message, author=actor, committer=actor)
