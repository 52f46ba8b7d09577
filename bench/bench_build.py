"""Benchmark `classeur build` against a bare `mkdocs build` of the same pages.

For each size: generate a binder (bench/generate.py); stage the staff site once
and copy it, with the generated pages written out as plain Markdown, into a
bare MkDocs project: same theme, features, search and navigation, no classeur
plugin. Then time, as separate processes: `classeur build --audience staff`,
the bare `mkdocs build`, `classeur build --all` (three audiences), and, for
reference, bare builds of the three audiences' pages run two at a time as
--all schedules them. Reports medians, the overhead, the --all ratio, bytes
per page, search index sizes and peak memory.

    python -m bench.bench_build                     # 500, 2,000 (5 runs) and 5,000 (3 runs)
    python -m bench.bench_build --sizes 500 --runs 1
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.corpora import CORPORA, make
from bench.generate import REFERENCE_DAY
from classeur.binder.check import check
from classeur.publish.regions import Markers, new_nonce
from classeur.publish.renderer_config import CONFIG_NAME
from classeur.publish.staging import stage


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB, largest process of the tree)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"{command} failed: {process.stderr.read().decode()[-2000:] if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024


def bare_project(root: Path, target: Path, audience: str = "staff") -> Path:
    """An audience's staged tree with the configuration the core writes for any renderer:
    the same pages, theme, features, search and navigation, without the classeur plugin."""
    report = check(root, today=REFERENCE_DAY, keep_bodies=True)
    staged = stage(
        root,
        report,
        audience,
        include_drafts=False,
        target=target / "stage",
        markers=Markers(new_nonce()),
        keep_plugin=False,
    )
    return staged.root / CONFIG_NAME


# Three bare builds, two at a time (largest first), as `build --all` schedules its sites:
# what MkDocs alone takes for the three sites on this machine.
_BARE_ALL = (
    "import subprocess, sys\n"
    "from concurrent.futures import ThreadPoolExecutor\n"
    "def one(config):\n"
    "    subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '-q', '-f', config], check=True)\n"
    "with ThreadPoolExecutor(2) as pool:\n"
    "    list(pool.map(one, sys.argv[1:]))\n"
)


def bench(size: int, runs: int, workdir: Path, corpus: str) -> None:
    root = make(corpus, size, workdir)
    bare = bare_project(root, workdir / f"bare-{size}")
    others = [
        bare_project(root, workdir / f"bare-{size}-{audience}", audience)
        for audience in ("management", "provider")
    ]
    python = sys.executable
    today = REFERENCE_DAY.isoformat()
    commands = {
        "classeur": [
            python,
            "-m",
            "classeur",
            "build",
            "--audience",
            "staff",
            "--out",
            "out",
            "--today",
            today,
        ],
        "bare": [python, "-m", "mkdocs", "build", "-q", "-f", str(bare)],
        "all": [python, "-m", "classeur", "build", "--all", "--out", "out-all", "--today", today],
        "bare-all": [python, "-c", _BARE_ALL, str(others[0]), str(bare), str(others[1])],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, float] = dict.fromkeys(commands, 0.0)
    for _ in range(runs):
        for name, command in commands.items():
            seconds, megabytes = timed(command, root)
            samples[name].append(seconds)
            memory[name] = max(memory[name], megabytes)
    median = {name: statistics.median(values) for name, values in samples.items()}
    site = root / "out" / "staff"
    pages = list(site.rglob("*.html"))
    per_page = statistics.mean(p.stat().st_size for p in pages) / 1024
    biggest = max(p.stat().st_size for p in pages) / 1024
    indexes = ", ".join(
        f"{a} {(root / 'out-all' / a / 'search/search_index.json').stat().st_size / 1e6:.1f} MB"
        for a in ("staff", "provider", "management")
    )
    overhead = 100 * (median["classeur"] / median["bare"] - 1)
    ratio = median["all"] / median["bare"]
    bare_ratio = median["bare-all"] / median["bare"]
    memory.pop("bare-all")  # its own process only: the builds are its children
    peaks = ", ".join(f"{name} {megabytes:.0f} MB" for name, megabytes in memory.items())
    print(
        f"{size:>6} docs | staff {median['classeur']:7.1f} s | bare {median['bare']:7.1f} s | "
        f"overhead {overhead:+5.1f}% | all {median['all']:7.1f} s = {ratio:.2f}x bare "
        f"(three bare builds two at a time: {median['bare-all']:.1f} s = {bare_ratio:.2f}x) | "
        f"{len(pages)} pages, {per_page:.0f} KB/page (max {biggest:.0f} KB) | "
        f"search index: {indexes} | peak RSS: {peaks}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument(
        "--runs", type=int, default=0, help="runs per size (default: 5, and 3 at 5,000)"
    )
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="synthetic")
    arguments = parser.parse_args()
    version = sys.version.split()[0]
    print(
        f"classeur build vs bare mkdocs build; python {version}, "
        f"{os.cpu_count()} cores, {date.today()}, corpus: {arguments.corpus}"
    )
    with tempfile.TemporaryDirectory(prefix="classeur-bench-build-") as workdir:
        for size in arguments.sizes:
            runs = arguments.runs or (3 if size >= 5000 else 5)
            bench(size, runs, Path(workdir), arguments.corpus)


if __name__ == "__main__":
    main()
