"""The « Pilotage » section of one audience's site: the contract's indicators, their
status and charts, the weak signals, from that audience's steering pack.

Management reads every indicator; the provider reads its own, with the same
figures; a function with no indicator the audience reads has no page. Charts
are SVG files beside the pages, shown with <img>: the post-build pass would
strip an inline <svg>, and an image runs no script. Each chart's values are
in the table after it, for screen readers and for print.
"""

from __future__ import annotations

import enum
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from classeur.model.indicator_policy import due_date, month_of, readable_indicators
from classeur.model.indicators import Indicator, Period
from classeur.model.report import Report
from classeur.pilotage.charts import HEIGHT, WIDTH, chart_svg, describe
from classeur.pilotage.digest import month_point, month_status, sentence, summary_line
from classeur.pilotage.french import (
    day_name,
    month_name,
    number,
    reporter_text,
    short_month,
    status_text,
    target_text,
    value_text,
    warning_text,
)
from classeur.pilotage.names import Names, names_of
from classeur.pilotage.records import FunctionPack, Point, Series, Signal, SteeringPack
from classeur.publish.manifest import Manifest, PublishedDocument
from classeur.publish.pages import md
from classeur.publish.urls import page_output, site_path

PILOTAGE_DIR = "pilotage"
INDEX = f"{PILOTAGE_DIR}/index.md"
CHARTS_DIR = f"{PILOTAGE_DIR}/graphiques"


class FromBinder(enum.Enum):
    """Compute the audience's pack while staging (`mkdocs build` from the binder)."""

    FROM_BINDER = "from-binder"


FROM_BINDER = FromBinder.FROM_BINDER


@dataclass(frozen=True)
class PilotageSection:
    """The section's files: Markdown pages and SVG charts, by site path."""

    pages: Mapping[str, str]
    charts: Mapping[str, str]


def function_page(function_id: str) -> str:
    """The Pilotage page of one business function."""
    return f"{PILOTAGE_DIR}/{function_id}.md"


def chart_path(indicator_id: str) -> str:
    """Where an indicator's chart lands in the site."""
    return f"{CHARTS_DIR}/{indicator_id}.svg"


def site_month(today: date) -> Period:
    """The month the site shows: the last complete one (as `classeur report` by default)."""
    return month_of(today).previous()


def pilotage_files(report: Report, audience: str) -> set[str]:
    """Every file the section may write for `audience` (for the audit), from the policy alone."""
    readable = readable_indicators(report.policy, audience)
    if not readable:
        return set()
    pages = [INDEX, *(function_page(i.function) for i in readable)]
    return {page_output(p) for p in pages} | {chart_path(i.id) for i in readable}


def audience_pack(root: Path, report: Report, audience: str) -> SteeringPack | None:
    """The audience's pack for the site's month; None when it reads no indicator."""
    if not readable_indicators(report.policy, audience):
        return None
    from classeur.pilotage.steering import steering_pack  # its Git reads: only with indicators

    month = site_month(report.today)
    return steering_pack(report, month=month, audience=audience, root=root, today=report.today)


def pilotage_section(report: Report, pack: SteeringPack, manifest: Manifest) -> PilotageSection:
    """The index page, one page per function with indicators, and every chart."""
    names = names_of(report, pack)
    links = _Links({d.id: d for d in manifest.documents})
    due = due_date(pack.month, report.policy.signals)
    shown = [f for f in pack.functions if f.series]
    pages = {INDEX: _index(pack, shown, names, links, due, manifest.audience_name)}
    for function in shown:
        pages[function_page(function.function)] = _function_page(function, pack, names, links)
    charts = {chart_path(s.indicator.id): chart_svg(s) for f in shown for s in f.series}
    return PilotageSection(pages, charts)


