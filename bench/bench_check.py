"""Benchmark `classeur check` against the floor (read + C-loader YAML parse).

For each size, generates a binder (bench/generate.py), then times, as separate
processes so that start-up counts for both, `classeur check` and the floor
script, alternating, and reports medians, the ratio and peak memory (RSS).

    python -m bench.bench_check                 # 1,000, 5,000 and 10,000 documents, 5 runs
    python -m bench.bench_check --sizes 5000 --runs 3
    python -m bench.bench_check --corpus sample --sizes 5000   # copies of the sample's documents
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpora import CORPORA, make
from bench.generate import REFERENCE_DAY

FLOOR = Path(__file__).resolve().parent / "floor.py"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1 = findings (15% overdue by design)
        raise SystemExit(f"{command} failed with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def bench(size: int, runs: int, workdir: Path, corpus: str) -> dict[str, float]:
    root = make(corpus, size, workdir)
    check = [
        sys.executable,
        "-m",
        "classeur",
        "check",
        "--root",
        str(root),
        "--today",
        REFERENCE_DAY.isoformat(),
    ]
    floor = [sys.executable, str(FLOOR), str(root)]
    timed(check), timed(floor)  # warm the page cache once
    checks, floors, memory = [], [], []
    for _ in range(runs):
        seconds, megabytes = timed(check)
        checks.append(seconds)
        memory.append(megabytes)
        floors.append(timed(floor)[0])
    check_median, floor_median = statistics.median(checks), statistics.median(floors)
    return {
        "size": size,
        "check_s": check_median,
        "floor_s": floor_median,
        "ratio": check_median / floor_median,
        "peak_mb": max(memory),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="synthetic")
    arguments = parser.parse_args()
    print(f"corpus: {arguments.corpus}")
    print(f"{'documents':>9}  {'check (s)':>9}  {'floor (s)':>9}  {'ratio':>5}  {'peak MB':>7}")
    with tempfile.TemporaryDirectory(prefix="classeur-bench-") as workdir:
        for size in arguments.sizes:
            row = bench(size, arguments.runs, Path(workdir), arguments.corpus)
            print(
                f"{row['size']:>9}  {row['check_s']:>9.3f}  {row['floor_s']:>9.3f}  "
                f"{row['ratio']:>5.2f}  {row['peak_mb']:>7.0f}",
                flush=True,
            )
    print(
        f"medians of {arguments.runs} runs each; "
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
