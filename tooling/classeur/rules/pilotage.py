"""Rules of pilotage: the indicators file against the rest of the policy, each
document's `sla` against the indicators, and measurements not transmitted on time."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from classeur.common.i18n import _
from classeur.model.access import reading_organisations
from classeur.model.findings import Finding, Severity
from classeur.model.indicator_policy import (
    INDICATORS_PATH,
    due_date,
    has_indicators,
    indicator_line,
    last_due_period,
)
from classeur.model.indicators import (
    INDICATORS_FILE,
    MEASUREMENTS_DIR,
    Direction,
    Indicator,
    Measurement,
    Period,
    Unit,
)
from classeur.model.policy import Policy
from classeur.model.records import Document, Organisation
from classeur.model.schema import character_kind, describe_character, unsafe_characters
from classeur.model.validation import Located
from classeur.rules.registry import Binder, DocumentContext, binder_rule, document_rule


@binder_rule
def indicator_rules(binder: Binder) -> list[Finding]:
    """Every inconsistency of indicators.yml with itself and the other policy files."""
    return check_indicators(binder.policy)


def check_indicators(policy: Policy) -> list[Finding]:
    """Duplicate ids, unknown functions and tags, impossible targets, each at its line."""
    where = policy.located.get(INDICATORS_FILE)
    if where is None:
        return []
    findings = list(_duplicates(where))
    for index, indicator in enumerate(where.document.data.get("indicators") or []):
        declared = policy.indicators.get(str(indicator.get("id")))
        if declared is not None:
            findings += _references(policy, where, index, declared)
            findings += _bounds(where, index, declared)
    return findings


@document_rule
def document_indicators(document: Document, context: DocumentContext) -> list[Finding]:
    """Each id in a document's `sla` is a declared indicator of the document's function."""
    policy = context.policy
    if not document.sla:
        return []
    if INDICATORS_FILE in policy.absent:
        return [_sla_without_indicators(document)]
    if not has_indicators(policy):
        return []  # indicators.yml did not load: its own findings say why
    return [f for ref in document.sla for f in _sla_reference(document, ref, policy)]


def find_late_measurements(
    policy: Policy, measurements: Sequence[Measurement], *, today: date
) -> list[Finding]:
    """A warning for each period of each indicator not transmitted by its due date.

    Periods are expected from the first one the indicator (or, failing that, any
    indicator) was reported for, so that a contract starting in the middle of the
    binder's life is not reported late for the months before it.
    """
    if not has_indicators(policy):
        return []
    last = last_due_period(today, policy.signals)
    reported = {(m.indicator, m.period) for m in measurements}
    starts: dict[str, Period] = {}
    for measurement in measurements:
        known = starts.get(measurement.indicator, measurement.period)
        starts[measurement.indicator] = min(known, measurement.period)
    anyone = min(starts.values(), default=last)
    findings: list[Finding] = []
    for indicator in policy.indicators.values():
        for period in _periods(min(starts.get(indicator.id, anyone), last), last):
            if (indicator.id, period) not in reported:
                findings.append(_late(policy, indicator, period))
    return findings


def _periods(first: Period, last: Period) -> Iterator[Period]:
    period = first
    while period <= last:
        yield period
        period = period.next()


def _late(policy: Policy, indicator: Indicator, period: Period) -> Finding:
    due = due_date(period, policy.signals)
    if indicator.reported_by is Organisation.PROVIDER:
        message = _(
            "no value of {indicator} for {period}, due on {due}. Add its row to {file} "
            "(reported by the provider)."
        )
    else:
        message = _(
            "no value of {indicator} for {period}, due on {due}. Add its row to {file} "
            "(reported by the company)."
        )
    return Finding(
        INDICATORS_PATH,
        indicator_line(policy, indicator.id),
        "measurement-late",
        message.format(
            indicator=indicator.id,
            period=period,
            due=due.isoformat(),
            file=f"{MEASUREMENTS_DIR}/{period}.csv",
        ),
        Severity.WARNING,
    )


def _sla_reference(document: Document, ref: str, policy: Policy) -> Iterator[Finding]:
    indicator = policy.indicators.get(ref)
    if indicator is None:
        close = difflib.get_close_matches(ref, list(policy.indicators), n=1)
        known = ", ".join(sorted(policy.indicators))
        if close:
            message = _(
                '"{value}" in `sla` is not declared. Did you mean "{guess}"? Known: {known} '
                "({file})."
            )
        else:
            message = _('"{value}" in `sla` is not declared. Known: {known} ({file}).')
        yield Finding(
            str(document.path),
            document.line_of("sla"),
            "unknown-indicator",
            message.format(
                value=ref, guess=close[0] if close else "", known=known, file=INDICATORS_PATH
            ),
        )
    elif indicator.function != document.function:
        yield Finding(
            str(document.path),
            document.line_of("sla"),
            "indicator-other-function",
            _(
                '"{value}" in `sla` is an indicator of function "{function}", not of '
                '"{own}". List the indicators of its own function, or move the indicator in '
                "indicators.yml."
            ).format(value=ref, function=indicator.function, own=document.function),
            Severity.WARNING,
        )


def _sla_without_indicators(document: Document) -> Finding:
    return Finding(
        str(document.path),
        document.line_of("sla"),
        "unknown-indicator",
        _(
            "`sla` names {names} but no indicator is declared ({file} does not exist). Create "
            "it (the README shows its format) or remove `sla`."
        ).format(names=", ".join(document.sla), file=INDICATORS_PATH),
    )


def _duplicates(where: Located) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for index, item in enumerate(where.document.data.get("indicators") or []):
        value = str(item.get("id"))
        line = where.line(("indicators", index, "id"))
        if value in seen:
            yield Finding(
                where.path,
                line,
                "duplicate-policy-id",
                _(
                    'id "{value}" is already declared on line {line}. Keep one, or rename this one.'
                ).format(value=value, line=seen[value]),
            )
        seen.setdefault(value, line)


def _references(
    policy: Policy, where: Located, index: int, indicator: Indicator
) -> Iterator[Finding]:
    if policy.is_loaded("functions.yml") and indicator.function not in policy.functions:
        line = where.line(("indicators", index, "function"))
        yield _unknown(where, line, "unknown-function", indicator.function, policy.functions)
    if policy.is_loaded("audiences.yml"):
        for position, tag in enumerate(indicator.access):
            if tag not in policy.tags:
                line = where.line(("indicators", index, "access", position))
                yield _unknown(where, line, "unknown-access-tag", tag, policy.tags)
    found = unsafe_characters(indicator.label)
    if found:
        named = ", ".join(describe_character(c, character_kind(c)) for c in found)
        yield Finding(
            where.path,
            where.line(("indicators", index, "label")),
            "unsafe-character",
            _(
                "the label contains {characters}: readers would not see it as written. Remove it."
            ).format(characters=named),
        )


def _bounds(where: Located, index: int, indicator: Indicator) -> Iterator[Finding]:
    for key in ("target", "warning"):
        value = getattr(indicator, key)
        top = 100 if indicator.unit is Unit.PERCENT else None
        if value is not None and (value < 0 or (top is not None and value > top)):
            yield Finding(
                where.path,
                where.line(("indicators", index, key)),
                "indicator-out-of-range",
                (
                    _("{key} {value} is outside 0..100 for a rate in %. Write a percentage.")
                    if top
                    else _("{key} {value} is negative. Write a value of at least 0.")
                ).format(key=key, value=f"{value:g}"),
            )
    warning = indicator.warning
    if warning is None:
        return
    lower = indicator.direction is Direction.LOWER
    if (lower and warning <= indicator.target) or (not lower and warning >= indicator.target):
        if lower:
            message = _(
                "warning {warning} must be above the target {target}, since lower is better for "
                "{indicator}: « à surveiller » lies between the two. Fix `warning`, or "
                "`direction` if it is the wrong way round."
            )
        else:
            message = _(
                "warning {warning} must be below the target {target}, since higher is better "
                "for {indicator}: « à surveiller » lies between the two. Fix `warning`, or "
                "`direction` if it is the wrong way round."
            )
        yield Finding(
            where.path,
            where.line(("indicators", index, "warning")),
            "warning-band-wrong-side",
            message.format(
                warning=f"{warning:g}", target=f"{indicator.target:g}", indicator=indicator.id
            ),
        )


def _unknown(where: Located, line: int, code: str, value: str, known: Iterable[str]) -> Finding:
    names = ", ".join(sorted(known))
    message = _('"{value}" is not declared. Known: {names}.').format(value=value, names=names)
    return Finding(where.path, line, code, message)


def find_exposed_measurements(policy: Policy, measurements: Sequence[Measurement]) -> list[Finding]:
    """`repository-exposes-measurement`: the measurements of an indicator some reader of the
    repository may not read, kept in that repository (pilotage/mesures/ is in the root one).

    Whoever reads a repository reads every file in it, with its history, whatever the
    sites show: a management-only indicator's values in a repository the provider reads
    are the provider's to read.
    """
    repository = next((s for s in policy.sources if s.kind == "repository"), None)
    if repository is None or not policy.is_loaded("audiences.yml"):
        return []
    first: dict[str, Measurement] = {}
    for measurement in sorted(measurements, key=lambda m: (m.path, m.line)):
        first.setdefault(measurement.indicator, measurement)
    findings = []
    for indicator_id, measurement in sorted(first.items()):
        indicator = policy.indicators.get(indicator_id)
        if indicator is None:
            continue
        audiences = [
            a.id for a in policy.audiences.values() if set(a.reads) & set(indicator.access)
        ]
        allowed = reading_organisations(audiences, policy)
        blocked = [o.value for o in repository.readers if o not in allowed]
        if blocked:
            findings.append(
                Finding(
                    measurement.path,
                    measurement.line,
                    "repository-exposes-measurement",
                    _(
                        "{organisation} audiences may not read indicator {indicator}, but its "
                        'measurements are kept in repository "{repository}", which the '
                        "{organisation} can read with its whole history. Keep them in a "
                        "repository the {organisation} cannot read, or give the indicator an "
                        "access tag the {organisation} reads."
                    ).format(
                        organisation=blocked[0], indicator=indicator.id, repository=repository.id
                    ),
                )
            )
    return findings
