"""The two corpora benchmarks run on: short synthetic bodies, or copies of the sample
binder's own documents (tables, links, Mermaid, admonitions), where targets were missed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench.generate import generate
from bench.sample_copies import generate_copies

CORPORA: dict[str, Callable[[int, Path], Path]] = {
    "synthetic": generate,
    "sample": generate_copies,
}


def make(corpus: str, size: int, workdir: Path) -> Path:
    """A binder of `size` documents of that corpus under `workdir`."""
    return CORPORA[corpus](size, workdir / f"{corpus}-{size}")
