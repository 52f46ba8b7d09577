"""The four shapes of a check report: text, JSON, GitHub annotations, JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterable
from typing import Any

from classeur.model.findings import Finding, Severity
from classeur.model.report import DocumentSummary, Report

JSON_SCHEMA_VERSION = 1
FORMATS = ("text", "json", "github", "junit")


def render(report: Report, fmt: str, *, strict: bool = False) -> str:
    """The report in one of FORMATS."""
    renderers = {"text": render_text, "json": render_json, "github": render_github}
    if fmt == "junit":
        return render_junit(report, strict=strict)
    return renderers[fmt](report)


def summary_line(report: Report) -> str:
    """One line: what was checked and how many findings of each severity."""
    readers = Counter(audience for doc in report.documents for audience in doc.audiences)
    per_audience = ", ".join(f"{a} {readers[a]}" for a in report.policy.audiences)
    counts = ", ".join(
        _plural(report.count(severity), severity.label)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.NOTICE)
    )
    scope = f" (readable by {per_audience})" if per_audience else ""
    return f"Checked {_plural(report.files_read, 'document')}{scope} on {report.today}: {counts}."


def render_text(report: Report) -> str:
    """Findings grouped by severity, each on the line form `path:line: code: message`."""
    lines: list[str] = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.NOTICE):
        group = [f for f in report.findings if f.severity is severity]
        if group:
            lines.append(f"{severity.label.capitalize()}s ({len(group)}):")
            lines += [f"  {finding.render()}" for finding in group]
            lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """The documented, stable JSON object (see README, "check --format json")."""
    payload: dict[str, Any] = {
        "schema_version": JSON_SCHEMA_VERSION,
        "today": report.today.isoformat(),
        "summary": {
            "documents": report.files_read,
            "parsed_documents": len(report.documents),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "notices": report.count(Severity.NOTICE),
        },
        "diagnostics": [_diagnostic(finding) for finding in report.findings],
        "documents": [_document(summary) for summary in report.documents],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _diagnostic(finding: Finding) -> dict[str, Any]:
    return {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "severity": finding.severity.label,
        "code": finding.code,
        "message": finding.message,
    }


def _document(summary: DocumentSummary) -> dict[str, Any]:
    document, review = summary.document, summary.review
    return {
        "path": str(document.path),
        "id": document.id,
        "title": document.title,
        "type": document.type.value,
        "function": document.function,
        "status": document.status.value,
        "owners": list(document.owners),
        "maintainers": list(document.maintainers),
        "audiences": list(summary.audiences),
        "review_state": review.state.value,
        "last_reviewed": document.last_reviewed.isoformat() if document.last_reviewed else None,
        "next_review": review.next_review.isoformat() if review.next_review else None,
    }


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then the summary."""
    return render_github_findings(report.findings) + summary_line(report) + "\n"


def render_github_findings(findings: Iterable[Finding]) -> str:
    """One `::error file=…,line=…::message` line per finding."""
    lines = []
    for finding in findings:
        level = {"error": "error", "warning": "warning", "notice": "notice"}[finding.severity.label]
        properties = [f"file={_escape_property(finding.path)}"]
        if finding.line:
            properties.append(f"line={finding.line}")
        if finding.column:
            properties.append(f"col={finding.column}")
        properties.append(f"title={_escape_property(finding.code)}")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(finding.message)}")
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_junit(report: Report, *, strict: bool = False) -> str:
    """JUnit XML: one test case per checked file; failing findings are failures."""
    failing = Severity.WARNING if strict else Severity.ERROR
    by_path: dict[str, list[Finding]] = {str(s.document.path): [] for s in report.documents}
    for finding in report.findings:
        by_path.setdefault(finding.path, []).append(finding)
    suite = ElementTree.Element("testsuite", name="classeur check", tests=str(len(by_path)))
    failures = 0
    for path in sorted(by_path):
        case = ElementTree.SubElement(suite, "testcase", classname="classeur", name=path)
        bad = [f for f in by_path[path] if f.severity >= failing]
        if bad:
            failures += 1
            failure = ElementTree.SubElement(
                case, "failure", message=f"{len(bad)} finding(s)", type=bad[0].code
            )
            failure.text = "\n".join(f.render() for f in bad)
        rest = [f for f in by_path[path] if f.severity < failing]
        if rest:
            ElementTree.SubElement(case, "system-out").text = "\n".join(f.render() for f in rest)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    xml = ElementTree.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
