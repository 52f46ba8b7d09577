"""The content guard's own cost (#14), in CPU seconds, on copies of the sample's documents.

Times, in this process and as medians: `find_sensitive` over every document
file, the `sensitive` rule (files read again, attachments included), and the
whole `check`, and prints the rule's share of the check. CPU time rather than
wall time, so that a busy shared machine skews the figures less; for the wall
time of two versions, use bench/bench_compare.py.

    python -m bench.bench_guard                    # 5,000 documents, 5 runs
    python -m bench.bench_guard --size 1000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.corpora import make
from bench.generate import REFERENCE_DAY


def cpu(task: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of `task` over `runs` runs, its forked helpers' included."""
    times = []
    for _ in range(runs):
        start = _spent()
        task()
        times.append(_spent() - start)
    return statistics.median(times)


def _spent() -> float:
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()

    from classeur.binder.check import check, load_binder
    from classeur.model.access import readers
    from classeur.model.sensitive import find_sensitive
    from classeur.rules.registry import Binder
    from classeur.rules.sensitive import find_sensitive_data

    with tempfile.TemporaryDirectory() as workdir:
        root = make("sample", arguments.size, Path(workdir))
        texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))]
        state = load_binder(root)
        documents = sorted(state.documents.values(), key=lambda d: str(d.path))
        audiences = {str(d.path): readers(d, state.policy) for d in documents}
        folders = tuple(s.folder for s in state.sources)
        whole = Binder(
            root, state.policy, documents, frozenset(state.files), audiences, folders, REFERENCE_DAY
        )
        megabytes = sum(len(t.encode()) for t in texts) / 1e6
        detect = cpu(lambda: [find_sensitive(t) for t in texts], arguments.runs)
        rule = cpu(lambda: find_sensitive_data(whole, today=REFERENCE_DAY), arguments.runs)
        checked = cpu(lambda: check(root, today=REFERENCE_DAY), arguments.runs)
    print(
        f"{len(texts)} documents, {megabytes:.1f} MB; CPU medians of {arguments.runs}: "
        f"find_sensitive {detect:.2f} s, the rule {rule:.2f} s, check {checked:.2f} s "
        f"(the rule is {rule / checked * 100:.1f} % of it, {rule / (checked - rule) * 100:.1f} % "
        "on top of the rest)"
    )


if __name__ == "__main__":
    main()
