"""Benchmark the pilotage: `classeur report` end to end, and what the Pilotage pages
add to `classeur build --all`.

`report` (the default): generates the pilotage binder (bench/generate_pilotage.py:
60 indicators, 60 months of measurements, a 3,000-commit history), then times
`classeur report --month <its last month>` in each format as separate processes
(start-up, policy, measurements, Git history and review debt all count),
alternating the formats run after run, and prints medians and peak memory
against the target (≤ 2 s).

`build`: copies of the sample binder's documents (bench/sample_copies.py) with
the sample's indicators and measurements, committed, and the same binder without
them (no indicators.yml, no pilotage/, no `sla`); times `classeur build --all` of
both, alternating, and prints the medians and what the Pilotage pages add
(target: ≤ 5 %).

    python -m bench.bench_report                          # report, 5 runs
    python -m bench.bench_report --runs 3 --formats text json html pdf
    python -m bench.bench_report build --size 1000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bench.generate import REFERENCE_DAY, REPO
from bench.generate_pilotage import generate_pilotage, summary
from bench.sample_copies import generate_copies

DAY = REFERENCE_DAY.isoformat()
MONTH = f"{(REFERENCE_DAY.replace(day=1) - timedelta(days=1)):%Y-%m}"  # the last complete month
REPORT_TARGET_S = 2.0
BUILD_TARGET = 0.05
_SLA = re.compile(r"^sla:.*\n", re.MULTILINE)


@dataclass(frozen=True)
class Run:
    """One timed process: wall seconds, CPU seconds (its own and its children's), peak MB."""

    wall: float
    cpu: float  # less sensitive than wall time to other work on a shared machine
    peak_mb: float  # largest process of the tree


def timed(command: list[str], cwd: Path) -> Run:
    """Run `command` once and measure it; stop the benchmark if it fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty build cannot block
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        # 1 is no success here: `report` found errors in the measurements (the pack would
        # be wrong), `build` refused to publish.
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"{command} failed: {errors.read().decode()[-2000:]}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def medians(runs: list[Run]) -> tuple[float, float]:
    """Median wall and CPU seconds."""
    return statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)


def classeur(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "classeur", *arguments]


def report_commands(root: Path, formats: list[str], out: Path) -> dict[str, list[str]]:
    """One `classeur report` per format; a PDF needs a file, the others print."""
    common = ["report", "--root", str(root), "--month", MONTH, "--today", DAY]
    return {
        fmt: classeur(
            *common, "--format", fmt, *(["--output", str(out / "pack.pdf")] * (fmt == "pdf"))
        )
        for fmt in formats
    }


def bench_report(runs: int, formats: list[str], workdir: Path, documents: int) -> None:
    started = time.perf_counter()
    root = generate_pilotage(workdir / "pilotage", documents_count=documents)
    print(f"{summary(root)} (generated in {time.perf_counter() - started:.1f} s)", flush=True)
    commands = report_commands(root, formats, workdir)
    for command in commands.values():  # warm the page cache and the bytecode once
        timed(command, root)
    samples: dict[str, list[Run]] = {fmt: [] for fmt in commands}
    for _ in range(runs):
        for fmt, command in commands.items():
            samples[fmt].append(timed(command, root))
    print(f"{'format':>8}  {'wall (s)':>8}  {'min (s)':>7}  {'cpu (s)':>7}  {'peak MB':>7}  target")
    for fmt, values in samples.items():
        wall, cpu = medians(values)
        verdict = "ok" if wall <= REPORT_TARGET_S else "MISSED"
        print(
            f"{fmt:>8}  {wall:>8.3f}  {min(r.wall for r in values):>7.3f}  {cpu:>7.3f}  "
            f"{max(r.peak_mb for r in values):>7.0f}  ≤ {REPORT_TARGET_S:.0f} s {verdict}",
            flush=True,
        )


def build_pair(size: int, workdir: Path) -> tuple[Path, Path]:
    """The sample-copy corpus with the sample's pilotage, and the same without it."""
    with_pilotage = generate_copies(size, workdir / f"with-{size}")
    if (REPO / "pilotage").is_dir():
        shutil.copytree(REPO / "pilotage", with_pilotage / "pilotage")
    without = workdir / f"without-{size}"
    shutil.copytree(with_pilotage, without)
    (without / "access_policies" / "indicators.yml").unlink(missing_ok=True)
    shutil.rmtree(without / "pilotage", ignore_errors=True)
    for path in (without / "procedures").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if _SLA.search(text):
            path.write_text(_SLA.sub("", text, count=1), encoding="utf-8")
    for root in (with_pilotage, without):
        _commit(root)
    return with_pilotage, without


def _commit(root: Path) -> None:
    """One commit of everything, so that both builds read a Git history alike."""
    stamp = f"{REFERENCE_DAY - timedelta(days=1)}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.fr",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.fr",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "copie"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True, capture_output=True)


def bench_build(size: int, runs: int, workdir: Path) -> None:
    roots = dict(zip(("with", "without"), build_pair(size, workdir), strict=True))
    command = classeur("build", "--all", "--out", "out", "--today", DAY)
    for root in roots.values():
        timed(command, root)  # warm up, and fail early if a build cannot run
    samples: dict[str, list[Run]] = {name: [] for name in roots}
    for _ in range(runs):
        for name, root in roots.items():
            shutil.rmtree(root / "out", ignore_errors=True)
            samples[name].append(timed(command, root))
    (with_s, with_cpu), (without_s, without_cpu) = (medians(samples[n]) for n in roots)
    added = with_s / without_s - 1
    verdict = "ok" if added <= BUILD_TARGET else "MISSED"
    pages = sum(1 for _ in (roots["with"] / "out").rglob("pilotage/**/*.html"))
    print(
        f"{size} documents | build --all with pilotage {with_s:.2f} s (cpu {with_cpu:.2f} s), "
        f"without {without_s:.2f} s (cpu {without_cpu:.2f} s) | Pilotage pages add "
        f"{added * 100:+.1f} % wall, {(with_cpu / without_cpu - 1) * 100:+.1f} % cpu (target "
        f"≤ {BUILD_TARGET * 100:.0f} %: {verdict}) | {pages} Pilotage pages across the audiences",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", nargs="?", choices=["report", "build"], default="report")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--formats",
        nargs="+",
        default=["text", "json", "markdown", "html", "pdf"],
        help="report formats to time",
    )
    parser.add_argument("--documents", type=int, default=500, help="report: documents generated")
    parser.add_argument("--size", type=int, default=1000, help="build: documents copied")
    arguments = parser.parse_args()
    print(
        f"classeur {arguments.what}; python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"{date.today()}; medians of {arguments.runs} runs, alternated",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="classeur-bench-report-") as workdir:
        if arguments.what == "report":
            bench_report(arguments.runs, arguments.formats, Path(workdir), arguments.documents)
        else:
            bench_build(arguments.size, arguments.runs, Path(workdir))


if __name__ == "__main__":
    main()
