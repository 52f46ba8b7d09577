"""The Atom feed of an audience: its recent changes, in French, reproducible."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from classeur.publish.feed import atom_feed
from classeur.publish.manifest import RecentChange
from tests.publish.test_home import ACCUEIL, EVERY, RELANCE, manifest, reference

ATOM = "{http://www.w3.org/2005/Atom}"
RECENT = (
    RecentChange(
        day="2026-02-20",
        author="Olivia Ops",
        message="Nouveau <seuil>",
        documents=(reference(RELANCE), reference(ACCUEIL)),
    ),
    RecentChange(
        day="2026-01-05",
        author="Victor Vendor",
        message="Création",
        documents=(reference(RELANCE),),
    ),
)


def _href(entry: ET.Element) -> str:
    link = entry.find(f"{ATOM}link")
    assert link is not None
    return link.get("href", "")


def entries(feed: str) -> list[tuple[str, str, str, str]]:
    """Each entry's title, link, updated date and summary, in order."""
    root = ET.fromstring(feed.encode("utf-8"))
    return [
        (
            e.findtext(f"{ATOM}title", ""),
            _href(e),
            e.findtext(f"{ATOM}updated", ""),
            e.findtext(f"{ATOM}summary", ""),
        )
        for e in root.iter(f"{ATOM}entry")
    ]


def test_one_entry_per_document_and_change_newest_first():
    assert entries(atom_feed(manifest(EVERY, RECENT))) == [
        (
            "Relance d'un impayé (OPS-001)",
            "procedures/ops/ops-001/",
            "2026-02-20T00:00:00+00:00",
            "Modifié le 20 février 2026 par Olivia Ops : Nouveau <seuil>",
        ),
        (
            "Accueil <visiteurs> (OPS-002)",
            "procedures/ops/ops-002/",
            "2026-02-20T00:00:00+00:00",
            "Modifié le 20 février 2026 par Olivia Ops : Nouveau <seuil>",
        ),
        (
            "Relance d'un impayé (OPS-001)",
            "procedures/ops/ops-001/",
            "2026-01-05T00:00:00+00:00",
            "Modifié le 5 janvier 2026 par Victor Vendor : Création",
        ),
    ]


def test_feed_is_dated_by_its_latest_commit_and_names_the_audience():
    root = ET.fromstring(atom_feed(manifest(EVERY, RECENT)).encode("utf-8"))
    assert root.findtext(f"{ATOM}updated") == "2026-02-20T00:00:00+00:00"
    assert root.findtext(f"{ATOM}title") == (
        "Classeur des procédures — Personnel : dernières modifications"
    )
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"


def test_generator_carries_no_version():
    root = ET.fromstring(atom_feed(manifest(EVERY, RECENT)).encode("utf-8"))
    generator = root.find(f"{ATOM}generator")
    assert generator is not None
    assert (generator.text, generator.attrib) == ("Classeur", {})


def test_entry_ids_are_distinct_and_the_same_at_every_build():
    ids = [e.findtext(f"{ATOM}id") for e in ET.fromstring(atom_feed(manifest(EVERY, RECENT)))]
    again = [e.findtext(f"{ATOM}id") for e in ET.fromstring(atom_feed(manifest(EVERY, RECENT)))]
    entry_ids = [i for i in ids if i and ":OPS-" in i]
    assert len(set(entry_ids)) == 3 and ids == again


def test_without_changes_the_feed_is_empty_and_dated_by_the_build_day():
    root = ET.fromstring(atom_feed(manifest(EVERY)).encode("utf-8"))
    assert entries(atom_feed(manifest(EVERY))) == []
    assert root.findtext(f"{ATOM}updated") == "2026-03-01T00:00:00+00:00"
