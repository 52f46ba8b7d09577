"""The floor `classeur check` is measured against: read every document file and
parse its YAML header with PyYAML's C loader, nothing else.

    python bench/floor.py BINDER
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def main(root: Path) -> int:
    parsed = 0
    for path in sorted((root / "procedures").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        header = text[4:].split("\n---\n", 1)[0]
        if yaml.load(header, Loader=yaml.CSafeLoader) is not None:
            parsed += 1
    return parsed


if __name__ == "__main__":
    print(main(Path(sys.argv[1])))
