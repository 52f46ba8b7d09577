"""A binder of N documents copied from the sample binder's own documents.

Realistic bodies (tables, links, Mermaid diagrams, admonitions) instead of
short synthetic ones: each copy keeps its folder, so relative links and
attachments still resolve; ids and titles are made unique. The sample's
policy, site pages and attachments come along.

    python -m bench.sample_copies 5000 /tmp/copies-5000
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_ID = re.compile(r"^id: (\S+)$", re.MULTILINE)
_TITLE = re.compile(r"^title: (.+)$", re.MULTILINE)


def _sample_documents() -> list[tuple[Path, str]]:
    source = REPO / "procedures"
    return [
        (p.relative_to(REPO), p.read_text(encoding="utf-8")) for p in sorted(source.rglob("*.md"))
    ]


def _copy(text: str, copy: int) -> str:
    """The document with its id and title made unique for this copy."""
    text = _ID.sub(lambda m: f"id: {m[1]}-C{copy:04d}", text, count=1)

    def title(match: re.Match[str]) -> str:
        value = match[1].strip()
        if value.startswith('"'):
            value = json.loads(value)
        elif value.startswith("'"):
            value = value[1:-1].replace("''", "'")
        return f"title: {json.dumps(f'{value} (copie {copy})', ensure_ascii=False)}"

    return _TITLE.sub(title, text, count=1)


def generate_copies(count: int, target: Path) -> Path:
    """Write a binder of `count` documents at `target` (replacing it) and return it."""
    if target.exists():
        shutil.rmtree(target)
    for name in ("procedures", "access_policies", "site_src"):
        shutil.copytree(REPO / name, target / name)  # originals and their attachments
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    documents = _sample_documents()
    written, copy = len(documents), 1
    while written < count:
        for relative, text in documents:
            if written >= count:
                break
            path = target / relative.with_name(f"{relative.stem}-copie-{copy:04d}.md")
            path.write_text(_copy(text, copy), encoding="utf-8")
            written += 1
        copy += 1
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    arguments = parser.parse_args()
    generate_copies(arguments.count, arguments.target)
