"""The pages Classeur generates for each audience, as Markdown, from its manifest
only: home, review dashboard, one page per business function, owners' review
queues, coverage matrix and tag index."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from html import escape

from classeur.model.records import DocType, ReviewState
from classeur.publish.continuity_pages import continuity_page_paths
from classeur.publish.labels import DOC_TYPES, DOC_TYPES_PLURAL, REVIEW_STATES, french_date
from classeur.publish.manifest import Manifest, PublishedDocument
from classeur.publish.urls import site_path

HOME = "index.md"
REVIEWS = "revues.md"
OWNERS = "responsables.md"
COVERAGE = "couverture.md"
TAGS = "etiquettes.md"
CHANGES = "modifications.md"
FUNCTIONS_DIR = "fonctions"
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
                + _table(documents, page)
            )
    return pages


def home(manifest: Manifest) -> str:
    docs = manifest.documents
    states = Counter(d.review_state for d in docs)
    types = Counter(d.type for d in docs)
    due = [d for d in docs if d.review_state in (ReviewState.OVERDUE, ReviewState.DUE_SOON)]
    lines = [
        f"# Classeur des procédures — {md(manifest.audience_name)}",
        "",
        f"Ce site rassemble les **{len(docs)} documents** que vous pouvez consulter, "
        f"à jour au {french_date(manifest.today)}.",
        "",
        "| | Nombre |",
        "|---|---:|",
        *(f"| {DOC_TYPES_PLURAL[t]} | {types[t]} |" for t in DocType),
        f"| Revues en retard | {states[ReviewState.OVERDUE]} |",
        f"| À revoir dans les 30 jours | {states[ReviewState.DUE_SOON]} |",
        "",
        "## À revoir",
        "",
        _table(sorted(due, key=_next), HOME) if due else "Aucun document n'est à revoir.",
        "",
        "## Pour aller plus loin",
        "",
        f"- [Tableau de bord des revues]({REVIEWS})",
        f"- [Files de revue par responsable]({OWNERS})",
        f"- [Couverture des fonctions]({COVERAGE})",
        f"- [Index des étiquettes]({TAGS})",
    ]
    return "\n".join(lines) + "\n"


def reviews(manifest: Manifest) -> str:
    docs = manifest.documents
    late = sorted((d for d in docs if d.review_state is ReviewState.OVERDUE), key=_next)
    soon = sorted((d for d in docs if d.review_state is ReviewState.DUE_SOON), key=_next)
    lines = ["# Tableau de bord des revues", "", "## En retard", ""]
    lines.append(_table(late, REVIEWS) if late else "Aucune revue en retard.")
    lines += ["", "## À revoir dans les 30 jours", ""]
    lines.append(_table(soon, REVIEWS) if soon else "Aucune revue à prévoir.")
    changed = sorted((d for d in docs if d.review_state is ReviewState.CHANGED), key=_next)
    lines += ["", "## Modifiés depuis leur dernière revue", ""]
    lines.append(_table(changed, REVIEWS) if changed else "Aucun document modifié depuis sa revue.")
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


def _table(documents: Iterable[PublishedDocument], page: str) -> str:
    """A table of documents, as HTML: Markdown would run its inline patterns on every
    cell, seconds for the lists of every document at 5,000. The links are relative
    paths to the documents' Markdown, which the plugin resolves as MkDocs would."""
    rows = "".join(
        f"<tr><td>{escape(d.id)}</td>"
        f'<td><a href="{escape(_relative(d.src, page))}">{escape(d.title)}</a></td>'
        f"<td>{DOC_TYPES[d.type]}</td><td>{REVIEW_STATES[d.review_state]}</td>"
        f"<td>{french_date(d.next_review)}</td></tr>\n"
        for d in documents
    )
    header = "".join(f"<th>{h}</th>" for h in _TABLE_HEADER)
    return f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n"


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
