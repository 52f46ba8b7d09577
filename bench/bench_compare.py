"""Compare two versions of Classeur on the same machine, runs alternated (A, B, A, B…),
so that the machine's drift hits both alike; medians of each.

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
    for _ in range(runs):
        for side, (env, root) in sides.items():
            shutil.rmtree(root / "out", ignore_errors=True)
            times[side].append(timed([sys.executable, "-m", "classeur", *arguments], env, root))
    before, after = (statistics.median(times[side]) for side in ("before", "after"))
    print(
        f"{name}: before {before:.2f} s, after {after:.2f} s ({(after - before) / before * 100:+.1f} %), medians of {runs}",
        flush=True,
    )
    for side in ("before", "after"):  # the spread tells a real gap from the machine's drift
        print(f"  {side}: " + " ".join(f"{seconds:.2f}" for seconds in times[side]), flush=True)


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
