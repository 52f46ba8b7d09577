"""The steering pack as plain text, for a terminal or a mail (`classeur report`)."""

from __future__ import annotations

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
    reporter_text,
    short_month,
    status_text,
    target_text,
    value_text,
)
from classeur.pilotage.names import Names
from classeur.pilotage.records import Compliance, FunctionPack, Series, SteeringPack


def render_text(pack: SteeringPack, names: Names) -> str:
    """Title, summary, one section per function, then the review debt."""
    lines = [pack_title(pack)]
    if names.audience:
        lines.append(f"Vue : {names.audience}")
    lines += [f"Établi le {day_name(pack.generated)}.", summary_line(pack)]
    lines += [f"Attention : {notice}" for notice in pack.notices]
    if not pack.functions:
        lines += ["", "Aucun indicateur lisible pour cette vue."]
    for function in pack.functions:
        lines += ["", *_function(function, pack, names)]
    lines += ["", *_debt(pack, names)]
    return "\n".join(lines) + "\n"


def _function(function: FunctionPack, pack: SteeringPack, names: Names) -> list[str]:
    lines = [function.label, "-" * len(function.label)]
    if not function.series:
        lines.append("  Aucun indicateur lisible pour cette fonction.")
    for series in function.series:
        lines += _indicator(series, pack)
    missed = breaches(function, pack.month)
    lines.append(
        "  Non respectés ce mois : "
        + (", ".join(f"{s.indicator.id} {s.indicator.label}" for s in missed) or "aucun")
        + "."
    )
    if function.signals:
        lines.append("  Signaux faibles :")
        for signal in function.signals:
            about = f" ({signal.indicator})" if signal.indicator else ""
            lines.append(f"  - {signal.title}{about} : {sentence(signal.evidence)}")
            if signal.documents:
                lines.append(f"    À regarder : {to_look_at(signal, names.document)}.")
    else:
        lines.append("  Signaux faibles : aucun.")
    changed = ", ".join(names.document(d) for d in function.changed_documents) or "aucun"
    lines.append(f"  Documents modifiés en {month_name(pack.month)} : {changed}.")
    return lines


def _indicator(series: Series, pack: SteeringPack) -> list[str]:
    indicator = series.indicator
    point = month_point(series, pack.month)
    status = point.status if point is not None else Compliance.MISSING
    value = value_text(point.value if point else None, indicator.unit)
    lines = [
        f"  {indicator.id} — {indicator.label}",
        f"    cible {target_text(indicator)} ({reporter_text(indicator)}) · "
        f"{month_name(pack.month)} : {value} · {status_text(status)}",
    ]
    if series.points:
        first, last = series.points[0].period, series.points[-1].period
        lines.append(
            f"    {short_month(first)} → {short_month(last)} : {compact_history(series.points)}"
        )
    return lines


def _debt(pack: SteeringPack, names: Names) -> list[str]:
    lines = ["Dette de revue", "--------------"]
    if not pack.debt:
        return [*lines, "  Dette de revue non reconstituée depuis l'historique Git."]
    row = " · ".join(f"{short_month(d.period)} {number(d.overdue)}" for d in pack.debt)
    lines.append(f"  Documents en retard de revue en fin de mois : {row}.")
    now = debt_at(pack)
    if now is not None:
        owners = ", ".join(f"{names.owner(o)} {number(n)}" for o, n in now.overdue_by_owner)
        lines.append(f"  Par responsable, fin {month_name(now.period)} : {owners or 'aucun'}.")
    return lines
