"""Full-text search per audience: Whoosh indexes in .classeur/index/<audience>/.

Each index holds exactly what the audience may read on its site (published
documents and the attachments they link), analysed for French: case and
accents folded, then stemmed, so `facturé`, `factures` and `Facture` meet.
Updates are incremental: only files whose size or modification time changed
are read again; a policy change rebuilds the audience's index.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from whoosh import fields, index
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists
from whoosh.support.charset import accent_map

INDEX_DIR = Path(".classeur") / "index"
META = "classeur.json"
_FOLD = str.maketrans(accent_map)
_SNOWBALL = FrenchStemmer().stem
# Business words the stemmer must not merge with their neighbours (issue #15):
# Snowball makes `pai` of paie, paiement and payer alike, so a search for the
# payroll found every payment. Each form, accent-folded, maps to its own stem.
# A compound word is kept whole too: `Factur-X` split in two gave the Factur-X
# procedure a second `facture` in its title, ahead of the one about invoices.
PROTECTED_WORDS = {"paie": "paie", "paies": "paie", "factur-x": "factur-x"}
_COMPOUNDS = "|".join(w for w in PROTECTED_WORDS if "-" in w)


def french_stem(word: str) -> str:
    """Snowball's French stem of an accent-folded word, without a trailing `e`.

    Once accents are folded, Snowball leaves `impaye` (impayé) but `impay`
    (impayées), `facture` but `factur`: dropping the final `e` makes the forms
    a reader types meet again.
    """
    protected = PROTECTED_WORDS.get(word)
    if protected is not None:
        return protected
    stem: str = _SNOWBALL(word)
    return stem.rstrip("e") if len(stem) > 3 else stem


def french_analyzer() -> Any:
    """Tokens lower-cased, accent-folded, stop words dropped, then stemmed."""
    stopwords = {word.translate(_FOLD) for word in stoplists["fr"]}
    return (
        RegexTokenizer(rf"(?i:{_COMPOUNDS})|\w+")
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=stopwords, minsize=1)
        | StemFilter(stemfn=french_stem)
    )


def schema() -> fields.Schema:
    """One entry per document or attachment."""
    french = french_analyzer()
    return fields.Schema(
        key=fields.ID(stored=True, unique=True),
        kind=fields.ID(stored=True),
        id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=french, stored=True, field_boost=3.0),
        body=fields.TEXT(analyzer=french, stored=True, phrase=False),  # no positions: smaller
        type=fields.KEYWORD(lowercase=True, commas=True, stored=True),
        function=fields.KEYWORD(lowercase=True, commas=True),
        owner=fields.KEYWORD(lowercase=True, commas=True),
        status=fields.KEYWORD(lowercase=True, commas=True),
        site=fields.KEYWORD(lowercase=True, commas=True),
        next_review=fields.ID(stored=True),
        path=fields.STORED,
        linked_from=fields.STORED,
        successors=fields.STORED,
        description=fields.STORED,  # the summary results show (frontmatter `description`)
    )


# Bumped when what an entry holds changes: every index built before is rebuilt.
# 2: sensitive values masked (#14). 3: protected words, successors (#15).
# 4: the documents' descriptions, shown as their summary (#16).
INDEX_VERSION = b"entries 4"


@dataclass(frozen=True)
class Entry:
    """What the index holds for one document or attachment."""

    key: str
    kind: str  # "document" or "attachment"
    id: str
    title: str
    body: str
    type: str
    function: str
    owners: tuple[str, ...]
    status: str
    sites: tuple[str, ...]
    next_review: str
    path: str
    linked_from: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()  # what replaces a deprecated document
    description: str = ""  # the document's one-line summary, masked; "" when it has none

    def fields(self) -> dict[str, Any]:
        """The Whoosh document."""
        return {
            "key": self.key, "kind": self.kind, "id": self.id, "title": self.title,
            "body": self.body, "type": self.type, "function": self.function,
            "owner": ",".join(self.owners), "status": self.status,
            "site": ",".join(self.sites) or "all", "next_review": self.next_review,
            "path": self.path, "linked_from": list(self.linked_from),
            "successors": list(self.successors), "description": self.description,
        }  # fmt: skip


def index_folder(root: Path, audience: str) -> Path:
    """Where an audience's index lives."""
    return root / INDEX_DIR / audience


def write_index(folder: Path, entries: Iterator[Entry], meta: dict[str, Any]) -> None:
    """(Re)create the index in `folder` with `entries`."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    created = index.create_in(str(folder), schema())
    # Both cores analyse documents (French stemming is pure Python); one segment each.
    workers = min(os.cpu_count() or 1, 4)
    options = {"procs": workers, "multisegment": True} if workers > 1 else {}
    with created.writer(limitmb=128, **options) as writer:
        for entry in entries:
            writer.add_document(**entry.fields())
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")


def update_entries(
    folder: Path, changed: list[Entry], removed: list[str], meta: dict[str, Any]
) -> None:
    """Replace or delete single entries; the rest of the index stays as it is.

    Whoosh only marks a deleted entry; its words stay in the segment files until
    a merge. When an entry goes (a reader lost access to it), the index is
    merged at once, so that no byte of it stays on disk for that audience.
    """
    opened = index.open_dir(str(folder))
    writer = opened.writer()
    for key in removed:
        writer.delete_by_term("key", key)
    for entry in changed:
        writer.update_document(**entry.fields())
    writer.commit(optimize=bool(removed))
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")


def read_meta(folder: Path) -> dict[str, Any] | None:
    """The index's bookkeeping (file stamps, policy fingerprint), None when absent."""
    try:
        loaded: dict[str, Any] = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if index.exists_in(str(folder)) else None


def fingerprint(root: Path, audience: str) -> str:
    """Changes whenever a policy file or the audience does (a full rebuild then)."""
    digest = hashlib.sha256(audience.encode())
    digest.update(INDEX_VERSION)
    for path in sorted((root / "access_policies").glob("*.y*ml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def is_fresh(root: Path, audience: str) -> bool:
    """True when no file or policy changed since the index was written (no parsing)."""
    meta = read_meta(index_folder(root, audience))
    if meta is None or meta.get("fingerprint") != fingerprint(root, audience):
        return False
    return bool(file_stamps(root, meta["folders"]) == meta["stamps"])


def file_stamps(root: Path, folders: list[str]) -> dict[str, list[int]]:
    """Modification time and size of every file under `folders` (hidden ones skipped).

    Walks the folders itself rather than through corpus.py, whose import pulls in
    the parser and pydantic: a search on a fresh index must not pay for them.
    """
    stamps: dict[str, list[int]] = {}
    stack = list(folders)
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(root / folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = f"{folder}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append(relative)
            elif entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                stamps[relative] = [info.st_mtime_ns, info.st_size]
    return stamps


def attachment_key(path: str) -> str:
    """The index key of an attachment (distinct from any document path)."""
    return f"attachment:{PurePosixPath(path)}"