class _Links:
    """Links from a Pilotage page to the published documents; plain ids for the others."""

    def __init__(self, published: Mapping[str, PublishedDocument]) -> None:
        self.published = published
        self.citing: dict[str, list[PublishedDocument]] = {}  # indicator id -> its procedures
        for document in published.values():
            for indicator in dict.fromkeys(i.id for i in document.sla):
                self.citing.setdefault(indicator, []).append(document)

    def document(self, document_id: str, page: str, names: Names) -> str:
        found = self.published.get(document_id)
        if found is None:  # readable but not published (a draft): named, not linked
            return escape(names.document(document_id))
        href = posixpath.relpath(site_path(found.src), posixpath.dirname(page))
        return f'<a href="{escape(href)}">{escape(found.id)} {escape(found.title)}</a>'

    def about(self, indicator_id: str, page: str) -> list[str]:
        """Links to the published procedures whose `sla` lists the indicator."""
        return [self.document(d.id, page, Names()) for d in self.citing.get(indicator_id, ())]


def _index(
    pack: SteeringPack,
    shown: list[FunctionPack],
    names: Names,
    links: _Links,
    due: date,
    audience_name: str,
) -> str:
    month = month_name(pack.month)
    lines = [
        "# Pilotage de la prestation",
        "",
        f"Indicateurs du contrat pour **{month}**, tels que ce site ({md(audience_name)}) "
        f"peut les lire. Mesures de {month} attendues au plus tard le {day_name(due)} ; "
        f"état au {day_name(pack.generated)}.",
        "",
        md(summary_line(pack)),
        "",
        *(f"**Attention :** {md(n)}\n" for n in pack.notices),
        "## Indicateurs par fonction",
        "",
        _overview(shown, pack),
        "## Signaux faibles",
        "",
        _signal_list([s for f in pack.functions for s in f.signals], pack, names, links, INDEX),
        "## Dette de revue",
        "",
        _debt(pack),
    ]
    return "\n".join(lines) + "\n"


def _overview(functions: list[FunctionPack], pack: SteeringPack) -> str:
    month = escape(month_name(pack.month).capitalize())
    header = f"<th>Fonction</th><th>Indicateur</th><th>Cible</th><th>{month}</th><th>Statut</th>"
    rows = []
    for function in functions:
        href = escape(posixpath.basename(function_page(function.function)))
        link = f'<a href="{href}">{escape(function.label)}</a>'
        label = f'<td rowspan="{len(function.series)}">{link}</td>'
        for index, series in enumerate(function.series):
            point = month_point(series, pack.month)
            rows.append(
                f"<tr>{'' if index else label}"
                f"<td>{escape(series.indicator.id)} {escape(series.indicator.label)}</td>"
                f"<td>{escape(target_text(series.indicator))}</td>"
                f"<td>{escape(value_text(point.value if point else None, series.indicator.unit))}"
                f"</td><td>{escape(status_text(month_status(series, pack.month)))}</td></tr>\n"
            )
    return (
        f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n{''.join(rows)}</tbody>\n</table>\n"
    )


def _signal_list(
    signals: list[Signal], pack: SteeringPack, names: Names, links: _Links, page: str
) -> str:
    if not signals:
        return f"Aucun signal faible en {month_name(pack.month)}.\n"
    labels = {f.function: f.label for f in pack.functions}
    items = []
    for signal in signals:
        about = f" ({escape(signal.indicator)})" if signal.indicator else ""
        where = escape(labels.get(signal.function, signal.function))
        look = ", ".join(links.document(d, page, names) for d in signal.documents)
        items.append(
            f"<li><strong>{escape(signal.title)}</strong> — {where}{about} : "
            f"{escape(sentence(signal.evidence))}"
            + (f" À regarder : {look}." if look else "")
            + "</li>\n"
        )
    return f"<ul>\n{''.join(items)}</ul>\n"


