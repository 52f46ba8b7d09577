"""Benchmark `classeur export`: the handover dossier, PDFs included.

Two binders, each copied into a fresh Git repository (one commit, fixed date):
the sample binder itself, exported for management (target: 60 s or less on
the project's 2-core machine), and N copies of the sample binder's documents
(bench/sample_copies.py). Each export runs as its own process, then
`export --verify` on the archive. Reports wall seconds, the archive's size and
file count, and writes a PNG of the combined PDF's first page (pdftoppm, from
Debian's poppler-utils) to test-output/export/.

    python -m bench.bench_export                 # the sample binder and 1,000 copies
    python -m bench.bench_export --sizes 200 --no-pdf
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from bench.generate import REFERENCE_DAY
from bench.sample_copies import generate_copies

REPO = Path(__file__).resolve().parent.parent
BINDER = ("procedures", "access_policies", "site_src", "pilotage", "mkdocs.yml", "CODEOWNERS")
PICTURES = REPO / "test-output" / "export"
_GIT = {
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.fr",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.fr",
    "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def sample_binder(target: Path) -> Path:
    """The sample binder's files (not the tooling) at `target`."""
    target.mkdir(parents=True)
    for name in BINDER:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def committed(root: Path) -> Path:
    """`root` as a Git repository with everything in one commit."""
    environment = {**os.environ, **_GIT}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Bench"]):
        subprocess.run(["git", *command], cwd=root, env=environment, check=True)
    return root


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the process and the helpers it waited for.

    The CPU time does not depend on what else the machine runs: on a shared
    machine it is the figure to compare.
    """
    with tempfile.TemporaryFile() as said:  # a file: a full pipe would block the process
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=said, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            said.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{said.read().decode(errors='replace')}")
    return elapsed, usage.ru_utime + usage.ru_stime


def bench(name: str, root: Path, out: Path, pdf: bool) -> None:
    python = sys.executable
    archive = out / f"{name}.zip"
    export = [python, "-m", "classeur", "export", "--root", str(root), "--audience", "management"]
    export += ["--out", str(archive), "--today", REFERENCE_DAY.isoformat()]
    export += [] if pdf else ["--no-pdf"]
    seconds, cpu = timed(export)
    verify, _ = timed([python, "-m", "classeur", "export", "--verify", str(archive)])
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        combined = opened.read("pdf/dossier-complet.pdf") if pdf else None
    documents = sum(1 for n in names if n.startswith("pdf/") and n != "pdf/dossier-complet.pdf")
    print(
        f"{name:>14} | export {seconds:6.1f} s (CPU {cpu:6.1f} s) | verify {verify:5.1f} s | "
        f"{archive.stat().st_size / 1e6:6.1f} MB, {len(names)} files"
        + (f", {documents} document PDFs" if pdf else ""),
        flush=True,
    )
    if combined is not None:
        first_page(name, combined, out)


def first_page(name: str, pdf: bytes, out: Path) -> None:
    """A PNG of the combined PDF's first page, to look at."""
    if shutil.which("pdftoppm") is None:
        print("  (no pdftoppm: apt-get install poppler-utils for the first page's picture)")
        return
    source = out / f"{name}-complet.pdf"
    source.write_bytes(pdf)
    PICTURES.mkdir(parents=True, exist_ok=True)
    stem = PICTURES / f"{name}-dossier-complet-page-1"
    command = ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([*command, str(source), str(stem)], check=True)
    print(f"  first page: {stem.with_suffix('.png').relative_to(REPO)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--no-pdf", dest="pdf", action="store_false")
    arguments = parser.parse_args()
    version = sys.version.split()[0]
    print(
        f"classeur export --audience management; python {version}, {os.cpu_count()} cores, "
        f"{date.today()}, PDFs {'included' if arguments.pdf else 'left out'}"
    )
    with tempfile.TemporaryDirectory(prefix="classeur-bench-export-") as workdir:
        work = Path(workdir)
        sample = committed(sample_binder(work / "sample"))
        bench("sample", sample, work, arguments.pdf)
        for size in arguments.sizes:
            copies = committed(generate_copies(size, work / f"copies-{size}"))
            bench(f"copies-{size}", copies, work, arguments.pdf)


if __name__ == "__main__":
    main()
