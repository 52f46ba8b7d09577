"""Benchmark search and watch on a generated binder (default 5,000 documents).

In one run: the staff index built from scratch; warm query latency (median and
p95) over 200 one-to-three-word French queries, without and with field
filters; a single-document re-index; `classeur search` end to end as a new
process (median of 10); and watch latency, from a file save to its diagnostic
(median of 10 saves, debounce included).

    python -m bench.bench_search
    python -m bench.bench_search --documents 1000
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.generate import REFERENCE_DAY, generate, words
from classeur.binder.live import LiveCheck
from classeur.live.watch import watch
from classeur.search.analysis import index_folder
from classeur.search.indexing import refresh_index
from classeur.search.querying import run_query

FILTERS = ["type:procedure", "type:runbook", "function:facturation", "owner:marie.dupont",
           "status:active", "review:overdue", "site:lyon"]  # fmt: skip


def queries(rng: random.Random, count: int, filtered: bool) -> list[str]:
    made = []
    for _ in range(count):
        chosen = words(rng, rng.randint(1, 3))
        if filtered:
            chosen.append(rng.choice(FILTERS))
        made.append(" ".join(chosen))
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def query_latency(folder: Path, texts: list[str]) -> tuple[float, float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        run_query(folder, text, today=REFERENCE_DAY, warning_days=30, limit=10)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def watch_latency(root: Path, saves: int) -> float:
    live = LiveCheck(root, today=REFERENCE_DAY)
    arrived = threading.Event()
    stop, ready = threading.Event(), threading.Event()

    def on_change(paths: set[str]) -> None:
        live.apply(paths)
        arrived.set()

    thread = threading.Thread(
        target=watch, args=(root, on_change, stop), kwargs={"ready": ready}, daemon=True
    )
    thread.start()
    ready.wait(10)
    target = next((root / "procedures" / "facturation").glob("*.md"))
    latencies = []
    for number in range(saves):
        arrived.clear()
        scratch = target.with_name(f".{target.name}.tmp")
        scratch.write_text(
            target.read_text(encoding="utf-8") + f"\nAjout {number}.\n", encoding="utf-8"
        )
        started = time.perf_counter()
        scratch.replace(target)
        if not arrived.wait(10):
            raise SystemExit("watch did not answer within 10 s")
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.3)
    stop.set()
    thread.join(10)
    return statistics.median(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=5000)
    arguments = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="classeur-bench-search-") as workdir:
        root = generate(arguments.documents, Path(workdir) / "binder")
        started = time.perf_counter()
        done = refresh_index(root, "staff", today=REFERENCE_DAY)
        build = time.perf_counter() - started
        folder = index_folder(root, "staff")
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(
            f"{arguments.documents} documents: staff index of {done.updated} entries built in {build:.1f} s, {size:.0f} MB"
        )
        plain = query_latency(folder, queries(rng, 200, filtered=False))
        filtered = query_latency(folder, queries(rng, 200, filtered=True))
        print(
            f"warm query: median {plain[0]:.1f} ms, p95 {plain[1]:.1f} ms; with a filter: median "
            f"{filtered[0]:.1f} ms, p95 {filtered[1]:.1f} ms"
        )
        target = next((root / "procedures" / "paie").glob("*.md"))
        target.write_text(
            target.read_text(encoding="utf-8") + "\nRistourne exceptionnelle.\n", encoding="utf-8"
        )
        started = time.perf_counter()
        one = refresh_index(root, "staff", today=REFERENCE_DAY)
        print(
            f"single-document update: {(time.perf_counter() - started) * 1000:.0f} ms ({one.updated} entry)"
        )
        command = [sys.executable, "-m", "classeur", "search", "relances", "impayées", "--audience", "staff",
                   "--root", str(root), "--today", REFERENCE_DAY.isoformat()]  # fmt: skip
        process = []
        for _ in range(10):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            process.append(time.perf_counter() - started)
        print(
            f"classeur search end to end (process start included): median {statistics.median(process):.2f} s"
        )
        print(
            f"watch, save to diagnostic (debounce included): median {watch_latency(root, 10):.0f} ms"
        )


if __name__ == "__main__":
    main()