def _debt(pack: SteeringPack) -> str:
    if not pack.debt:
        return "Dette de revue non reconstituée depuis l'historique Git.\n"
    rows = "".join(
        f"<tr><td>{escape(short_month(d.period))}</td><td>{number(d.overdue)}</td></tr>\n"
        for d in pack.debt
    )
    return (
        "<table>\n<thead><tr><th>Fin de mois</th><th>Documents en retard de revue</th></tr>"
        f"</thead>\n<tbody>\n{rows}</tbody>\n</table>\n"
    )


def _function_page(function: FunctionPack, pack: SteeringPack, names: Names, links: _Links) -> str:
    page = function_page(function.function)
    month = month_name(pack.month)
    changed = ", ".join(links.document(d, page, names) for d in function.changed_documents)
    lines = [
        f"# Pilotage — {md(function.label)}",
        "",
        f"Indicateurs de la fonction pour **{month}** ; [vue d'ensemble](index.md).",
        "",
        "## Signaux faibles",
        "",
        _signal_list(list(function.signals), pack, names, links, page),
    ]
    for series in function.series:
        lines += _indicator(series, pack, links, page)
    lines += [f"## Documents modifiés en {month}", "", f"{changed or 'Aucun'}.", ""]
    return "\n".join(lines)


def _indicator(series: Series, pack: SteeringPack, links: _Links, page: str) -> list[str]:
    indicator = series.indicator
    point = month_point(series, pack.month)
    band = f", à surveiller {warning_text(indicator)}" if indicator.warning is not None else ""
    status = status_text(month_status(series, pack.month))
    value = value_text(point.value if point else None, indicator.unit)
    image = posixpath.relpath(chart_path(indicator.id), posixpath.dirname(page))
    rows = "".join(
        f"<tr><td>{escape(short_month(p.period))}</td>"
        f"<td>{escape(value_text(p.value, indicator.unit))}</td>"
        f"<td>{escape(status_text(p.status))}</td>"
        f"<td>{number(p.sample_size) if p.sample_size is not None else '—'}</td>"
        f"<td>{escape(p.comment) or '—'}</td></tr>\n"
        for p in series.points
    )
    about = links.about(indicator.id, page)
    return [
        f"## {md(indicator.id)} — {md(indicator.label)}",
        "",
        f"<p>Cible {escape(target_text(indicator))}{escape(band)} · "
        f"{escape(reporter_text(indicator))}. {escape(month_name(pack.month).capitalize())} : "
        f"<strong>{escape(value)}</strong> — <strong>{escape(status)}</strong>.</p>",
        "",
        f'<p class="classeur-chart"><img src="{escape(image)}" alt="{escape(describe(series))}" '
        f'width="{WIDTH}" height="{HEIGHT}"></p>',
        "",
        "<table>\n<thead><tr><th>Mois</th><th>Valeur</th><th>Statut</th><th>Échantillon</th>"
        f"<th>Commentaire</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>",
        "",
        f"Procédures concernées : {', '.join(about)}." if about else "",
        "",
    ]


def latest_status_words(pack: SteeringPack | None) -> Mapping[str, str]:
    """Each indicator's latest status in words, by id, as the Pilotage section shows it
    (made once per audience: every panel listing the indicator shows the same words)."""
    if pack is None:
        return {}
    return {
        series.indicator.id: _latest_words(series.latest, series.indicator)
        for function in pack.functions
        for series in function.series
    }


def with_latest_status(document: PublishedDocument, words: Mapping[str, str]) -> PublishedDocument:
    """The document with its indicators' latest status (`latest_status_words`)."""
    if not words or not document.sla:
        return document
    latest = tuple(words.get(indicator.id, "") for indicator in document.sla)
    return document.model_copy(update={"sla_latest": latest})


def _latest_words(point: Point | None, indicator: Indicator) -> str:
    """« ✓ respecté en octobre 2026 (1,6 jour ouvré) »."""
    if point is None:
        return ""
    value = "" if point.value is None else f" ({value_text(point.value, indicator.unit)})"
    return f"{status_text(point.status)} en {month_name(point.period)}{value}"
