"""The steering pack as one standalone HTML page: read on screen, printed, or made a PDF.

Nothing is fetched: the style sheet is inline, each chart is an inline SVG
(pygal's, with no script) beside the table of its values. Every text of the
binder is escaped. The print rules give an A4 portrait page numbered
« page 1 / 3 » when a browser prints it; `--format pdf` is laid out by pdf.py.
"""

from __future__ import annotations

from html import escape

from classeur.pilotage.charts import chart_svg, describe
from classeur.pilotage.digest import (
    breaches,
    debt_at,
    month_point,
    pack_title,
    sentence,
    summary_line,
    to_look_at,
)
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
from classeur.pilotage.json_pack import STATUS_CODES
from classeur.pilotage.names import Names
from classeur.pilotage.records import Compliance, FunctionPack, Series, SteeringPack

_CSS = """
@page { size: A4 portrait; margin: 16mm 14mm 18mm;
  @bottom-center { content: "page " counter(page) " / " counter(pages);
    font-size: 8pt; color: #444; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
  color: #000; background: #fff; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 .3rem; }
h2 { font-size: 14pt; margin: 1.6rem 0 .4rem; border-bottom: 2px solid #000; }
h3 { font-size: 12pt; margin: 1rem 0 .3rem; }
h4 { font-size: 10.5pt; margin: .8rem 0 .2rem; }
.details { break-before: page; page-break-before: always; }
table { border-collapse: collapse; margin: .3rem 0 .6rem; }
.function table { width: 100%; table-layout: fixed; }
.function th:nth-child(1) { width: 40%; }
.function th:nth-child(2) { width: 17%; }
.function th:nth-child(3) { width: 18%; }
th, td { border: 1px solid #999; padding: .15rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.number { text-align: right; white-space: nowrap; }
.status { white-space: nowrap; font-weight: bold; }
.status-met { color: #1b5e20; }
.status-watch { color: #8a5a00; }
.status-breached { color: #b71c1c; }
.status-missing { color: #444; }
.indicator { break-inside: avoid; page-break-inside: avoid; margin: .4rem 0 1rem; }
.figures { display: flex; gap: .8rem; align-items: flex-start; }
.figures .chart { flex: 0 0 60%; }
.figures .chart svg { width: 100%; height: auto; }
.figures table { flex: 1 1 auto; font-size: 8pt; margin: 0; }
caption { caption-side: top; text-align: left; font-size: 8pt; padding-bottom: .2rem; }
.signals li { margin-bottom: .3rem; }
.muted { color: #444; }
.notice { border-left: 4px solid #000; padding-left: .5rem; }
@media print { body { padding: 0; max-width: none; }
  /* the chart and its table side by side as table cells: the same look on paper */
  .figures { display: table; width: 100%; border-spacing: .8rem 0; }
  .figures > * { display: table-cell; vertical-align: top; }
  .figures > .chart { width: 60%; }
  h2 { break-after: avoid; page-break-after: avoid; } }
"""


def render_html(pack: SteeringPack, names: Names) -> str:
    """The whole pack as a standalone HTML document."""
    title = escape(pack_title(pack))
    parts = [
        '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        f"<header>\n<h1>{title}</h1>\n",
    ]
    if names.audience:
        parts.append(f'<p class="audience">Vue : <strong>{escape(names.audience)}</strong></p>\n')
    parts.append(
        f"<p>Établi le {escape(day_name(pack.generated))}. {escape(summary_line(pack))}</p>\n"
        + "".join(
            f'<p class="notice"><strong>Attention :</strong> {escape(n)}</p>\n'
            for n in pack.notices
        )
        + "</header>\n"
    )
    if not pack.functions:
        parts.append("<p>Aucun indicateur lisible pour cette vue.</p>\n")
    parts += [_function(f, pack, names) for f in pack.functions]
    parts.append(_debt(pack, names))
    parts += _details(pack)
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def status_cell(status: Compliance) -> str:
    """A status as a word and a symbol, in a class a style sheet may colour."""
    code = STATUS_CODES[status]
    return f'<span class="status status-{code}">{escape(status_text(status))}</span>'


def _function(function: FunctionPack, pack: SteeringPack, names: Names) -> str:
    month = month_name(pack.month)
    rows = "".join(_overview_row(s, pack) for s in function.series)
    overview = (
        "<table><thead><tr><th>Indicateur</th><th>Cible</th>"
        f"<th>{escape(month.capitalize())}</th><th>Statut</th></tr></thead>\n"
        f"<tbody>\n{rows}</tbody></table>\n"
        if rows
        else "<p>Aucun indicateur lisible pour cette fonction.</p>\n"
    )
    missed = ", ".join(
        f"{escape(s.indicator.id)} {escape(s.indicator.label)}"
        for s in breaches(function, pack.month)
    )
    changed = ", ".join(escape(names.document(d)) for d in function.changed_documents)
    return (
        f'<section class="function" id="{escape(function.function)}">\n'
        f"<h2>{escape(function.label)}</h2>\n"
        + overview
        + f"<p><strong>Non respectés ce mois :</strong> {missed or 'aucun'}.</p>\n"
        + _signals(function, names)
        + f"<p><strong>Documents modifiés en {escape(month)} :</strong> {changed or 'aucun'}.</p>\n"
        + "</section>\n"
    )


