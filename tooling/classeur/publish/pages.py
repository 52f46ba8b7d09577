"""The pages Classeur generates for each audience, as Markdown, from its manifest
only: home, review dashboard, one page per business function, owners' review
queues, coverage matrix and tag index."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from html import escape
from urllib.parse import quote

from classeur.model.records import DocType, ReviewState
from classeur.publish.continuity_pages import continuity_page_paths
from classeur.publish.feed import FEED
from classeur.publish.labels import DOC_TYPES, DOC_TYPES_PLURAL, REVIEW_STATES, french_date
from classeur.publish.manifest import Manifest, PublishedDocument, RecentChange, Reference
from classeur.publish.urls import site_path

HOME = "index.md"
REVIEWS = "revues.md"
OWNERS = "responsables.md"
COVERAGE = "couverture.md"
TAGS = "etiquettes.md"
CHANGES = "modifications.md"
FUNCTIONS_DIR = "fonctions"
HOME_EXAMPLES = 4
HOME_CHANGES = 10  # the home lists these many changed documents; the rest on CHANGES
WHATS_NEW_CLASS = "classeur-whatsnew"
DAY_CLASS_PREFIX = "classeur-day-"
DESCRIPTION_CLASS = "classeur-description"
_TABLE_HEADER = ("Réf.", "Titre", "Type", "Revue", "Prochaine revue")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def function_page(function_id: str) -> str:
    """The generated page of one business function."""
    return f"{FUNCTIONS_DIR}/{function_id}.md"


def generated_page_paths(manifest: Manifest) -> list[str]:
    """The site paths of the generated pages, without writing them."""
    functions = {d.function for d in manifest.documents}
    fixed = [HOME, REVIEWS, OWNERS, COVERAGE, TAGS, CHANGES]
    functions_pages = [function_page(f.id) for f in manifest.functions if f.id in functions]
    return fixed + functions_pages + continuity_page_paths(manifest)


def generated_pages(manifest: Manifest) -> dict[str, str]:
    """Every generated page: site path -> Markdown."""
    pages = {
        HOME: home(manifest),
        REVIEWS: reviews(manifest),
        OWNERS: owners(manifest),
        COVERAGE: coverage(manifest),
        TAGS: tags(manifest),
        CHANGES: changes(manifest),
    }
    for function in manifest.functions:
        documents = [d for d in manifest.documents if d.function == function.id]
        if documents:
            page = function_page(function.id)
            owner = function.owner.name if function.owner else "—"
            mode = "externalisée" if function.outsourced else "assurée en interne"
            pages[page] = (
                f"# {md(function.label)}\n\nResponsable : **{md(owner)}** · fonction {mode}.\n\n"
                + _table(documents, page, with_descriptions=True)
            )
    return pages


def home(manifest: Manifest) -> str:
    """The home page: search first, the business functions, what is new, then what is due."""
    lines = [
        f"# Classeur des procédures — {md(manifest.audience_name)}",
        "",
        f"Ce site rassemble les **{len(manifest.documents)} documents** que vous pouvez "
        f"consulter, à jour au {french_date(manifest.today)}.",
        "",
        *_search_start(manifest),
        *_function_entries(manifest),
        *_whats_new(manifest),
        *_for_owners(manifest),
    ]
    return "\n".join(lines) + "\n"


def _search_start(manifest: Manifest) -> list[str]:
    # Material opens its search with the query of a `?q=` link: examples are one click.
    shown = {d.function for d in manifest.documents}
    words = [f.label for f in manifest.functions if f.id in shown][:HOME_EXAMPLES]
    examples = ", ".join(f'<a href="?q={quote(w)}">{escape(w)}</a>' for w in words)
    lines = [
        "## Trouver une procédure",
        "",
        "Tapez quelques mots dans la case **Rechercher**, en haut de chaque page : "
        "les accents et les fautes de frappe sont tolérés.",
    ]
    if examples:
        lines += ["", f"<p>Par exemple : {examples}.</p>"]
    return [*lines, ""]


def _function_entries(manifest: Manifest) -> list[str]:
    types: dict[str, Counter[DocType]] = defaultdict(Counter)
    for document in manifest.documents:
        types[document.function][document.type] += 1
    cards = [
        f'<li><p><strong><a href="{escape(function_page(f.id))}">{escape(f.label)}</a>'
        f"</strong></p><p>{_type_counts(types[f.id])}</p>"
        f"<p>Responsable : {escape(f.owner.name) if f.owner else '—'}</p></li>"
        for f in manifest.functions
        if f.id in types
    ]
    if not cards:
        return []
    # Material's grid cards: one card per function, in columns on a wide screen.
    return ["## Par fonction", "", f'<div class="grid cards"><ul>{"".join(cards)}</ul></div>', ""]


def _type_counts(counts: Counter[DocType]) -> str:
    words = {True: DOC_TYPES_PLURAL, False: DOC_TYPES}
    return ", ".join(f"{counts[t]} {words[counts[t] > 1][t].lower()}" for t in DocType if counts[t])


def _whats_new(manifest: Manifest) -> list[str]:
    lines = ["## Quoi de neuf", ""]
    if not manifest.has_history:
        lines.append("L'historique Git n'était pas disponible lors de la construction du site.")
        return [*lines, ""]
    latest = _latest_changes(manifest)
    if not latest:
        return [*lines, "Aucune modification récente.", ""]
    # The date rides on a class: the post-build pass keeps no data attribute, and
    # site_src/javascripts/quoi-de-neuf.js reads it to hide what the reader has seen.
    items = "".join(
        f'<li class="{DAY_CLASS_PREFIX}{escape(change.day)}">'
        f'<a href="{escape(_relative(reference.src, HOME))}">{escape(reference.title)}</a>'
        f" ({escape(reference.id)})"
        f" — {french_date(change.day)} : {escape(change.message)}</li>"
        for reference, change in latest
    )
    lines += [
        f'<ul class="{WHATS_NEW_CLASS}">{items}</ul>',
        "",
        f"[Toutes les dernières modifications]({CHANGES}) · "
        f"[les suivre dans un lecteur de flux (Atom)]({FEED})",
        "",
    ]
    return lines


def _latest_changes(manifest: Manifest) -> list[tuple[Reference, RecentChange]]:
    """Each changed document once, with its latest change, newest first."""
    seen: dict[str, tuple[Reference, RecentChange]] = {}
    for change in manifest.recent:  # newest first
        for reference in change.documents:
            seen.setdefault(reference.id, (reference, change))
    return list(seen.values())[:HOME_CHANGES]


def _for_owners(manifest: Manifest) -> list[str]:
    docs = manifest.documents
    states = Counter(d.review_state for d in docs)
    types = Counter(d.type for d in docs)
    due = [d for d in docs if d.review_state in (ReviewState.OVERDUE, ReviewState.DUE_SOON)]
    return [
        "## Pour les responsables",
        "",
        "| Documents | Nombre |",
        "|---|---:|",
        *(f"| {DOC_TYPES_PLURAL[t]} | {types[t]} |" for t in DocType),
        f"| Revues en retard | {states[ReviewState.OVERDUE]} |",
        f"| À revoir dans les 30 jours | {states[ReviewState.DUE_SOON]} |",
        "",
        "### À revoir",
        "",
        _table(sorted(due, key=_next), HOME) if due else "Aucun document n'est à revoir.",
        "",
        "### Pour aller plus loin",
        "",
        f"- [Tableau de bord des revues]({REVIEWS})",
        f"- [Files de revue par responsable]({OWNERS})",
        f"- [Couverture des fonctions]({COVERAGE})",
        f"- [Index des étiquettes]({TAGS})",
    ]


def reviews(manifest: Manifest) -> str:
    docs = manifest.documents
    late = sorted((d for d in docs if d.review_state is ReviewState.OVERDUE), key=_next)
    soon = sorted((d for d in docs if d.review_state is ReviewState.DUE_SOON), key=_next)
    lines = ["# Tableau de bord des revues", "", "## En retard", ""]
    lines.append(_table(late, REVIEWS, with_owners=True) if late else "Aucune revue en retard.")
    lines += ["", "## À revoir dans les 30 jours", ""]
    lines.append(_table(soon, REVIEWS, with_owners=True) if soon else "Aucune revue à prévoir.")
    changed = sorted((d for d in docs if d.review_state is ReviewState.CHANGED), key=_next)
    lines += ["", "## Modifiés depuis leur dernière revue", ""]
    lines.append(
        _table(changed, REVIEWS, with_owners=True)
        if changed
        else "Aucun document modifié depuis sa revue."
    )
    lines += ["", "## Par fonction", "", _counts(docs, lambda d: [d.function_label], "Fonction")]
    lines += [
        "",
        "## Par responsable",
        "",
        _counts(docs, lambda d: [p.name for p in d.owners], "Responsable"),
    ]
    return "\n".join(lines) + "\n"


def owners(manifest: Manifest) -> str:
    queues: dict[str, list[PublishedDocument]] = defaultdict(list)
    for document in manifest.documents:
        for owner in document.owners:
            queues[owner.name].append(document)
    lines = ["# Files de revue par responsable", ""]
    lines.append(
        "Chaque responsable voit ici ses documents, de la revue la plus proche à la plus lointaine."
    )
    for name in sorted(queues):
        lines += ["", f"## {md(name)}", "", _table(sorted(queues[name], key=_next), OWNERS)]
    return "\n".join(lines) + "\n"


def coverage(manifest: Manifest) -> str:
    cells: Counter[tuple[str, DocType]] = Counter((d.function, d.type) for d in manifest.documents)
    header = "".join(f'<th scope="col">{DOC_TYPES_PLURAL[t]}</th>' for t in DocType)
    rows = []
    for function in manifest.functions:
        row = "".join(_coverage_cell(cells[(function.id, t)]) for t in DocType)
        rows.append(f'<tr><th scope="row">{escape(function.label)}</th>{row}</tr>')
    gaps = sum(1 for f in manifest.functions for t in DocType if not cells[(f.id, t)])
    return (
        "# Couverture des fonctions\n\n"
        f"Documents publiés par fonction et par type. **{gaps} cases vides** signalent une "
        "routine non écrite ou non visible pour ce public.\n\n"
        # A table with no class of its own takes the theme's table style and scrolls
        # sideways on a phone; the wrapper carries Classeur's.
        '<div class="classeur-coverage"><table>'
        f'<thead><tr><th scope="col">Fonction</th>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>\n\n"
        "**Légende** : un nombre indique combien de documents de ce type sont publiés "
        "pour la fonction ; « à couvrir » marque une case vide, sans aucun document de ce type.\n"
    )


def tags(manifest: Manifest) -> str:
    lines = ["# Index des étiquettes", ""]
    for tag in manifest.tags:
        tagged = [d for d in manifest.documents if tag.id in d.access]
        lines += [f"## {md(tag.label)}", "", md(tag.description), "", _table(tagged, TAGS), ""]
    return "\n".join(lines)


def changes(manifest: Manifest) -> str:
    lines = ["# Dernières modifications", ""]
    if not manifest.has_history:
        lines.append("L'historique Git n'était pas disponible lors de la construction du site.")
        return "\n".join(lines) + "\n"
    lines += ["| Date | Auteur | Modification | Documents |", "|---|---|---|---|"]
    for change in manifest.recent:
        documents = ", ".join(
            f"[{md(r.id)}]({_relative(r.src, CHANGES)})" for r in change.documents
        )
        when, who, what = french_date(change.day), md(change.author), md(change.message)
        lines.append(f"| {when} | {who} | {what} | {documents} |")
    return "\n".join(lines) + "\n"


def _coverage_cell(count: int) -> str:
    if count:
        return f"<td>{count}</td>"
    return '<td class="classeur-gap">à couvrir</td>'


def _table(
    documents: Iterable[PublishedDocument],
    page: str,
    *,
    with_owners: bool = False,
    with_descriptions: bool = False,
) -> str:
    """A table of documents, as HTML: Markdown would run its inline patterns on every
    cell, seconds for the lists of every document at 5,000. The links are relative
    paths to the documents' Markdown, which the plugin resolves as MkDocs would.
    `with_owners`: a list of documents to act on says whom to ask.
    `with_descriptions`: each title is followed by its document's description, if any."""
    rows = "".join(
        f"<tr><td>{escape(d.id)}</td>"
        f'<td><a href="{escape(_relative(d.src, page))}">{escape(d.title)}</a>'
        f"{_description(d) if with_descriptions else ''}</td>"
        f"<td>{DOC_TYPES[d.type]}</td><td>{REVIEW_STATES[d.review_state]}</td>"
        f"<td>{french_date(d.next_review)}</td>"
        + (f"<td>{escape(', '.join(o.name for o in d.owners))}</td>" if with_owners else "")
        + "</tr>\n"
        for d in documents
    )
    titles = (*_TABLE_HEADER, "Responsables") if with_owners else _TABLE_HEADER
    header = "".join(f"<th>{h}</th>" for h in titles)
    return f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"


def _description(document: PublishedDocument) -> str:
    """The description under a document's title in a list; nothing when it has none."""
    if not document.description:
        return ""
    return f'<br><small class="{DESCRIPTION_CLASS}">{escape(document.description)}</small>'


def _counts(
    documents: Iterable[PublishedDocument],
    keys: Callable[[PublishedDocument], list[str]],
    label: str,
) -> str:
    per: dict[str, Counter[ReviewState]] = defaultdict(Counter)
    for document in documents:
        for key in keys(document):
            per[key][document.review_state] += 1
    rows = [
        f"| {md(key)} | {sum(c.values())} | {c[ReviewState.OVERDUE]} | {c[ReviewState.DUE_SOON]} |"
        for key, c in sorted(per.items())
    ]
    return "\n".join(
        [f"| {label} | Documents | En retard | À revoir bientôt |", "|---|---:|---:|---:|", *rows]
    )


def _next(document: PublishedDocument) -> str:
    return document.next_review or "9999"


def _relative(src: str, page: str) -> str:
    # Generated pages sit at the site root or one folder down (fonctions/).
    return "../" * page.count("/") + site_path(src)


def md(text: str) -> str:
    """Text made inert in Markdown: HTML characters as entities, Markdown ones escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(text, quote=False))
