"""Compare two versions of Classeur on the same machine, runs alternated in pairs
(A B, B A, A B…), so that the machine's drift hits both alike: medians of each,
and the median of the pairs' ratios with a 90 % bootstrap interval.

`--before` is the tooling folder of another checkout (e.g. a `git worktree` of an
older commit); the current one is used for "after". Each side builds on a binder
made by its own checkout's generator when one is given (policy formats may differ).

    git worktree add /tmp/before <commit>
    python -m bench.bench_compare check --before /tmp/before/tooling --binder /tmp/b5000
    python -m bench.bench_compare build --before /tmp/before/tooling \\
        --binder /tmp/b2000-before --binder-after /tmp/b2000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import REFERENCE_DAY

DAY = REFERENCE_DAY.isoformat()


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if done.returncode not in (0, 1):  # 1 = findings
        raise SystemExit(f"{command} failed ({done.returncode}): {done.stderr.decode()[-800:]}")
    return time.perf_counter() - start


def compare(
    name: str, arguments: list[str], sides: dict[str, tuple[dict[str, str], Path]], runs: int
) -> None:
    times: dict[str, list[float]] = {side: [] for side in sides}
    for run in range(runs):
        # A, B then B, A: whichever runs second in a pair (a warmer cache, a busier
        # machine) is each side as often.
        order = list(sides.items()) if run % 2 == 0 else list(sides.items())[::-1]
        for side, (env, root) in order:
            shutil.rmtree(root / "out", ignore_errors=True)
            times[side].append(timed([sys.executable, "-m", "classeur", *arguments], env, root))
    before, after = (statistics.median(times[side]) for side in ("before", "after"))
    print(
        f"{name}: before {before:.2f} s, after {after:.2f} s ({(after - before) / before * 100:+.1f} %), medians of {runs}",
        flush=True,
    )
    for side in ("before", "after"):  # the spread tells a real gap from the machine's drift
        print(f"  {side}: " + " ".join(f"{seconds:.2f}" for seconds in times[side]), flush=True)
    # Each pair ran back to back: its ratio cancels the machine's slower drifts.
    ratios = [a / b for a, b in zip(times["after"], times["before"], strict=True)]
    low, high = median_interval(ratios)
    print(
        f"  after/before per pair: median {_percent(statistics.median(ratios))}, "
        f"90 % interval of that median {_percent(low)} to {_percent(high)}",
        flush=True,
    )


def median_interval(values: list[float], draws: int = 10_000) -> tuple[float, float]:
    """A 90 % bootstrap interval of the median of `values` (seeded: the same runs
    always print the same interval)."""
    chance = random.Random(0)
    medians = sorted(statistics.median(chance.choices(values, k=len(values))) for _ in range(draws))
    return medians[int(0.05 * draws)], medians[int(0.95 * draws) - 1]


def _percent(ratio: float) -> str:
    return f"{(ratio - 1) * 100:+.1f} %"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", choices=["check", "build"])
    parser.add_argument(
        "--before", type=Path, required=True, help="tooling/ folder of the older version"
    )
    parser.add_argument("--binder", type=Path, required=True)
    parser.add_argument(
        "--binder-after", type=Path, help="the binder for the current version, if another"
    )
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    sides = {
        "before": (dict(os.environ, PYTHONPATH=str(arguments.before)), arguments.binder),
        "after": (dict(os.environ), arguments.binder_after or arguments.binder),
    }
    if arguments.what == "check":
        compare("check", ["check", "--today", DAY], sides, arguments.runs)
    else:
        build = ["build", "--out", "out", "--today", DAY]
        compare("build --audience staff", [*build, "--audience", "staff"], sides, arguments.runs)
        compare("build --all", [*build, "--all"], sides, arguments.runs)


if __name__ == "__main__":
    main()
