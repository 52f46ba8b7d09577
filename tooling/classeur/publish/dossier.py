"""The handover dossier as a file: its manifest, a byte-reproducible zip, and `--verify`.

The manifest (manifest.json at the archive's root) lists every other file with
its SHA-256 and size, the binder's commit, the dossier's date, its audience and
options. The zip's entries are sorted, dated 1980-01-01, with fixed
permissions and compression, so the same files give the same bytes.
Verifying recomputes every hash, checks that the manifest lists exactly the
files present, and has Git verify the history bundle.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.git.bundle import verify_bundle
from classeur.model.findings import Finding

MANIFEST = "manifest.json"
BUNDLE = "historique.bundle"
FORMAT = 1
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_UNIX = 3


@dataclass(frozen=True)
class DossierFile:
    """One file of the dossier: its path in the archive and its bytes."""

    path: str
    data: bytes


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ListedFile(_Frozen):
    """A file as the manifest lists it."""

    path: str
    sha256: str
    size: int


class DossierOptions(_Frozen):
    """What the dossier was asked for: the same options on the same commit give the same bytes."""

    audience: str
    function: str | None
    pdf: bool


class DossierManifest(_Frozen):
    """What manifest.json says."""

    format: int
    audience: str
    audience_name: str
    commit: str
    date: str
    options: DossierOptions
    files: tuple[ListedFile, ...]


def manifest_for(
    files: Iterable[DossierFile],
    *,
    audience_name: str,
    commit: str,
    day: str,
    options: DossierOptions,
) -> DossierFile:
    """manifest.json for `files`, which it lists sorted by path."""
    listed = tuple(
        ListedFile(path=f.path, sha256=hashlib.sha256(f.data).hexdigest(), size=len(f.data))
        for f in sorted(files, key=lambda f: f.path)
    )
    manifest = DossierManifest(
        format=FORMAT,
        audience=options.audience,
        audience_name=audience_name,
        commit=commit,
        date=day,
        options=options,
        files=listed,
    )
    return DossierFile(MANIFEST, manifest.model_dump_json(indent=1).encode("utf-8") + b"\n")


def write_zip(target: Path, files: Sequence[DossierFile]) -> None:
    """Write `files` as a zip at `target`, all or nothing, the same bytes for the same files."""
    names = [f.path for f in files]
    if len(set(names)) != len(names):
        raise RuntimeError("two dossier files share a path")  # a bug in the caller
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    os.close(handle)
    Path(temporary).chmod(0o644)  # a dossier is meant to be handed over: readable, like a copy
    try:
        with zipfile.ZipFile(temporary, "w") as archive:
            for file in sorted(files, key=lambda f: f.path):
                archive.writestr(_entry(file.path), file.data, compresslevel=6)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _entry(path: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _UNIX
    info.external_attr = _MODE
    return info


def verify_dossier(archive: Path) -> list[Finding]:
    """Every difference between the dossier at `archive` and its manifest; [] when intact."""
    shown = archive.as_posix()
    findings: list[Finding] = []
    contents: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(archive) as opened:
            entries = [i for i in opened.infolist() if not i.is_dir()]
            for entry in entries:
                try:
                    contents[entry.filename] = opened.read(entry)
                except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                    findings.append(_finding(shown, entry.filename, "damaged-file", f"{error}."))
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        raise PortalError(
            _("cannot read {path} as a zip archive: {reason}.").format(path=shown, reason=error)
        ) from None
    names = [i.filename for i in entries]
    findings += [
        _finding(shown, name, "duplicate-file", _("the archive holds this path twice."))
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    damaged = {f.path.removeprefix(f"{shown}/") for f in findings}
    if MANIFEST in damaged:
        return findings
    manifest = _read_manifest(shown, contents.get(MANIFEST))
    if isinstance(manifest, Finding):
        return [*findings, manifest]
    listed = {f.path: f for f in manifest.files}
    for name in sorted(set(contents) - {MANIFEST}):
        findings += _check_file(shown, name, contents[name], listed.get(name))
    findings += [
        _finding(shown, name, "missing-file", _("the manifest lists it but the archive lacks it."))
        for name in sorted(set(listed) - set(contents) - damaged)
    ]
    if BUNDLE in contents:
        findings += _check_bundle(shown, contents[BUNDLE])
    return findings


def _read_manifest(shown: str, raw: bytes | None) -> DossierManifest | Finding:
    if raw is None:
        return _finding(shown, MANIFEST, "missing-manifest", _("the archive has no manifest.json."))
    try:
        return DossierManifest.model_validate_json(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or _("the document")
        return _finding(
            shown,
            MANIFEST,
            "invalid-manifest",
            _("{where}: {reason}; it cannot be trusted.").format(where=where, reason=first["msg"]),
        )


def _check_file(shown: str, name: str, data: bytes, listed: ListedFile | None) -> list[Finding]:
    if listed is None:
        return [_finding(shown, name, "unlisted-file", _("the manifest does not list this file."))]
    digest = hashlib.sha256(data).hexdigest()
    if digest != listed.sha256 or len(data) != listed.size:
        return [
            _finding(
                shown,
                name,
                "changed-file",
                _("its SHA-256 is {digest}, the manifest says {listed}.").format(
                    digest=digest, listed=listed.sha256
                ),
            )
        ]
    return []


def _check_bundle(shown: str, data: bytes) -> list[Finding]:
    with tempfile.TemporaryDirectory(prefix="classeur-dossier-") as scratch:
        bundle = Path(scratch) / BUNDLE
        bundle.write_bytes(data)
        said = verify_bundle(bundle)
    if said is None:
        return []
    return [
        _finding(
            shown,
            BUNDLE,
            "invalid-bundle",
            _("git bundle verify refuses it: {reason}").format(reason=said),
        )
    ]


def _finding(shown: str, name: str, code: str, what: str) -> Finding:
    return Finding(
        f"{shown}/{name}",
        0,
        code,
        _(
            "{what} The dossier is not the one that was exported: ask its sender for a new copy."
        ).format(what=what),
    )
