"""Benchmark `serve`'s live preview: from a save to the reload signal for that page.

For each size: generate a binder of copies of the sample's documents
(bench/sample_copies.py), start serve's machinery without the HTTP server
(the real watcher thread, the worker process, the reload signal) with a fixed
--today, let it build every audience once (the cold start, reported apart),
then save one document's body N times (a real file write, as an editor does)
and time each save until the reload signal names that page; the page is on
disk, finished and audited, before the signal goes out.

    python -m bench.bench_live                       # 500 and 5,000 documents, 5 saves each
    python -m bench.bench_live --sizes 500 --saves 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from bench.generate import REFERENCE_DAY
from bench.sample_copies import generate_copies
from classeur.live.reload import Reloads
from classeur.live.serve import Rebuilder
from classeur.live.watch import watch
from classeur.model.policy import load_policy

EDITED = "procedures/tickets-it/traitement-tickets-glpi.md"  # read by staff and provider
TARGETS = {500: 1.0, 5000: 3.0}  # seconds, issue #16


def bench(size: int, saves: int, workdir: Path) -> None:
    root = generate_copies(size, workdir / f"sample-{size}")
    out = root / "public"
    for audience in load_policy(root)[0].audiences:
        (out / audience).mkdir(parents=True)
    reloads, stop = Reloads(), threading.Event()
    said: list[str] = []
    rebuild = Rebuilder(root, out, REFERENCE_DAY, False, said.append, reloads)
    started = time.perf_counter()
    rebuild.start()
    cold = time.perf_counter() - started
    ready = threading.Event()
    watcher = threading.Thread(
        target=watch, args=(root, rebuild, stop), kwargs={"ready": ready}, daemon=True
    )
    watcher.start()
    ready.wait(30)
    page = root / EDITED
    text = page.read_text(encoding="utf-8")
    url = "/staff/" + EDITED.removesuffix(".md") + "/"
    times = []
    try:
        for n in range(saves):
            seen = reloads.generation
            saved = time.perf_counter()
            page.write_text(f"{text}\nRelecture n° {n + 1} : rien à signaler.\n", "utf-8")
            while True:
                news = reloads.wait(seen, 120)
                if news is None:
                    raise SystemExit(f"no reload after save {n + 1}: {said[-3:]}")
                seen, data = news
                if url in data or data == '"*"':
                    break
            times.append(time.perf_counter() - saved)
            time.sleep(0.3)  # as an editor: the next save comes later
    finally:
        stop.set()
        rebuild.stop()
        watcher.join(10)
    median = statistics.median(times)
    target = TARGETS.get(size)
    verdict = (
        ""
        if target is None
        else f" (target ≤ {target:.0f} s: {'met' if median <= target else 'MISSED'})"
    )
    print(
        f"{size} documents: cold build {cold:.1f} s; save → reload signal, median {median:.2f} s{verdict}"
    )
    print("  runs: " + ", ".join(f"{t:.2f} s" for t in times))
    print("  serve said: " + " | ".join(line for line in said if line.startswith("Rebuilt"))[:400])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--saves", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-live-") as workdir:
        for size in arguments.sizes:
            bench(size, arguments.saves, Path(workdir))


if __name__ == "__main__":
    main()
