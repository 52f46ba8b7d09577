"""The classeur plugin in someone else's MkDocs project: `mkdocs build` stages too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import doc
from tests.site.conftest import every_byte, make_site_binder


def with_plugin_options(root: Path, options: dict[str, object] | None) -> None:
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    config["plugins"] = [p for p in config["plugins"] if p != "classeur"]
    config["plugins"].append({"classeur": options} if options else "classeur")
    (root / "mkdocs.yml").write_text(yaml.dump(config, allow_unicode=True), encoding="utf-8")


def mkdocs_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", "site"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_plain_mkdocs_build_publishes_only_the_audience(tmp_path):
    root = make_site_binder(
        tmp_path,
        {
            "procedures/ops/a.md": doc(title="Ouverte"),
            "procedures/ops/b.md": doc(id="OPS-002", title="Canari fermé 3c9d", access="[secret]"),
        },
    )
    with_plugin_options(root, {"audience": "staff", "today": "2026-03-01"})
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = every_byte(root / "site")
    assert b"Ouverte" in site
    assert "Canari fermé 3c9d".encode() not in site and b"OPS-002" not in site


def test_plain_mkdocs_build_without_audience_refuses(tmp_path):
    root = make_site_binder(tmp_path, {"procedures/ops/a.md": doc()})
    with_plugin_options(root, None)
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert (
        "the classeur plugin needs an audience: nothing is published by default." in result.stderr
    )
    assert not (root / "site" / "procedures").exists()


def test_plain_mkdocs_build_refuses_invalid_documents(tmp_path):
    root = make_site_binder(tmp_path, {"procedures/ops/a.md": doc(access="[nobody]")})
    with_plugin_options(root, {"audience": "staff", "today": "2026-03-01"})
    result = mkdocs_build(root)
    assert result.returncode == 1
    assert "procedures/ops/a.md:8: unknown-access-tag" in result.stderr
