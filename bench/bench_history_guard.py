"""Benchmark the content guard's history scan (issue #14) on a long history.

Builds a repository of N documents (copies of the sample binder's documents by
default) and C commits editing 1-3 documents each (bench/bench_history.py),
then plants sensitive values (IBANs, NIRs, secrets) in a few documents and
removes them in the next commit, so that each planted value is in the history
only. The repository is declared readable by the company and the provider.
Times, in this process: reading every version from Git (git/blobs_history.py)
and scanning them (rules/sensitive_history.py), median of 3, and counts the
findings (one per planted value); then `classeur check` with and without
history, as separate processes, alternated, median of 3.

    python -m bench.bench_history_guard
    python -m bench.bench_history_guard --corpus synthetic --documents 1000 --commits 600
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_history import build_repository
from bench.corpora import CORPORA, make
from bench.generate import REFERENCE_DAY
from classeur.git.blobs_history import read_committed
from classeur.model.policy import load_policy
from classeur.model.sensitive_policy import load_sensitive_policy
from classeur.model.sources import locate_sources
from classeur.rules.sensitive_history import RepositoryPast, find_in_history

PLANTED = [
    "IBAN du fournisseur : FR76 3000 4000 3100 0123 4567 865",
    "Compte : FR76 2004 1010 0505 0012 3456 769",
    "NIR de l'agent : 2 69 05 49 588 157 80",
    "Mot de passe : K9#vLm2qPz",
    "Jeton : ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
]
SHARED = (
    "sources:\n  - id: classeur\n    path: procedures\n    kind: repository\n"
    "    readers: [company, provider]\n"
)


def plant(root: Path, documents: list[str]) -> None:
    """Add one planted value to some documents, commit, then remove them and commit."""
    chosen = documents[:: max(1, len(documents) // len(PLANTED))][: len(PLANTED)]
    originals = {path: (root / path).read_text(encoding="utf-8") for path in chosen}
    for (path, text), value in zip(originals.items(), PLANTED, strict=True):
        (root / path).write_text(text + f"\n{value}\n", encoding="utf-8")
    _commit(root, "Coordonnées ajoutées")
    for path, text in originals.items():
        (root / path).write_text(text, encoding="utf-8")
    _commit(root, "Coordonnées retirées")


def _commit(root: Path, message: str) -> None:
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.fr"]
    subprocess.run(["git", *identity, "commit", "-qam", message], cwd=root, check=True)


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of one `classeur` process (exit code 1, findings, is expected)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command} failed: {result.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="sample")
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="classeur-bench-history-guard-") as workdir:
        root = make(arguments.corpus, arguments.documents, Path(workdir))
        (root / "access_policies/sources.yml").write_text(SHARED, encoding="utf-8")
        documents = build_repository(root, arguments.commits)
        plant(root, documents)
        policy, _ = load_policy(root)
        guard, _ = load_sensitive_policy(root, policy)
        [present], _ = locate_sources(root, policy)
        assert present.source is not None
        reads, scans = [], []
        for _ in range(arguments.runs):
            started = time.perf_counter()
            committed = read_committed(root, [present.folder])
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            findings = find_in_history(
                [RepositoryPast(present.source, "", committed)], policy, guard
            )
            scans.append(time.perf_counter() - started)
        size = sum(len(text) for text in committed.texts.values()) / 1e6
        print(
            f"{arguments.documents} documents ({arguments.corpus}), {arguments.commits} commits: "
            f"{len(committed.versions)} versions, {len(committed.texts)} texts, {size:.1f} MB of text"
        )
        print(
            f"read every version from Git (median of {arguments.runs}): {statistics.median(reads):.2f} s"
        )
        print(
            f"scan them for sensitive values (median of {arguments.runs}): {statistics.median(scans):.2f} s"
        )
        print(f"findings: {len(findings)} (planted: {len(PLANTED)})")
        base = [sys.executable, "-m", "classeur", "check", "--today", REFERENCE_DAY.isoformat()]
        with_history, without = [], []
        for _ in range(arguments.runs):  # alternated: a slower spell of the machine hits both
            with_history.append(timed(base, root))
            without.append(timed([*base, "--no-history"], root))
        w, n = statistics.median(with_history), statistics.median(without)
        print(f"check: with history {w:.1f} s, without {n:.1f} s ({100 * (w / n - 1):+.0f}%)")


if __name__ == "__main__":
    main()
