"""The shapes of a pr-check report: text, JSON, GitHub annotations, Markdown comment."""

from __future__ import annotations

import json
from typing import Any

from classeur.binder.output import render_github_findings
from classeur.gate.changes import (
    AttachmentChange,
    DocumentChange,
    MeasurementChange,
    PullRequestReport,
)
from classeur.model.findings import Severity

FORMATS = ("text", "json", "github", "markdown")
_STATUS = {
    "A": "added",
    "M": "changed",
    "R": "renamed",
    "C": "copied",
    "D": "deleted",
    "T": "changed type",
}


def render_pr(report: PullRequestReport, fmt: str) -> str:
    """The report in one of FORMATS."""
    return {"text": _text, "json": _json, "github": _github, "markdown": _markdown}[fmt](report)


def _summary(report: PullRequestReport) -> str:
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    authors = (
        ", ".join(f"{a.person or a.email} ({a.organisation.value})" for a in report.authors)
        or "none"
    )
    # Named only when there are some: the line stays as it was for every other pull request.
    measurements = (
        f", {len(report.measurements)} measurement file(s)" if report.measurements else ""
    )
    return (
        f"{len(report.changes)} document(s), {len(report.attachments)} attachment(s)"
        f"{measurements} and {len(report.others)} other file(s) changed by {authors}: "
        f"{errors} error(s), {len(report.findings) - errors} other finding(s)."
    )


def _change(change: DocumentChange | AttachmentChange | MeasurementChange) -> str:
    """`renamed from procedures/old.md`, `added`…"""
    word = _STATUS.get(change.status, change.status)
    return f"{word} from {change.origin}" if change.origin else word


def _text(report: PullRequestReport) -> str:
    lines = []
    for change in report.changes:
        lines.append(f"{change.path} ({_change(change)})")
        lines += [f"  {name}: {old} → {new}" for name, (old, new) in change.fields.items()]
        if change.also_check:
            lines.append(f"  à vérifier aussi: {', '.join(change.also_check)}")
    for attachment in report.attachments:
        lines.append(f"{attachment.path} (attachment, {_change(attachment)})")
        lines.append(f"  linked by: {', '.join(attachment.linked_by) or 'no document'}")
        lines.append(f"  owners: {', '.join(attachment.owners) or 'none'}")
    for measurements in report.measurements:
        lines.append(f"{measurements.path} (measurements, {_change(measurements)})")
        lines.append(f"  {_new_values(measurements) or 'no new value'}")
    lines += [f"{path} (other file)" for path in report.others]
    lines += [f"{f.severity.label}: {f.render()}" for f in report.findings]
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _json(report: PullRequestReport) -> str:
    payload: dict[str, Any] = {
        "base": report.base,
        "head": report.head,
        "authors": [
            {"email": a.email, "person": a.person, "organisation": a.organisation.value}
            for a in report.authors
        ],
        "documents": [
            {
                "path": c.path,
                "change": _STATUS.get(c.status, c.status),
                "from": c.origin,
                "fields": {
                    name: {"before": old, "after": new} for name, (old, new) in c.fields.items()
                },
                "also_check": c.also_check,
            }
            for c in report.changes
        ],
        "attachments": [
            {
                "path": a.path,
                "change": _STATUS.get(a.status, a.status),
                "from": a.origin,
                "linked_by": a.linked_by,
                "owners": a.owners,
            }
            for a in report.attachments
        ],
        "measurements": [
            {
                "path": m.path,
                "change": _STATUS.get(m.status, m.status),
                "from": m.origin,
                "new_values": [{"indicator": i, "period": p} for i, p in m.new_values],
            }
            for m in report.measurements
        ],
        "other_files": report.others,
        "diagnostics": [
            {
                "path": f.path,
                "line": f.line,
                "severity": f.severity.label,
                "code": f.code,
                "message": f.message,
            }
            for f in report.findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _github(report: PullRequestReport) -> str:
    return render_github_findings(report.findings) + _summary(report) + "\n"


def _markdown(report: PullRequestReport) -> str:
    lines = ["## Classeur: what this pull request changes", "", _summary(report), ""]
    if report.changes:
        lines += ["| Document | Change | Fields | À vérifier aussi |", "|---|---|---|---|"]
        for c in report.changes:
            fields = "<br>".join(
                f"`{n}`: {_cell(o)} → {_cell(v)}" for n, (o, v) in c.fields.items()
            )
            lines.append(
                f"| `{_cell(c.path)}` | {_cell(_change(c))} | {fields or '—'} | "
                f"{', '.join(c.also_check) or '—'} |"
            )
    if report.attachments:
        lines += ["", "| Attachment | Change | Linked by | Owners |", "|---|---|---|---|"]
        lines += [
            f"| `{_cell(a.path)}` | {_cell(_change(a))} | {', '.join(a.linked_by) or '—'} | "
            f"{_cell(', '.join(a.owners)) or '—'} |"
            for a in report.attachments
        ]
    if report.measurements:
        lines += ["", "| Measurements | Change | New values |", "|---|---|---|"]
        lines += [
            f"| `{_cell(m.path)}` | {_cell(_change(m))} | {_cell(_new_values(m)) or '—'} |"
            for m in report.measurements
        ]
    if report.others:
        lines += ["", "### Other files", ""] + [f"- `{_cell(p)}`" for p in report.others]
    blocking = [f for f in report.findings if f.severity is Severity.ERROR]
    if blocking:
        lines += ["", "### Blocking", ""]
        lines += [f"- `{f.path}`: **{f.code}**: {_cell(f.message)}" for f in blocking]
    others = [f for f in report.findings if f.severity is not Severity.ERROR]
    if others:
        lines += ["", "### For the owners", ""]
        lines += [f"- `{f.path}`: **{f.code}**: {_cell(f.message)}" for f in others]
    return "\n".join(lines) + "\n"


def _new_values(change: MeasurementChange) -> str:
    """`13 new value(s) for 2026-10`: the values submitted for the first time (JSON lists them)."""
    if not change.new_values:
        return ""
    periods = ", ".join(sorted({period for _, period in change.new_values}))
    return f"{len(change.new_values)} new value(s) for {periods}"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
