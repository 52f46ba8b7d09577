"""The site's search: Material's worker, wrapped so French queries forgive
plurals, conjugations and missing accents (see search_worker.js)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

WORKERS = Path("assets/javascripts/workers")


def install_search_worker(site: Path) -> None:
    """Put the wrapper where Material loads its worker; keep Material's beside it."""
    folder = site / WORKERS
    for worker in sorted(folder.glob("search.*.min.js")):
        if worker.name.endswith(".material.min.js"):
            continue
        original = worker.with_name(worker.name.replace(".min.js", ".material.min.js"))
        worker.replace(original)
        template = files("classeur.site").joinpath("search_worker.js").read_text("utf-8")
        worker.write_text(template.replace("{{material_worker}}", original.name), encoding="utf-8")
        source_map = worker.with_name(worker.name + ".map")
        source_map.unlink(missing_ok=True)  # it described Material's file, not this one
