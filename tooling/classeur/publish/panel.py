"""The metadata panel and the banners at the top of every document page (French).

Every value is escaped here: the theme prints page content as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from urllib.parse import quote

from classeur.model.indicators import Indicator
from classeur.model.records import ReviewState, Status
from classeur.pilotage.french import NBSP, target_words
from classeur.publish.continuity_pages import PlanDocument, readiness_cell
from classeur.publish.labels import (
    DOC_TYPES,
    ORGANISATIONS,
    REVIEW_STATES,
    STATUSES,
    french_date,
    french_duration,
)
from classeur.publish.manifest import Party, PublishedDocument, Reference
from classeur.publish.urls import site_path

_BADGE_CLASS = {
    ReviewState.OK: "classeur-badge--ok",
    ReviewState.DUE_SOON: "classeur-badge--soon",
    ReviewState.OVERDUE: "classeur-badge--late",
}


LEAD_CLASS = "classeur-lead"  # the description under the title


def page_header(
    document: PublishedDocument, link: LinkMaker, email_of: EmailOf | None = None
) -> str:
    """Banners (what the page's state means, whom to ask), then the metadata panel.

    Kept out of the site's search index (`data-search-exclude`): the same labels
    on every page would only swell it and blur its results. The wrapper is a
    `section` because Material's search loses the exclusion at the first
    closing tag of the same name inside it (a nested `div`).
    `email_of` gives a person's e-mail (people.yml), making owners and maintainers
    contacts; without it they are names only. A document's `description` comes
    first, as the page's lead sentence, and stays searchable: the site's search
    shows it as the page's summary.
    """
    inner = "".join(_banners(document, link)) + _panel(document, email_of or _no_email)
    lead = (
        f'<p class="{LEAD_CLASS}">{escape(document.description)}</p>\n'
        if document.description
        else ""
    )
    return f"{lead}<section data-search-exclude>\n{inner}</section>"


def page_footer(document: PublishedDocument, link: LinkMaker) -> str:
    """Related documents ("Voir aussi") and the page's history; "" when it has neither."""
    related = "".join(f"<li>{link(r)}</li>" for r in document.related)
    # No `id` on these headings: Material's search would index each as an empty section.
    see_also = f"<h2>Voir aussi</h2><ul>{related}</ul>" if related else ""
    inner = see_also + page_history(document)
    return f"<section data-search-exclude>\n{inner}\n</section>" if inner else ""


class LinkMaker:
    """Turns a published document's source path into a URL relative to the current page."""

    def __init__(self, url_of: Callable[[str], str | None]) -> None:
        self._url_of = url_of  # site path -> URL relative to the current page

    def __call__(self, reference: Reference) -> str:
        url = self._url_of(site_path(reference.src))
        label = escape(f"{reference.id} — {reference.title}")
        return f'<a href="{escape(url)}">{label}</a>' if url else label


def _banners(document: PublishedDocument, link: LinkMaker) -> Iterable[str]:
    owners = _names(document.owners)
    if document.status is Status.DRAFT:
        yield _admonition(
            "info",
            "Brouillon",
            "Ce document est en cours de rédaction et n'est pas encore validé. "
            f"Avant de l'appliquer, demandez à {owners}.",
        )
    if document.status is Status.DEPRECATED:
        successors = ", ".join(link(r) for r in document.superseded_by)
        instead = f" Appliquez plutôt {successors}." if successors else ""
        yield _admonition(
            "danger",
            "Document obsolète",
            f"Cette version ne doit plus être appliquée.{instead} "
            f"Pour toute question, demandez à {owners}.",
        )
    if document.review_state is ReviewState.OVERDUE:
        yield _admonition(
            "warning",
            "Revue en retard",
            f"La revue prévue le {french_date(document.next_review)} n'a pas eu lieu : le contenu "
            f"peut ne plus refléter la pratique. En cas de doute, demandez à {owners}.",
        )
    elif document.review_state is ReviewState.DUE_SOON:
        yield _admonition(
            "note",
            "À revoir bientôt",
            f"Prochaine revue prévue le {french_date(document.next_review)}, par {owners}.",
        )


def _admonition(kind: str, title: str, text: str) -> str:
    return (
        f'<div class="admonition {kind} classeur-banner"><p class="admonition-title">'
        f"{escape(title)}</p><p>{text}</p></div>\n"
    )


EmailOf = Callable[[str], str | None]
"""A party's id to the e-mail to write to (a person's first in people.yml), or None."""


def _no_email(_party: str) -> str | None:
    return None


def _panel(document: PublishedDocument, email_of: EmailOf) -> str:
    """A summary line (state, owners, next review), the details on demand, whom to write to.

    The details sit in a `<details>` element: it opens without JavaScript, and
    the procedure itself starts on the reader's first screen.
    """
    subject = mail_subject(document)
    rows = [
        ("Type", escape(DOC_TYPES[document.type])),
        ("Fonction", escape(document.function_label)),
        ("Responsables", _parties(document.owners, email_of, subject)),
        # The maintainers keep the text current: « mainteneur » is a developer's word.
        ("Tenu à jour par", _parties(document.maintainers, email_of, subject) or "—"),
        ("Statut", escape(STATUSES[document.status])),
        ("Dernière revue", _last_review(document)),
        ("Prochaine revue", escape(french_date(document.next_review)) + _rhythm(document)),
        ("État de la revue", escape(REVIEW_STATES[document.review_state])),
        ("Accès", escape(", ".join(document.access_labels))),
        ("Sites", escape(", ".join(document.sites)) or "Tous les sites"),
    ]
    if document.sla:
        rows.append(("Engagements (SLA)", _sla(document)))
    if document.version:
        rows.append(("Version", _version(document)))
    rows += _readiness(document)
    cells = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return (
        f'<div class="classeur-panel">{_summary(document, email_of, subject)}'
        '<details class="classeur-panel__details"><summary>Détails du document</summary>'
        f"<table><tbody>{cells}</tbody></table></details>"
        f"{_actions(document, email_of, subject)}</div>\n"
    )


def mail_subject(document: PublishedDocument) -> str:
    """« [FAC-001] Titre (version 3) »: which document, and which text the reader saw."""
    version = f" (version {document.version})" if document.version else ""
    return f"[{document.id}] {document.title}{version}"


def _summary(document: PublishedDocument, email_of: EmailOf, subject: str) -> str:
    """One line: reference, state, owners, next review."""
    owners = _parties(document.owners, email_of, subject, organisation=False) or "—"
    owner_word = "Responsables" if len(document.owners) > 1 else "Responsable"
    return (
        '<p class="classeur-panel__summary">'
        f'<strong class="classeur-panel__id">{escape(document.id)}</strong> · '
        f"{escape(STATUSES[document.status])} · {_badge(document.review_state)} · "
        f"{owner_word}{NBSP}: {owners} · "
        f"Prochaine revue{NBSP}: {escape(french_date(document.next_review))}"
        # On paper the version tells which text was printed.
        f"{f' · version {document.version}' if document.version else ''}</p>"
    )


def _actions(document: PublishedDocument, email_of: EmailOf, subject: str) -> str:
    """« Signaler un problème », to the maintainers (or else the owners) who have an e-mail;
    « Proposer une modification » where the binder names its forge's edit page."""
    emails = [e for p in document.maintainers or document.owners if (e := email_of(p.id))]
    links = []
    if emails:
        href = _mailto(",".join(emails), subject)
        links.append(f'<a class="classeur-panel__report" href="{href}">Signaler un problème</a>')
    if document.edit_url:
        links.append(
            f'<a class="classeur-panel__edit" href="{escape(document.edit_url)}">'
            "Proposer une modification</a>"
        )
    return f'<p class="classeur-panel__actions">{" ".join(links)}</p>' if links else ""


def _mailto(address: str, subject: str) -> str:
    # quote() leaves no space or reserved character for the mail client to misread.
    return escape(f"mailto:{quote(address, safe='@,')}?subject={quote(subject, safe='')}")


def _readiness(document: PublishedDocument) -> list[tuple[str, str]]:
    """A handover plan's function readiness (issue #13), where the site shows readiness."""
    if not isinstance(document, PlanDocument):
        return []
    return [("Réversibilité de la fonction", readiness_cell(document.readiness))]


def _version(document: PublishedDocument) -> str:
    dates = (
        f"créé le {french_date(document.created)}, modifié le {french_date(document.last_changed)}"
    )
    return f"{document.version} <small>({escape(dates)})</small>"


def page_history(document: PublishedDocument) -> str:
    """The "Historique" section at the end of a page (empty without Git history)."""
    if not document.history:
        return ""
    rows = "".join(
        f"<tr><td>{escape(french_date(line.day))}</td><td>{escape(line.author)}</td>"
        f"<td>{escape(line.message)}</td><td><code>{escape(line.sha)}</code></td></tr>"
        for line in document.history
    )
    return (
        "<h2>Historique</h2>"
        f"<p>Version {document.version}.</p>"
        "<table><thead><tr><th>Date</th><th>Auteur</th><th>Modification</th><th>Réf.</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _parties(
    parties: Iterable[Party], email_of: EmailOf, subject: str, *, organisation: bool = True
) -> str:
    return ", ".join(
        _contact(p, email_of(p.id), subject)
        + (f" <small>({ORGANISATIONS[p.organisation]})</small>" if organisation else "")
        for p in parties
    )


def _contact(party: Party, email: str | None, subject: str) -> str:
    name = escape(party.name)
    return f'<a href="{_mailto(email, subject)}">{name}</a>' if email else name


def _names(parties: Iterable[Party]) -> str:
    return escape(", ".join(p.name for p in parties)) or "l'équipe responsable"


def _last_review(document: PublishedDocument) -> str:
    day = escape(french_date(document.last_reviewed))
    if document.reviewed_by is None:
        return day
    return f"{day}, par {escape(document.reviewed_by.name)}"


def _rhythm(document: PublishedDocument) -> str:
    every = document.review_every
    return f" <small>(tous les {escape(french_duration(every))})</small>" if every else ""


def _badge(state: ReviewState) -> str:
    css = _BADGE_CLASS.get(state, "classeur-badge--none")
    return f'<span class="classeur-badge {css}">{escape(REVIEW_STATES[state])}</span>'


def _sla(document: PublishedDocument) -> str:
    """Each indicator's commitment, then its latest status when the pack gives one."""
    latest = document.sla_latest or ("",) * len(document.sla)
    return "<br>".join(
        escape(_commitment(indicator) + (f" — {words}" if words else ""), quote=False)
        for indicator, words in zip(document.sla, latest, strict=True)
    )


def _commitment(indicator: Indicator) -> str:
    """« Délai d'émission des factures : 2 jours ouvrés au plus »."""
    # The same few indicators sit on thousands of panels: Babel formats each once.
    key = (indicator.id, indicator.label, indicator.unit, indicator.direction, indicator.target)
    words = _COMMITMENTS.get(key)
    if words is None:
        label = indicator.label[:1].upper() + indicator.label[1:]
        words = _COMMITMENTS[key] = f"{label}{NBSP}: {target_words(indicator)}"
    return words


_COMMITMENTS: dict[tuple[object, ...], str] = {}
