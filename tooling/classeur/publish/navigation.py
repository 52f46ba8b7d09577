"""The site's navigation, computed by the core: generated pages and functions,
never every document.

Material repeats the navigation in every page; listing each document there
would make the site grow with the square of the binder (5,000 pages: 7 GB).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from classeur.publish import pages, pilotage_pages
from classeur.publish.continuity_pages import REVERSIBILITY
from classeur.publish.manifest import Manifest

_GENERATED = (
    ("Accueil", pages.HOME),
    ("Revues", pages.REVIEWS),
    ("Responsables", pages.OWNERS),
    ("Couverture", pages.COVERAGE),
    ("Étiquettes", pages.TAGS),
    ("Dernières modifications", pages.CHANGES),
)

Nav = list[Any]  # MkDocs' `nav:` shape: titles mapped to paths, sections to lists


def navigation(manifest: Manifest, generated: Iterable[str], own_pages: Iterable[str]) -> Nav:
    """Generated pages, one entry per function with documents, then the site's own pages.

    Titles are HTML-escaped here: MkDocs' templates print them as they are.
    """
    present = set(generated)
    nav: Nav = [{title: path} for title, path in _GENERATED[:2]]
    functions = [
        {escape(f.label): pages.function_page(f.id)}
        for f in manifest.functions
        if pages.function_page(f.id) in present
    ]
    nav.append({"Fonctions": functions})
    nav += _pilotage(present)
    nav += [{title: path} for title, path in _GENERATED[2:]]
    nav += [{"Réversibilité": REVERSIBILITY}] if REVERSIBILITY in present else []
    return nav + sorted(own_pages)


def _pilotage(present: set[str]) -> Nav:
    """The Pilotage entry (issue #12), when the audience reads an indicator.

    One entry: its index links each function's page. Every entry is repeated in
    every page, so one per function would cost each page of a large binder.
    """
    if pilotage_pages.INDEX not in present:
        return []
    return [{"Pilotage": pilotage_pages.INDEX}]
