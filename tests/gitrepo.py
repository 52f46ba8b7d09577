"""Real Git repositories in tmp_path, with fixed authors and dates."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path


def git(root: Path, *args: str, day: str = "2026-01-01", email: str = "ops@example.fr") -> str:
    """Run git in `root` as `email`, on `day` at noon UTC."""
    stamp = f"{day}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": email.split("@")[0],
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": email.split("@")[0],
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def commit(
    root: Path,
    files: Mapping[str, str | None],
    message: str,
    *,
    day: str,
    email: str = "ops@example.fr",
) -> str:
    """Write (or delete, for None) `files`, commit them all, return the new sha."""
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    for relative, content in files.items():
        path = root / relative
        if content is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, day=day, email=email)
    return git(root, "rev-parse", "HEAD").strip()