def _details(pack: SteeringPack) -> list[str]:
    """Each indicator's chart and values, after the synthesis (the meeting reads that first)."""
    if not any(f.series for f in pack.functions):
        return []
    parts = ['<section class="details">\n<h2>Indicateurs en détail</h2>\n']
    for function in pack.functions:
        if function.series:
            parts.append(f'<h3 class="function-label">{escape(function.label)}</h3>\n')
            parts += [_indicator(s) for s in function.series]
    return [*parts, "</section>\n"]


def _overview_row(series: Series, pack: SteeringPack) -> str:
    indicator = series.indicator
    point = month_point(series, pack.month)
    status = point.status if point is not None else Compliance.MISSING
    value = value_text(point.value if point else None, indicator.unit)
    return (
        f"<tr><td>{escape(indicator.id)} {escape(indicator.label)}</td>"
        f"<td>{escape(target_text(indicator))}</td>"
        f'<td class="number">{escape(value)}</td><td>{status_cell(status)}</td></tr>\n'
    )


def _signals(function: FunctionPack, names: Names) -> str:
    if not function.signals:
        return "<p><strong>Signaux faibles :</strong> aucun.</p>\n"
    items = []
    for signal in function.signals:
        about = f" ({escape(signal.indicator)})" if signal.indicator else ""
        look = to_look_at(signal, lambda d: escape(names.document(d)))
        tail = f" <em>À regarder :</em> {look}." if look else ""
        items.append(
            f"<li><strong>{escape(signal.title)}</strong>{about} : "
            f"{escape(sentence(signal.evidence))}{tail}</li>\n"
        )
    return (
        '<p><strong>Signaux faibles :</strong></p>\n<ul class="signals">\n'
        + "".join(items)
        + "</ul>\n"
    )


def _indicator(series: Series) -> str:
    """The chart and, beside it, the table of the same values (what a screen reader reads)."""
    indicator = series.indicator
    rows = "".join(
        f"<tr><td>{escape(short_month(p.period))}</td>"
        f'<td class="number">{escape(value_text(p.value, indicator.unit))}</td>'
        f"<td>{status_cell(p.status)}</td></tr>\n"
        for p in series.points
    )
    band = f", à surveiller {warning_text(indicator)}" if indicator.warning is not None else ""
    return (
        f'<article class="indicator" id="{escape(indicator.id)}">\n'
        f"<h4>{escape(indicator.id)} — {escape(indicator.label)}</h4>\n"
        f'<p class="muted">Cible {escape(target_text(indicator))}{escape(band)} · '
        f"{escape(reporter_text(indicator))}.</p>\n"
        f'<div class="figures">\n<div class="chart">{chart_svg(series)}</div>\n'
        f'<table><caption class="muted">{escape(describe(series))}</caption>'
        "<thead><tr><th>Mois</th><th>Valeur</th><th>Statut</th></tr></thead>\n"
        f"<tbody>\n{rows}</tbody></table>\n</div>\n</article>\n"
    )


def _debt(pack: SteeringPack, names: Names) -> str:
    head = '<section class="debt">\n<h2>Dette de revue</h2>\n'
    if not pack.debt:
        return (
            head + "<p>Dette de revue non reconstituée depuis l'historique Git.</p>\n</section>\n"
        )
    rows = "".join(
        f"<tr><td>{escape(short_month(d.period))}</td>"
        f'<td class="number">{number(d.overdue)}</td></tr>\n'
        for d in pack.debt
    )
    parts = [
        head,
        "<table><thead><tr><th>Fin de mois</th><th>Documents en retard de revue</th></tr>"
        f"</thead>\n<tbody>\n{rows}</tbody></table>\n",
    ]
    now = debt_at(pack)
    if now is not None:
        owners = "".join(
            f'<tr><td>{escape(names.owner(o))}</td><td class="number">{number(n)}</td></tr>\n'
            for o, n in now.overdue_by_owner
        )
        when = escape(month_name(now.period))
        parts.append(
            f"<h3>Par responsable, fin {when}</h3>\n"
            + (
                "<table><thead><tr><th>Responsable</th><th>Documents en retard</th></tr></thead>\n"
                f"<tbody>\n{owners}</tbody></table>\n"
                if owners
                else "<p>Aucun document en retard.</p>\n"
            )
        )
    return "".join(parts) + "</section>\n"
