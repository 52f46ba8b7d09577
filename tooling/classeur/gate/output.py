"""The shapes of a pr-check report: text, JSON, GitHub annotations, Markdown comment."""

from __future__ import annotations

import json
from typing import Any

from classeur.binder.output import render_github_findings
from classeur.common.i18n import _, ngettext
from classeur.gate.changes import (
    AttachmentChange,
    DocumentChange,
    MeasurementChange,
    PullRequestReport,
)
from classeur.model.findings import Severity
from classeur.model.records import Organisation

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
    others = len(report.findings) - errors
    authors = ", ".join(
        f"{a.person or a.email} ({_organisation_words(a.organisation)})" for a in report.authors
    ) or _("none")
    documents, attachments = len(report.changes), len(report.attachments)
    files = [
        ngettext("{count} document", "{count} documents", documents).format(count=documents),
        ngettext("{count} attachment", "{count} attachments", attachments).format(
            count=attachments
        ),
    ]
    # Named only when there are some: the line stays as it was for every other pull request.
    if measurements := len(report.measurements):
        files.append(
            ngettext("{count} measurement file", "{count} measurement files", measurements).format(
                count=measurements
            )
        )
    other_files = len(report.others)
    return _("{files} and {others} changed by {authors}: {errors}, {findings}.").format(
        files=", ".join(files),
        others=ngettext("{count} other file", "{count} other files", other_files).format(
            count=other_files
        ),
        authors=authors,
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        findings=ngettext("{count} other finding", "{count} other findings", others).format(
            count=others
        ),
    )


def _organisation_words(organisation: Organisation) -> str:
    """`company` or `provider`, in the user's language."""
    return _("company") if organisation is Organisation.COMPANY else _("provider")


def _status_words(status: str) -> str:
    """A diff status in words, for people (JSON keeps the English word of `_STATUS`)."""
    words = {
        "A": _("added"),
        "M": _("changed"),
        "R": _("renamed"),
        "C": _("copied"),
        "D": _("deleted"),
        "T": _("changed type"),
    }
    return words.get(status, status)


def _change(change: DocumentChange | AttachmentChange | MeasurementChange) -> str:
    """`renamed from procedures/old.md`, `added`…"""
    if not change.origin:
        return _status_words(change.status)
    # Whole phrases: the participle agrees differently in each language. Only a rename
    # or a copy has an origin.
    moved = _("renamed from {path}") if change.status == "R" else _("copied from {path}")
    return moved.format(path=change.origin)


def _text(report: PullRequestReport) -> str:
    lines = []
    for change in report.changes:
        lines.append(f"{change.path} ({_change(change)})")
        lines += [f"  {name}: {old} → {new}" for name, (old, new) in change.fields.items()]
        if change.also_check:
            lines.append(
                "  " + _("à vérifier aussi: {ids}").format(ids=", ".join(change.also_check))
            )
    for attachment in report.attachments:
        lines.append(
            _("{path} (attachment, {change})").format(
                path=attachment.path, change=_change(attachment)
            )
        )
        linked = ", ".join(attachment.linked_by) or _("no document")
        lines.append("  " + _("linked by: {ids}").format(ids=linked))
        lines.append(
            "  " + _("owners: {owners}").format(owners=", ".join(attachment.owners) or _("none"))
        )
    for measurements in report.measurements:
        lines.append(
            _("{path} (measurements, {change})").format(
                path=measurements.path, change=_change(measurements)
            )
        )
        lines.append("  " + (_new_values(measurements) or _("no new value")))
    lines += [_("{path} (other file)").format(path=path) for path in report.others]
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
    lines = [_("## Classeur: what this pull request changes"), "", _summary(report), ""]
    if report.changes:
        lines += [_("| Document | Change | Fields | À vérifier aussi |"), "|---|---|---|---|"]
        for c in report.changes:
            fields = "<br>".join(
                f"`{n}`: {_cell(o)} → {_cell(v)}" for n, (o, v) in c.fields.items()
            )
            lines.append(
                f"| `{_cell(c.path)}` | {_cell(_change(c))} | {fields or '—'} | "
                f"{', '.join(c.also_check) or '—'} |"
            )
    if report.attachments:
        lines += ["", _("| Attachment | Change | Linked by | Owners |"), "|---|---|---|---|"]
        lines += [
            f"| `{_cell(a.path)}` | {_cell(_change(a))} | {', '.join(a.linked_by) or '—'} | "
            f"{_cell(', '.join(a.owners)) or '—'} |"
            for a in report.attachments
        ]
    if report.measurements:
        lines += ["", _("| Measurements | Change | New values |"), "|---|---|---|"]
        lines += [
            f"| `{_cell(m.path)}` | {_cell(_change(m))} | {_cell(_new_values(m)) or '—'} |"
            for m in report.measurements
        ]
    if report.others:
        lines += ["", _("### Other files"), ""] + [f"- `{_cell(p)}`" for p in report.others]
    blocking = [f for f in report.findings if f.severity is Severity.ERROR]
    if blocking:
        lines += ["", _("### Blocking"), ""]
        lines += [f"- `{f.path}`: **{f.code}**: {_cell(f.message)}" for f in blocking]
    others = [f for f in report.findings if f.severity is not Severity.ERROR]
    if others:
        lines += ["", _("### For the owners"), ""]
        lines += [f"- `{f.path}`: **{f.code}**: {_cell(f.message)}" for f in others]
    return "\n".join(lines) + "\n"


def _new_values(change: MeasurementChange) -> str:
    """`13 new values for 2026-10`: the values submitted for the first time (JSON lists them)."""
    if not change.new_values:
        return ""
    count = len(change.new_values)
    periods = ", ".join(sorted({period for _indicator, period in change.new_values}))
    return ngettext(
        "{count} new value for {periods}", "{count} new values for {periods}", count
    ).format(count=count, periods=periods)


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
