"""The Atom feed of one audience's site: its recent changes, as feed readers follow them.

Built from the manifest's recent changes only, so it names nothing the audience
may not read, exactly as the « Dernières modifications » page. The output is
byte-reproducible: every date comes from the commits, and no generator version
or build time is written.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time

from feedgen.feed import FeedGenerator

from classeur.publish.labels import french_date
from classeur.publish.manifest import Manifest, RecentChange, Reference
from classeur.publish.urls import page_output, relative_url, site_path

FEED = "flux.xml"  # at the site root, beside the home page


def feed_files(manifest: Manifest) -> set[str]:
    """The site files the feed writes (for the audit)."""
    del manifest  # every audience has its feed, empty or not
    return {FEED}


def atom_feed(manifest: Manifest) -> str:
    """The audience's Atom feed, in French, one entry per changed document and commit."""
    feed = FeedGenerator()
    feed.id(f"urn:classeur:{manifest.audience}:modifications")
    feed.title(f"Classeur des procédures — {manifest.audience_name} : dernières modifications")
    feed.language("fr")
    feed.generator("Classeur")
    # Relative links resolve against the feed's own URL, at the site root: no site URL needed.
    feed.link(href=FEED, rel="self")
    feed.link(href="./", rel="alternate")
    days = [c.day for c in manifest.recent] or [manifest.today]
    feed.updated(_moment(max(days)))
    for change in manifest.recent:  # newest first, as feed readers list them
        for reference in change.documents:
            _add_entry(feed, manifest.audience, change, reference)
    atom: bytes = feed.atom_str(pretty=True)
    return atom.decode("utf-8")


def _add_entry(
    feed: FeedGenerator, audience: str, change: RecentChange, reference: Reference
) -> None:
    entry = feed.add_entry(order="append")
    entry.id(_entry_id(audience, change, reference))
    entry.title(f"{reference.title} ({reference.id})")
    entry.link(href=relative_url(page_output(site_path(reference.src)), ""), rel="alternate")
    entry.updated(_moment(change.day))
    entry.author({"name": change.author})
    entry.summary(f"Modifié le {french_date(change.day)} par {change.author} : {change.message}")


def _entry_id(audience: str, change: RecentChange, reference: Reference) -> str:
    # Stable across builds: the same commit and document always give the same id.
    seed = "\0".join((change.day, change.author, change.message, reference.id))
    digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]
    return f"urn:classeur:{audience}:{reference.id}:{digest}"


def _moment(day: str) -> datetime:
    """Midnight UTC of a commit's day: the manifest keeps days, not times."""
    return datetime.combine(date.fromisoformat(day), time(), tzinfo=UTC)
