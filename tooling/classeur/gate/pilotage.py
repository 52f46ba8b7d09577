"""Measurements and targets in a pull request.

The provider submits each month's values as pilotage/mesures/*.csv files: a
value for a new period is theirs to add, but a value already transmitted (an
indicator and period present at the base) changes only with the company's
approval, and so does the day it was transmitted, which tells whether it came
on time. Targets are the contract, in access_policies/indicators.yml: any change
of one is shown, an error when the provider makes it. Everything is judged with
the base's policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from classeur.common.i18n import _
from classeur.gate.changes import Author, MeasurementChange, author_words
from classeur.gate.snapshot import Snapshot
from classeur.git.revisions import Revisions
from classeur.model.access import members_of
from classeur.model.findings import Finding, Severity
from classeur.model.indicator_policy import INDICATORS_PATH
from classeur.model.indicators import INDICATORS_FILE, Indicator, Measurement, Period
from classeur.model.measurements import parse_measurements
from classeur.model.policy import Policy, parse_policy
from classeur.model.records import Organisation
from classeur.pilotage.french import number

AuthorsOf = Callable[[Iterable[str]], list[Author]]  # the authors of the commits touching paths
Key = tuple[str, Period]  # (indicator, period)


@dataclass(frozen=True)
class _Side:
    """The measurements of one side, by indicator and period (several when duplicated)."""

    rows: Mapping[Key, list[Measurement]]
    findings: list[Finding]  # of the files parsed on that side


def judge_measurements(
    revisions: Revisions,
    sides: tuple[Snapshot, Snapshot],
    changes: list[MeasurementChange],
    policy: Policy,
    authors_of: AuthorsOf,
    today: date,
) -> list[Finding]:
    """Values already transmitted that change or go, and what the changed files hold."""
    if not changes:
        return []
    before, after = sides
    raw = revisions.read({*before.measurements.values(), *after.measurements.values()})
    parsed: dict[tuple[str, str], tuple[tuple[Measurement, ...], list[Finding]]] = {}
    base = _read(before.measurements, raw, parsed, policy, today)
    head = _read(after.measurements, raw, parsed, policy, today)
    touched = {c.path for c in changes}
    # A file the pull request leaves as it was is the base's business, not this one's.
    findings = [f for f in head.findings if f.path in touched]
    for change in changes:
        change.new_values = [
            (m.indicator, str(m.period))
            for m in _in_file(head, change.path)
            if (m.indicator, m.period) not in base.rows
        ]
    for key, olds in sorted(base.rows.items()):
        old = olds[0]
        news = head.rows.get(key, [])
        authors = authors_of([old.path, *(n.path for n in news)])
        findings += _corrections(old, news, authors, policy)
    findings += _company_indicators(base, head, touched, policy, authors_of)
    return findings


def _read(
    files: Mapping[str, str],
    raw: Mapping[str, bytes],
    parsed: dict[tuple[str, str], tuple[tuple[Measurement, ...], list[Finding]]],
    policy: Policy,
    today: date,
) -> _Side:
    rows: dict[Key, list[Measurement]] = {}
    findings: list[Finding] = []
    for path, sha in sorted(files.items()):
        if (path, sha) not in parsed:  # most files are the same on both sides: parse once
            parsed[path, sha] = parse_measurements(path, raw.get(sha, b""), policy, today)
        measurements, problems = parsed[path, sha]
        findings += problems
        for measurement in measurements:
            rows.setdefault((measurement.indicator, measurement.period), []).append(measurement)
    return _Side(rows, findings)


def _in_file(side: _Side, path: str) -> list[Measurement]:
    found = [m for ms in side.rows.values() for m in ms if m.path == path]
    return sorted(found, key=lambda m: m.line)


def _corrections(
    old: Measurement, news: list[Measurement], authors: list[Author], policy: Policy
) -> Iterator[Finding]:
    approver, owners = _owner(old.indicator, policy)
    severity = Severity.NOTICE if _by_owner(authors, owners) else Severity.ERROR
    if not news:
        yield Finding(
            old.path,
            0,
            "measurement-corrected",
            _(
                "correction d'une mesure déjà transmise: {indicator}, {period}, « {old} » → no "
                "value (its row is removed or no longer valid). A value transmitted for a past "
                "period stays unless {approver} makes or approves this change."
            ).format(
                indicator=old.indicator,
                period=old.period,
                old=number(old.value),
                approver=approver,
            ),
            severity,
        )
    for new in news:
        if new.value != old.value:
            yield Finding(
                new.path,
                new.line,
                "measurement-corrected",
                _(
                    "correction d'une mesure déjà transmise: {indicator}, {period}, « {old} » → "
                    "« {new} ». A value transmitted for a past period changes only with the "
                    "company's approval: {approver} must make or approve this change, and say "
                    "why in the row's `commentaire`."
                ).format(
                    indicator=old.indicator,
                    period=old.period,
                    old=number(old.value),
                    new=number(new.value),
                    approver=approver,
                ),
                severity,
            )
        if new.transmitted != old.transmitted:
            yield Finding(
                new.path,
                new.line,
                "transmission-date-changed",
                _(
                    "{indicator}, {period}: transmis_le {old} → {new} on a value already "
                    "transmitted. That day says whether the value came on time: {approver} "
                    "must make or approve this change."
                ).format(
                    indicator=old.indicator,
                    period=old.period,
                    old=_day(old.transmitted),
                    new=_day(new.transmitted),
                    approver=approver,
                ),
                severity,
            )


def _owner(indicator_id: str, policy: Policy) -> tuple[str, list[str]]:
    """Who answers for an indicator's values (its function's owner), in words and as people."""
    indicator = policy.indicators.get(indicator_id)
    function = policy.functions.get(indicator.function) if indicator else None
    if function is None:
        return _("an internal owner"), []
    return (
        _("the owner of {function} ({owner})").format(function=function.id, owner=function.owner),
        members_of([function.owner], policy),
    )


def _by_owner(authors: list[Author], owners: list[str]) -> bool:
    """Only company authors, one of them an owner: shown, not blocked (as for documents)."""
    company = all(a.organisation is Organisation.COMPANY for a in authors)
    return bool(authors) and company and any(a.person in owners for a in authors)


def _day(day: date | None) -> str:
    return day.isoformat() if day else _("(empty: the day of the commit that brought it)")


def _company_indicators(
    base: _Side, head: _Side, touched: set[str], policy: Policy, authors_of: AuthorsOf
) -> Iterator[Finding]:
    """A provider submitting a value of an indicator the company reports itself."""
    for key, news in sorted(head.rows.items()):
        indicator = policy.indicators.get(key[0])
        if indicator is None or indicator.reported_by is not Organisation.COMPANY:
            continue
        olds = {(m.value, m.transmitted) for m in base.rows.get(key, [])}
        for new in news:
            if new.path not in touched or (new.value, new.transmitted) in olds:
                continue
            for author in _providers(authors_of([new.path])):
                yield Finding(
                    new.path,
                    new.line,
                    "company-indicator-submitted",
                    _(
                        "{who} submits {indicator} for {period}, an indicator the company "
                        "reports (reported_by: company in {file}). Have an internal owner make "
                        "this change."
                    ).format(
                        who=author_words(author),
                        indicator=indicator.id,
                        period=new.period,
                        file=INDICATORS_PATH,
                    ),
                    Severity.ERROR,
                )


def judge_targets(
    revisions: Revisions,
    sides: tuple[Snapshot, Snapshot],
    policy: Policy,
    policy_files: Mapping[str, bytes],
    authors_of: AuthorsOf,
) -> list[Finding]:
    """`target-changed`: an indicator's target or warning band changed, added or removed."""
    before, after = sides
    if before.indicators == after.indicators:
        return []
    files = {k: v for k, v in policy_files.items() if k != INDICATORS_FILE}
    if after.indicators is not None:
        files[INDICATORS_FILE] = revisions.read([after.indicators]).get(after.indicators, b"")
    # The pull request's file read with the base's other files: its tags and functions.
    head, problems = parse_policy(files)
    findings = [f for f in problems if f.path == INDICATORS_PATH]
    if after.indicators is not None and INDICATORS_FILE not in head.located:
        return findings  # it does not load: its problems say why, nothing to compare
    severity = _severity(authors_of([INDICATORS_PATH]))
    olds, news = policy.indicators, head.indicators
    for identifier in dict.fromkeys([*olds, *news]):
        old, new = olds.get(identifier), news.get(identifier)
        message = _target_change(old, new)
        if message:
            line = _line(head, identifier, _field(old, new))
            findings.append(Finding(INDICATORS_PATH, line, "target-changed", message, severity))
    return findings


