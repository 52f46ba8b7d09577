"""ARCHITECTURE.md is the map of tooling/classeur: it must tell the truth."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "tooling" / "classeur"
MAP = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


def named_paths() -> set[str]:
    return set(re.findall(r"tooling/classeur/[\w/]+(?:\.py)?", MAP))


def test_every_path_it_names_exists():
    assert named_paths(), "ARCHITECTURE.md names no path"
    assert sorted(p for p in named_paths() if not (REPO / p).exists()) == []


def test_every_module_is_on_the_map():
    sections = dict(re.findall(r"^`(\w+)/` — (.*?)(?=\n\n)", MAP, re.M | re.S))
    missing = []
    for module in sorted(PACKAGE.rglob("*.py")):
        relative = module.relative_to(PACKAGE)
        if module.name in ("__init__.py", "__main__.py") or len(relative.parts) < 2:
            continue
        if f"`{module.name}`" not in sections.get(relative.parts[0], ""):
            missing.append(relative.as_posix())
    assert missing == []


def test_every_layer_has_a_line_in_the_diagram():
    layers = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    diagram = MAP.split("## How a binder becomes sites")[0]
    assert [layer for layer in layers if not re.search(rf"\b{layer}\b", diagram)] == []


def _runs_git(tree: ast.AST) -> bool:
    """A call whose first argument is a list starting with the string "git"."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.List):
            first = node.args[0].elts[:1]
            if first and isinstance(first[0], ast.Constant) and first[0].value == "git":
                return True
    return False


def test_only_the_git_package_runs_git():
    runners = [
        module.relative_to(PACKAGE).as_posix()
        for module in PACKAGE.rglob("*.py")
        if _runs_git(ast.parse(module.read_text(encoding="utf-8")))
    ]
    assert runners and all(path.startswith("git/") for path in runners), runners
