"""The history of some files only, as a Git bundle: a new history that `git clone` accepts.

`git fast-export` of HEAD limited to the exported paths gives every commit that
touched them, with only their changes (Git's history simplification drops the
others and rewrites the parents); `git fast-import` replays it into an empty
repository, so no object of any other file exists there, and `git bundle
create` packs it. Authors, committers and dates are kept; a commit message may
be replaced (a commit that also touched a document the reader may not read).
The same commit and paths give the same bytes.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.common.i18n import _

BRANCH = "refs/heads/main"
# Messages are decided per original commit: (original sha, message) -> message to keep.
MessageRule = Callable[[str, str], str]


@dataclass(frozen=True)
class Bundled:
    """What went into a bundle: the fast-import stream (every blob and message), its commits."""

    stream: bytes  # what the bundle holds, uncompressed: the audit reads it
    commits: int


def head_commit(root: Path) -> str:
    """The full sha of HEAD in the repository at `root`."""
    if not (root / ".git").exists():
        raise PortalError(
            _(
                "{root} is not a Git repository: the dossier carries the documents' history as "
                "a Git bundle. Run classeur export inside a clone of the binder."
            ).format(root=root)
        )
    return _git(root, "rev-parse", "--verify", "HEAD^{commit}").decode().strip()


def commit_time(root: Path, commit: str) -> int:
    """When `commit` was committed, in seconds since the epoch."""
    return int(_git(root, "show", "-s", "--format=%ct", commit).decode().strip())


def uncommitted(root: Path, paths: Sequence[str]) -> list[str]:
    """The paths among `paths` that differ from HEAD or that HEAD does not hold."""
    if not paths:
        return []
    changed = _git(root, "diff", "--name-only", "-z", "--no-renames", "HEAD", "--", *paths)
    found = {name.decode() for name in changed.split(b"\0") if name}
    tracked = _git(root, "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", *paths)
    found |= set(paths) - {name.decode() for name in tracked.split(b"\0") if name}
    return sorted(found)


def create_bundle(root: Path, paths: Sequence[str], target: Path, message: MessageRule) -> Bundled:
    """Write at `target` a bundle of the history of `paths` (root-relative) up to HEAD."""
    exported = _git(
        root,
        "fast-export",
        "--show-original-ids",
        "--reencode=yes",
        "--signed-tags=strip",
        "--tag-of-filtered-object=drop",
        "HEAD",
        # fast-export's own option parser takes the first `--`; the revision parser needs
        # the second to read what follows as paths, even paths that name no file.
        "--",
        "--",
        *sorted(paths),
    )
    stream, commits = rewrite_stream(exported, message)
    if not commits:
        raise PortalError(_("no commit touches the exported documents: commit them first."))
    with tempfile.TemporaryDirectory(prefix="classeur-bundle-") as scratch:
        repository = Path(scratch) / "history.git"
        _git(Path(scratch), "init", "--quiet", "--bare", str(repository), own=True)
        _git(repository, "fast-import", "--quiet", "--done", stdin=stream + b"done\n", own=True)
        _git(repository, "symbolic-ref", "HEAD", BRANCH, own=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        # One pack thread: deltas, so the bundle's bytes, do not depend on scheduling.
        _git(
            repository,
            "-c",
            "pack.threads=1",
            "bundle",
            "create",
            "--quiet",
            str(target.resolve()),  # git runs in the new repository, not where we are
            "HEAD",
            BRANCH,
            own=True,
        )
    return Bundled(stream, commits)


def verify_bundle(bundle: Path) -> str | None:
    """None when Git accepts the bundle, else what Git said.

    `git bundle verify` reads only the bundle's header; unbundling it into an
    empty repository also checks every object and the pack's checksum.
    """
    with tempfile.TemporaryDirectory(prefix="classeur-verify-") as scratch:
        _git(Path(scratch), "init", "--quiet", own=True)  # Git checks a bundle in a repository
        for command in ("verify", "unbundle"):
            result = subprocess.run(
                ["git", "bundle", command, str(bundle.resolve())],
                cwd=scratch,
                env=_environment(own=True),
                capture_output=True,
                check=False,
            )
            if result.returncode != 0:
                said = result.stderr.decode("utf-8", "replace").strip().splitlines()
                if said:
                    return said[-1]
                return _("git bundle {command} exited with {code}").format(
                    command=command, code=result.returncode
                )
    return None


def rewrite_stream(stream: bytes, message: MessageRule) -> tuple[bytes, int]:
    """The fast-export stream on one branch, without original ids, messages decided.

    Returns the stream and how many commits it holds. Blob and message bytes
    follow `data <count>` lines and are copied as counted, never parsed as commands.
    """
    out: list[bytes] = []
    position, commits, original, pending = 0, 0, "", False
    while position < len(stream):
        end = stream.index(b"\n", position)
        line, position = stream[position:end], end + 1
        if line.startswith(b"data "):
            size = int(line[5:])
            payload, position = stream[position : position + size], position + size
            if pending:
                kept = message(original, payload.decode("utf-8", "replace"))
                payload, pending = kept.encode("utf-8"), False
            out.append(b"data %d\n" % len(payload) + payload)
            continue
        if line.startswith(b"original-oid "):
            original = line[len(b"original-oid ") :].decode()
            continue
        if line.startswith((b"commit ", b"reset ")):
            commits += line.startswith(b"commit ")
            line = line.split(b" ", 1)[0] + b" " + BRANCH.encode()
        elif line.startswith(b"committer "):
            pending = True  # the next data is the commit's message
        out.append(line + b"\n")
    return b"".join(out), commits


def _git(cwd: Path, *args: str, stdin: bytes | None = None, own: bool = False) -> bytes:
    """Run git; `own`: in a repository this module made, away from any configuration."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, env=_environment(own=own), input=stdin, capture_output=True
        )
    except FileNotFoundError:
        raise PortalError(_("git is not installed: the dossier's history needs it.")) from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip() or _("exit code {code}").format(
            code=result.returncode
        )
        raise PortalError(
            _("git {command} failed in {folder}: {reason}").format(
                command=args[0], folder=cwd, reason=said
            )
        )
    return result.stdout


def _environment(*, own: bool) -> dict[str, str]:
    # Paths are literal (a file named `*.md` is no glob). In the binder, the user's
    # configuration stands (safe.directory); in our own repositories no configuration
    # (a hook, a pack setting, a default branch) changes what is written.
    environment = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}
    if own:
        environment |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    return environment