def _field(old: Indicator | None, new: Indicator | None) -> str:
    """The field a target change is shown at, in the pull request's file."""
    if new is None:
        return ""  # removed: no line of it is left
    if old is None:
        return "id"
    return "target" if old.target != new.target else "warning"


def _target_change(old: Indicator | None, new: Indicator | None) -> str | None:
    if old is not None and new is not None:
        moved = [
            f"{name} {_bound(getattr(old, name))} → {_bound(getattr(new, name))}"
            for name in ("target", "warning")
            if getattr(old, name) != getattr(new, name)
        ]
        if not moved:
            return None
        return _(
            "{id}: {changes}. Targets are the contract: only the company changes them, and "
            "every change must be visible in review."
        ).format(id=new.id, changes=", ".join(moved))
    if new is not None:
        return _(
            "{id}: new indicator, target {target}, warning {warning}. Targets are the contract: "
            "only the company changes them, and every change must be visible in review."
        ).format(id=new.id, target=_bound(new.target), warning=_bound(new.warning))
    if old is not None:
        return _(
            "{id}: indicator removed (target {target}). Targets are the contract: only the "
            "company changes them, and every change must be visible in review."
        ).format(id=old.id, target=_bound(old.target))
    return None


def _bound(value: float | None) -> str:
    return f"« {number(value)} »" if value is not None else _("none")


def _line(policy: Policy, identifier: str, field: str) -> int:
    """The line of one indicator's field in the indicators file read (0 when absent)."""
    where = policy.located.get(INDICATORS_FILE)
    if where is None or not field:
        return 0
    for index, item in enumerate(where.document.data.get("indicators") or []):
        if isinstance(item, dict) and item.get("id") == identifier:
            return where.line(("indicators", index, field))
    return 0


def _providers(authors: list[Author]) -> list[Author]:
    return [a for a in authors if a.organisation is Organisation.PROVIDER]


def _severity(authors: list[Author]) -> Severity:
    """Notice when only the company wrote it (it must still be seen), error otherwise."""
    return Severity.ERROR if _providers(authors) or not authors else Severity.NOTICE
