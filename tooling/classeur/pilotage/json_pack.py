"""The steering pack as JSON, schema `classeur-report/1` (README: "The steering pack as JSON").

Keys are English snake_case and never renamed within a schema version; a
status is a stable code, never the French word. Numbers are JSON numbers,
months `YYYY-MM`, days `YYYY-MM-DD`, absent values null.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from classeur.pilotage.digest import breaches, month_point
from classeur.pilotage.names import Names
from classeur.pilotage.records import (
    Compliance,
    DebtPoint,
    FunctionPack,
    Point,
    Series,
    Signal,
    SteeringPack,
)

SCHEMA = "classeur-report/1"
STATUS_CODES = {
    Compliance.MET: "met",
    Compliance.WATCH: "watch",
    Compliance.BREACHED: "breached",
    Compliance.MISSING: "missing",
}


def render_json(pack: SteeringPack, names: Names) -> str:
    """The pack as an indented JSON document ending with a newline."""
    return json.dumps(pack_payload(pack, names), ensure_ascii=False, indent=2) + "\n"


def pack_payload(pack: SteeringPack, names: Names) -> dict[str, Any]:
    """The pack as JSON-ready values (the schema's top-level object)."""
    return {
        "schema": SCHEMA,
        "month": str(pack.month),
        "audience": pack.audience,
        "audience_name": names.audience or None,
        "generated": pack.generated.isoformat(),
        "notices": list(pack.notices),
        "functions": [_function(f, pack, names) for f in pack.functions],
        "debt": [_debt(d, names) for d in pack.debt],
    }


def _function(function: FunctionPack, pack: SteeringPack, names: Names) -> dict[str, Any]:
    return {
        "function": function.function,
        "label": function.label,
        "indicators": [_series(s, pack) for s in function.series],
        "breaches": [s.indicator.id for s in breaches(function, pack.month)],
        "signals": [_signal(s, names) for s in function.signals],
        "changed_documents": [_document(d, names) for d in function.changed_documents],
    }


def _series(series: Series, pack: SteeringPack) -> dict[str, Any]:
    indicator = series.indicator
    point = month_point(series, pack.month)
    return {
        "id": indicator.id,
        "label": indicator.label,
        "unit": indicator.unit.value,
        "direction": indicator.direction.value,
        "kind": indicator.kind.value,
        "target": indicator.target,
        "warning": indicator.warning,
        "reported_by": indicator.reported_by.value,
        "value": point.value if point is not None else None,
        "status": STATUS_CODES[point.status if point is not None else Compliance.MISSING],
        "points": [_point(p) for p in series.points],
    }


def _point(point: Point) -> dict[str, Any]:
    return {
        "period": str(point.period),
        "value": point.value,
        "status": STATUS_CODES[point.status],
        "sample_size": point.sample_size,
        "comment": point.comment or None,
        "submitted": _day(point.submitted),
        "corrected": list(point.corrected),
    }


def _signal(signal: Signal, names: Names) -> dict[str, Any]:
    return {
        "rule": signal.rule,
        "title": signal.title,
        "indicator": signal.indicator,
        "evidence": signal.evidence,
        "documents": [_document(d, names) for d in signal.documents],
    }


def _document(document_id: str, names: Names) -> dict[str, Any]:
    return {"id": document_id, "title": names.documents.get(document_id)}


def _debt(point: DebtPoint, names: Names) -> dict[str, Any]:
    return {
        "period": str(point.period),
        "overdue": point.overdue,
        "by_owner": [
            {"owner": o, "name": names.owner(o), "overdue": n} for o, n in point.overdue_by_owner
        ],
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None
