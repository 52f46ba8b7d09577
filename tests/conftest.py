"""Shared helpers: tiny binders built in tmp_path, never the real procedures/."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest

# Messages are asserted in English unless a test asks for French (tests/common/test_i18n.py);
# commands run in a subprocess inherit this too.
os.environ["LANGUAGE"] = "en"

TODAY = date(2026, 3, 1)


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Messages in French for one test, from catalogues compiled afresh into its own cache."""
    from classeur.common import i18n

    monkeypatch.setenv("LANGUAGE", "fr_FR:fr")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.reset()
    i18n._catalogue_dir.cache_clear()
    yield
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.reset()


POLICY: dict[str, str] = {
    "access_policies/people.yml": """\
people:
  - id: ops
    name: Olivia Ops
    organisation: company
    emails: [ops@example.fr]
  - id: boss
    name: Bernard Boss
    organisation: company
  - id: vendor
    name: Victor Vendor
    organisation: provider
    emails: [vendor@example.fr]
teams:
  - id: paie
    name: Paie
    organisation: company
    members: [ops]
  - id: presta
    name: Prestataire
    organisation: provider
    members: [vendor]
""",
    "access_policies/audiences.yml": """\
tags:
  - id: staff
    label: Personnel
    description: Staff.
  - id: provider
    label: Prestataire
    description: Provider.
  - id: secret
    label: Direction seule
    restricted: true
    description: Management only.
audiences:
  - id: staff
    name: Personnel
    organisation: company
    reads: [staff]
  - id: provider
    name: Prestataire
    organisation: provider
    reads: [provider]
  - id: management
    name: Direction
    organisation: company
    reads: [staff, provider, secret]
""",
    "access_policies/functions.yml": """\
functions:
  - id: ops
    label: Opérations
    owner: ops
    outsourced: true
    prefix: OPS
    access: [staff, provider]
""",
    "access_policies/sites.yml": """\
sites:
  - id: lyon
    name: Lyon
""",
    "access_policies/review.yml": """\
review:
  default_every: {procedure: 12 months, runbook: 6 months, handover: 12 months}
  warning_window: 30 days
  grace_period: 0 days
""",
    "access_policies/sources.yml": """\
sources:
  - id: main
    path: procedures
    kind: repository
    readers: [company]
""",
}

VALID_FIELDS: dict[str, str] = {
    "id": "OPS-001",
    "title": "Une procédure",
    "type": "procedure",
    "function": "ops",
    "owners": "[ops]",
    "status": "active",
    "access": "[staff, provider]",
    "last_reviewed": "2026-01-10",
    "reviewed_by": "ops",
}


def doc(body: str = "Étape une.\n", **fields: str | None) -> str:
    """A document text: the valid fields, overridden by `fields` (None removes one)."""
    merged = {**VALID_FIELDS, **fields}
    header = "".join(f"{key}: {value}\n" for key, value in merged.items() if value is not None)
    return f"---\n{header}---\n{body}"


def make_binder(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` under tmp_path, adding each policy file the test does not give."""
    for relative, content in {**POLICY, **files}.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


@pytest.fixture
def binder(tmp_path: Path):
    """`binder({...})` builds a binder in tmp_path and returns its root."""

    def build(files: Mapping[str, str | bytes]) -> Path:
        return make_binder(tmp_path, files)

    return build
