"""The steering pack as Markdown: for a pull request, a wiki or a mail."""

from __future__ import annotations

import re
from html import escape

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
    compact_history,
    day_name,
    month_name,
    number,
    short_month,
    status_text,
    target_text,
    value_text,
)
from classeur.pilotage.names import Names
from classeur.pilotage.records import Compliance, FunctionPack, SteeringPack

_SPECIAL = re.compile(r"([\\`*_\[\]|#<>])")


def md(text: str) -> str:
    """Text made inert in Markdown (and in a table cell): special characters escaped."""
    return _SPECIAL.sub(r"\\\1", escape(text, quote=False).replace("\n", " "))


def render_markdown(pack: SteeringPack, names: Names) -> str:
    """Title, summary, one section per function with its table, then the review debt."""
    lines = [f"# {md(pack_title(pack))}", ""]
    if names.audience:
        lines += [f"Vue : **{md(names.audience)}**", ""]
    lines += [f"Établi le {day_name(pack.generated)}. {md(summary_line(pack))}", ""]
    lines += [line for notice in pack.notices for line in (f"> **Attention :** {md(notice)}", "")]
    if not pack.functions:
        lines += ["Aucun indicateur lisible pour cette vue.", ""]
    for function in pack.functions:
        lines += _function(function, pack, names)
    lines += _debt(pack, names)
    return "\n".join(lines).rstrip("\n") + "\n"


def _function(function: FunctionPack, pack: SteeringPack, names: Names) -> list[str]:
    month = month_name(pack.month)
    lines = [f"## {md(function.label)}", ""]
    if function.series:
        lines += [
            f"| Indicateur | Cible | {month.capitalize()} | Statut | {_span(function)} |",
            "|---|---|---:|---|---|",
        ]
    else:
        lines.append("Aucun indicateur lisible pour cette fonction.")
    for series in function.series:
        indicator = series.indicator
        point = month_point(series, pack.month)
        status = point.status if point is not None else Compliance.MISSING
        value = value_text(point.value if point else None, indicator.unit)
        lines.append(
            f"| {md(indicator.id)} {md(indicator.label)} | {target_text(indicator)} | {value} "
            f"| {status_text(status)} | {compact_history(series.points)} |"
        )
    missed = breaches(function, pack.month)
    shown = ", ".join(f"{md(s.indicator.id)} {md(s.indicator.label)}" for s in missed)
    lines += ["", f"**Non respectés ce mois :** {shown or 'aucun'}.", ""]
    if function.signals:
        lines += ["**Signaux faibles :**", ""]
        for signal in function.signals:
            about = f" ({md(signal.indicator)})" if signal.indicator else ""
            look = to_look_at(signal, lambda d: md(names.document(d)))
            tail = f" À regarder : {look}." if look else ""
            lines.append(f"- **{md(signal.title)}**{about} : {md(sentence(signal.evidence))}{tail}")
        lines.append("")
    else:
        lines += ["**Signaux faibles :** aucun.", ""]
    changed = ", ".join(md(names.document(d)) for d in function.changed_documents)
    lines += [f"**Documents modifiés en {month} :** {changed or 'aucun'}.", ""]
    return lines


def _span(function: FunctionPack) -> str:
    """The history column's heading: « nov. 2025 → oct. 2026 »."""
    points = [p.period for s in function.series for p in s.points]
    if not points:
        return "Historique"
    return f"{short_month(min(points))} → {short_month(max(points))}"


def _debt(pack: SteeringPack, names: Names) -> list[str]:
    lines = ["## Dette de revue", ""]
    if not pack.debt:
        return [*lines, "Dette de revue non reconstituée depuis l'historique Git."]
    lines += ["| Fin de mois | Documents en retard de revue |", "|---|---:|"]
    lines += [f"| {short_month(d.period)} | {number(d.overdue)} |" for d in pack.debt]
    now = debt_at(pack)
    if now is None:
        return lines
    lines += ["", f"Par responsable, fin {month_name(now.period)} :"]
    if not now.overdue_by_owner:
        return [*lines[:-1], f"{lines[-1]} aucun."]
    lines += ["", "| Responsable | Documents en retard |", "|---|---:|"]
    lines += [f"| {md(names.owner(o))} | {number(n)} |" for o, n in now.overdue_by_owner]
    return lines
