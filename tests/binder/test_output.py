from __future__ import annotations

import dataclasses
import socket
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path

import pytest
import xmlschema

from classeur.binder.check import check
from classeur.binder.output import render_junit
from classeur.model.findings import Finding, Severity
from tests.conftest import TODAY, doc, make_binder

SCHEMAS = Path(__file__).parents[1] / "data" / "junit"
STARTED = datetime(2026, 3, 1, 12, 30, 5, tzinfo=UTC)


@pytest.fixture
def report(tmp_path):
    """Two errors in a.md, a warning in b.md, nothing in c.md."""
    root = make_binder(
        tmp_path,
        {
            "procedures/a.md": doc(access="[admins]", function="nope"),
            "procedures/b.md": doc(id="OPS-002", last_reviewed="2025-03-20"),
            "procedures/c.md": doc(id="OPS-003"),
        },
    )
    return check(root, today=TODAY)


@pytest.fixture(autouse=True)
def fixed_hostname(monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "runner-7")


def junit(report, *, strict: bool = False) -> ElementTree.Element:
    return ElementTree.fromstring(render_junit(report, strict=strict, started=STARTED))


@pytest.mark.parametrize("schema", ["junit-10.xsd", "ant-junit.xsd"])
@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_junit_is_valid_against_the_published_schemas(report, schema, strict):
    xmlschema.XMLSchema(SCHEMAS / schema).validate(render_junit(report, strict=strict))


def test_junit_whole_document(report):
    assert render_junit(report, elapsed=1.23456, started=STARTED) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuite name="classeur check" tests="4" failures="2" errors="0" time="1.235" '
        'timestamp="2026-03-01T12:30:05" hostname="runner-7">\n'
        "  <properties>\n"
        '    <property name="today" value="2026-03-01" />\n'
        '    <property name="strict" value="false" />\n'
        "  </properties>\n"
        '  <testcase classname="procedures/a.md" name="unknown-function (line 5)" time="0.000">\n'
        '    <failure type="unknown-function" message="&quot;nope&quot; is not declared. Known: '
        'ops (access_policies/functions.yml).">procedures/a.md:5: unknown-function: "nope" is '
        "not declared. Known: ops (access_policies/functions.yml).</failure>\n"
        "  </testcase>\n"
        '  <testcase classname="procedures/a.md" name="unknown-access-tag (line 8)" time="0.000">\n'
        '    <failure type="unknown-access-tag" message="&quot;admins&quot; is not declared. '
        'Known tags: provider, secret, staff (access_policies/audiences.yml).">procedures/a.md:8: '
        'unknown-access-tag: "admins" is not declared. Known tags: provider, secret, staff '
        "(access_policies/audiences.yml).</failure>\n"
        "  </testcase>\n"
        '  <testcase classname="procedures/b.md" name="due-soon (line 9)" time="0.000" />\n'
        '  <testcase classname="procedures/c.md" name="no finding" time="0.000" />\n'
        "  <system-out>procedures/b.md:9: due-soon: next review on 2026-03-20 (in 19 days). "
        "Plan it with its owners (ops), then run `classeur review`.</system-out>\n"
        "  <system-err />\n"
        "</testsuite>\n"
    )


def test_each_finding_is_its_own_test_case_with_code_and_message(report):
    suite = junit(report)
    cases = suite.findall("testcase[@classname='procedures/a.md']")
    failures = suite.findall("testcase[@classname='procedures/a.md']/failure")
    assert [(c.get("name"), f.get("type")) for c, f in zip(cases, failures, strict=True)] == [
        ("unknown-function (line 5)", "unknown-function"),
        ("unknown-access-tag (line 8)", "unknown-access-tag"),
    ]
    assert failures[1].get("message") == (
        '"admins" is not declared. Known tags: provider, secret, staff '
        "(access_policies/audiences.yml)."
    )


def test_a_document_without_finding_is_one_passing_case(report):
    [case] = junit(report).findall("testcase[@classname='procedures/c.md']")
    assert (case.get("name"), list(case)) == ("no finding", [])


def test_warning_passes_by_default_and_is_listed_in_system_out(report):
    suite = junit(report)
    [case] = suite.findall("testcase[@classname='procedures/b.md']")
    assert (case.find("failure"), suite.get("failures")) == (None, "2")
    assert suite.findtext("system-out", "").startswith("procedures/b.md:9: due-soon: ")


def test_strict_makes_a_warning_a_failure(report):
    suite = junit(report, strict=True)
    failure = suite.find("testcase[@classname='procedures/b.md']/failure")
    assert failure is not None and failure.get("type") == "due-soon"
    assert (suite.get("failures"), suite.findtext("system-out")) == ("3", "")


def test_notice_never_fails_even_strict(report):
    notice = Finding(".git", 0, "detached-head", "HEAD is detached.", Severity.NOTICE)
    suite = junit(dataclasses.replace(report, findings=(notice,)), strict=True)
    assert suite.get("failures") == "0"
    assert suite.findtext("system-out") == ".git: detached-head: HEAD is detached."


def test_suite_counts_time_timestamp_and_host(report):
    suite = ElementTree.fromstring(render_junit(report, elapsed=0.5, started=STARTED))
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "time")} == {
        "tests": "4",
        "failures": "2",
        "errors": "0",
        "time": "0.500",
    }
    assert (suite.get("timestamp"), suite.get("hostname")) == ("2026-03-01T12:30:05", "runner-7")


def test_timestamp_defaults_to_the_clock_minus_elapsed_in_utc(report):
    before = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    suite = ElementTree.fromstring(render_junit(report, elapsed=60.0))
    stamp = datetime.fromisoformat(suite.get("timestamp", ""))
    assert 59 <= (before - stamp).total_seconds() <= 61


def test_characters_xml_cannot_carry_are_escaped(report):
    odd = Finding("procedures/a\x1bb.md", 1, "bad-name", "bell \x07 here.")
    text = render_junit(dataclasses.replace(report, findings=(odd,)))
    xmlschema.XMLSchema(SCHEMAS / "ant-junit.xsd").validate(text)
    failure = ElementTree.fromstring(text).find("testcase/failure")
    assert failure is not None
    assert failure.text == "procedures/a\\x1bb.md:1: bad-name: bell \\x07 here."
