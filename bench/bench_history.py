"""Benchmark the one-pass history index against per-file Git lookups.

Builds a repository of 5,000 generated documents and 3,000 commits (written
with `git fast-import`), then times in one run: the history index (cold, no
cache; median of 5), per-file lookups through GitPython
(`iter_commits(paths=…, max_count=1)` for every document, once), and
`classeur build --audience staff` with and without history (median of 3,
alternated).

    python -m bench.bench_history
    python -m bench.bench_history --documents 1000 --commits 600
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import REFERENCE_DAY, generate
from classeur.git.history import CACHE_DIR, load_history

EMAILS = [
    "marie.dupont@menuiseries-berthier.fr",
    "emma.petit@bo-conseil.fr",
    "lucas.martin@bo-conseil.fr",
]


def build_repository(root: Path, commits: int, seed: int = 7) -> list[str]:
    """Commit everything under `root`, then `commits` commits editing 1-3 documents each."""
    rng = random.Random(seed)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    documents = [
        p.relative_to(root).as_posix()
        for p in files
        if p.suffix == ".md" and "procedures" in p.parts
    ]
    stream: list[bytes] = []
    mark = 0

    def blob(data: bytes) -> int:
        nonlocal mark
        mark += 1
        stream.append(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
        return mark

    def commit(changes: list[bytes], when: int, email: str, message: str) -> None:
        author = f"{email.split('@')[0]} <{email}> {when} +0000".encode()
        text = message.encode()
        stream.append(
            b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s\n"
            % (author, author, len(text), text)
        )
        stream.extend(changes)  # fast-import continues the branch from its last commit

    start = int(time.mktime(REFERENCE_DAY.replace(year=REFERENCE_DAY.year - 2).timetuple()))
    initial = [
        b"M 100644 :%d %s\n" % (blob(p.read_bytes()), p.relative_to(root).as_posix().encode())
        for p in files
    ]
    commit(initial, start, EMAILS[0], "Import du classeur")
    current = {d: (root / d).read_bytes() for d in documents}
    for number in range(1, commits):
        changes = []
        for path in rng.sample(documents, rng.randint(1, 3)):
            current[path] += f"\nÉtape ajoutée par le commit {number}.\n".encode()
            changes.append(b"M 100644 :%d %s\n" % (blob(current[path]), path.encode()))
        commit(
            changes,
            start + number * 20_000,
            rng.choice(EMAILS),
            f"Mise à jour {number}",
        )
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    return documents


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=3000)
    arguments = parser.parse_args()
    import git

    with tempfile.TemporaryDirectory(prefix="classeur-bench-history-") as workdir:
        root = generate(arguments.documents, Path(workdir) / "binder")
        documents = build_repository(root, arguments.commits)
        index_times = []
        for _ in range(5):
            shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
            started = time.perf_counter()
            history = load_history(root)
            index_times.append(time.perf_counter() - started)
        assert len(history.by_path) >= len(documents)
        started = time.perf_counter()
        cached = load_history(root)
        cached_time = time.perf_counter() - started
        repo = git.Repo(root)
        started = time.perf_counter()
        for path in documents:
            next(repo.iter_commits(paths=path, max_count=1))
        per_file = time.perf_counter() - started
        index = statistics.median(index_times)
        print(f"{len(documents)} documents, {arguments.commits} commits")
        print(f"history index (cold, median of 5): {index:.2f} s; from cache: {cached_time:.2f} s")
        speedup = per_file / index
        print(f"per-file iter_commits(max_count=1): {per_file:.1f} s; index {speedup:.0f}x faster")
        today = REFERENCE_DAY.isoformat()
        base = [sys.executable, "-m", "classeur", "build", "--audience", "staff", "--today", today]
        # Alternated, so that a slower spell of this shared machine hits both alike.
        with_history, without = [], []
        for _ in range(3):
            with_history.append(timed([*base, "--out", "out-h"], root))
            without.append(timed([*base, "--no-history", "--out", "out-n"], root))
        w, n = statistics.median(with_history), statistics.median(without)
        slower = 100 * (w / n - 1)
        print(f"build --audience staff: with history {w:.1f} s, without {n:.1f} s ({slower:+.1f}%)")
        assert len(cached.by_path) == len(history.by_path)


if __name__ == "__main__":
    main()
