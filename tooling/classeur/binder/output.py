"""The four shapes of a check report: text, JSON, GitHub annotations, JUnit XML.

Every shape shows sensitive values masked (issue #14): a Finding masks its own
message (model/findings.py), and titles go through `redact` here, because these
reports end up in CI logs that the provider reads.
"""

from __future__ import annotations

import json
import re
import socket
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from classeur.common.i18n import _, ngettext
from classeur.model.findings import Finding, Severity
from classeur.model.report import DocumentSummary, Report
from classeur.model.sensitive import redact

JSON_SCHEMA_VERSION = 1
FORMATS = ("text", "json", "github", "junit")


def render(report: Report, fmt: str, *, strict: bool = False, elapsed: float = 0.0) -> str:
    """The report in one of FORMATS; `elapsed` is how long the check took, in seconds."""
    renderers = {"text": render_text, "json": render_json, "github": render_github}
    if fmt == "junit":
        return render_junit(report, strict=strict, elapsed=elapsed)
    return renderers[fmt](report)


def summary_line(report: Report) -> str:
    """One line: what was checked and how many findings of each severity."""
    readers = Counter(audience for doc in report.documents for audience in doc.audiences)
    per_audience = ", ".join(f"{a} {readers[a]}" for a in report.policy.audiences)
    counts = ", ".join(
        _counted(severity, report.count(severity))
        for severity in (Severity.ERROR, Severity.WARNING, Severity.NOTICE)
    )
    scope = _(" (readable by {audiences})").format(audiences=per_audience) if per_audience else ""
    return ngettext(
        "Checked {count} document{scope} on {today}: {counts}.",
        "Checked {count} documents{scope} on {today}: {counts}.",
        report.files_read,
    ).format(count=report.files_read, scope=scope, today=report.today, counts=counts)


def _counted(severity: Severity, count: int) -> str:
    """`1 error`, `16 warnings`, `0 notices`: a count of findings of one severity."""
    if severity is Severity.ERROR:
        words = ngettext("{count} error", "{count} errors", count)
    elif severity is Severity.WARNING:
        words = ngettext("{count} warning", "{count} warnings", count)
    else:
        words = ngettext("{count} notice", "{count} notices", count)
    return words.format(count=count)


def _heading(severity: Severity, count: int) -> str:
    """The line above the findings of one severity: `Errors (3):`."""
    if severity is Severity.ERROR:
        return _("Errors ({count}):").format(count=count)
    if severity is Severity.WARNING:
        return _("Warnings ({count}):").format(count=count)
    return _("Notices ({count}):").format(count=count)


def render_text(report: Report) -> str:
    """Findings grouped by severity, each on the line form `path:line: code: message`."""
    lines: list[str] = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.NOTICE):
        group = [f for f in report.findings if f.severity is severity]
        if group:
            lines.append(_heading(severity, len(group)))
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
        "title": redact(document.title),
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


def render_junit(
    report: Report,
    *,
    strict: bool = False,
    elapsed: float = 0.0,
    started: datetime | None = None,
) -> str:
    """JUnit XML: one test case per finding, and one passing case per document without any.

    Findings that fail (errors; warnings too with `strict`) are failures whose
    `type` is the code; the others pass and are listed in the suite's
    `system-out`. The shape fits both the Jenkins xunit schema (junit-10.xsd)
    and Ant's (tests/data/junit/): the timestamp is UTC without a zone, and
    there is no `skipped` count, which Ant's schema refuses (nothing is ever
    skipped).
    """
    failing = Severity.WARNING if strict else Severity.ERROR
    start = started or datetime.now(UTC) - timedelta(seconds=elapsed)
    suite = ElementTree.Element("testsuite", name="classeur check")
    properties = ElementTree.SubElement(suite, "properties")
    for name, value in (("today", report.today.isoformat()), ("strict", str(strict).lower())):
        ElementTree.SubElement(properties, "property", name=name, value=value)
    cases = _junit_cases(report, failing)
    suite.extend(cases)
    passed = [f.render() for f in report.findings if f.severity < failing]
    ElementTree.SubElement(suite, "system-out").text = _xml_text("\n".join(passed))
    ElementTree.SubElement(suite, "system-err")
    suite.attrib.update(
        tests=str(len(cases)),
        failures=str(sum(1 for f in report.findings if f.severity >= failing)),
        errors="0",
        time=f"{elapsed:.3f}",
        timestamp=start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        hostname=socket.gethostname() or "localhost",
    )
    ElementTree.indent(suite)  # only between elements: no failure text changes
    xml = ElementTree.tostring(suite, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'


def _junit_cases(report: Report, failing: Severity) -> list[ElementTree.Element]:
    """Test cases in path then line order: findings, and documents with none."""
    found = {finding.path for finding in report.findings}
    clean = [str(s.document.path) for s in report.documents if str(s.document.path) not in found]
    entries: list[tuple[str, int, Finding | None]] = [(f.path, f.line, f) for f in report.findings]
    entries += [(path, 0, None) for path in clean]
    cases = []
    for path, _line, finding in sorted(entries, key=lambda entry: entry[:2]):
        name = "no finding" if finding is None else _case_name(finding)
        case = ElementTree.Element("testcase", classname=_xml_text(path), name=name, time="0.000")
        if finding is not None and finding.severity >= failing:
            failure = ElementTree.SubElement(
                case, "failure", type=finding.code, message=_xml_text(finding.message)
            )
            failure.text = _xml_text(finding.render())
        cases.append(case)
    return cases


def _case_name(finding: Finding) -> str:
    return f"{finding.code} (line {finding.line})" if finding.line else finding.code


# XML 1.0 cannot carry these characters at all, not even as references; a file
# name holding one is shown as its Python escape rather than breaking the report.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda match: match.group().encode("unicode_escape").decode(), text)
