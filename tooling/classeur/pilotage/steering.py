"""The monthly steering pack (comité de pilotage): statuses, weak signals, review debt.

One audience's pack holds only what that audience reads: the indicators whose
access tags it reads, the signals about them, the documents it may open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from classeur.common.errors import PortalError
from classeur.common.i18n import _
from classeur.git.history import load_history
from classeur.git.pilotage import PilotageHistory, read_pilotage_history
from classeur.model.history import History
from classeur.model.indicators import Indicator, Measurement, Period, SignalSettings
from classeur.model.policy import Policy
from classeur.model.report import DocumentSummary, Report
from classeur.pilotage.debt import month_end, reconstruct_debt
from classeur.pilotage.french import day_name, month_name
from classeur.pilotage.records import FunctionPack, Series, Signal, SteeringPack
from classeur.pilotage.signals import SignalContext, detect
from classeur.pilotage.status import series as series_of

SHOWN = 12  # periods and month ends a pack shows

_GAPS = {
    "not-a-repository": "le classeur n'est pas un dépôt Git",
    "no-history": "le dépôt Git n'a encore aucun commit",
    "shallow-clone": "le dépôt est un clone partiel (historique tronqué)",
}


def steering_pack(
    report: Report,
    *,
    month: Period,
    audience: str | None = None,
    function: str | None = None,
    root: Path,
    today: date,
    git: PilotageHistory | None = None,
) -> SteeringPack:
    """The pack of `month` as `audience` may read it (None: everything), for one function or all.

    `git` is what `read_git` returns for this month and day, when it was read already.
    """
    policy, settings = report.policy, report.policy.signals
    scope = _Scope(_reads(policy, audience), audience, _known_function(policy, function))
    indicators = [i for i in policy.indicators.values() if scope.keeps(i.function, i.access)]
    documents = tuple(s for s in report.documents if scope.keeps_document(s))
    periods = _pack_periods(month, settings)
    if git is None:
        history = report.history or load_history(root)
        git = read_git(policy, history, root=root, month=month, today=today)
    debt = reconstruct_debt(git.documents, policy.review, periods, today=today, start=git.start)
    long = _series(indicators, report.measurements, month, _span(settings), git)
    context = SignalContext(
        month, today, settings, long, documents, git.documents, debt, scope.reads
    )
    packs = _function_packs(policy, long, detect(context), _changed(git, documents, month))
    shown = debt.points(lambda h: scope.keeps(h.function, h.access))[-SHOWN:]
    return SteeringPack(month, audience, packs, shown, today, _notices(git, month, periods))


def read_git(
    policy: Policy, history: History, *, root: Path, month: Period, today: date
) -> PilotageHistory:
    """What the pack of `month` reads from Git: measurement submissions, document versions."""
    return read_pilotage_history(
        root,
        history,
        folders=tuple(source.path for source in policy.sources),
        since=month_end(_pack_periods(month, policy.signals)[0]),
        until=today,
    )


def _pack_periods(month: Period, settings: SignalSettings) -> list[Period]:
    """The month ends whose review debt the pack shows or its rules compare."""
    return _periods(month, max(SHOWN, settings.worsening_periods + 1))


@dataclass(frozen=True)
class _Scope:
    """What one pack may hold: the audience's access tags, one function or all."""

    reads: frozenset[str] | None  # None: every tag
    audience: str | None
    function: str | None

    def keeps(self, function: str, access: Iterable[str]) -> bool:
        """Whether something of `function` carrying these access tags belongs in the pack."""
        readable = self.reads is None or not self.reads.isdisjoint(access)
        return readable and self.function in (None, function)

    def keeps_document(self, summary: DocumentSummary) -> bool:
        """Whether the pack may name this document (the audience reads it)."""
        readable = self.audience is None or self.audience in summary.audiences
        return readable and self.function in (None, summary.document.function)


def _series(
    indicators: Iterable[Indicator],
    measurements: Iterable[Measurement],
    month: Period,
    periods: int,
    git: PilotageHistory,
) -> tuple[Series, ...]:
    """Each indicator's series, by id, as long as the rules need."""
    by_indicator: dict[str, list[Measurement]] = {}
    for measurement in measurements:
        by_indicator.setdefault(measurement.indicator, []).append(measurement)
    return tuple(
        series_of(
            i, by_indicator.get(i.id, ()), until=month, periods=periods, submissions=git.submissions
        )
        for i in sorted(indicators, key=lambda i: i.id)
    )


def _function_packs(
    policy: Policy,
    series: tuple[Series, ...],
    signals: tuple[Signal, ...],
    changed: dict[str, tuple[str, ...]],
) -> tuple[FunctionPack, ...]:
    """One part per function with an indicator, a signal or a changed document, by label."""
    shown = tuple(Series(s.indicator, s.points[-SHOWN:]) for s in series)
    functions = {s.indicator.function for s in series} | {s.function for s in signals}
    packs = (
        _function_pack(policy, f, shown, signals, changed.get(f, ()))
        for f in functions | set(changed)
    )
    return tuple(sorted(packs, key=lambda pack: (pack.label.casefold(), pack.function)))


def _reads(policy: Policy, audience: str | None) -> frozenset[str] | None:
    if audience is None:
        return None
    found = policy.audiences.get(audience)
    if found is None:
        known = ", ".join(sorted(policy.audiences)) or _("none")
        raise PortalError(
            _('unknown audience "{audience}". Audiences: {known} (access_policies/).').format(
                audience=audience, known=known
            )
        )
    return frozenset(found.reads)


def _known_function(policy: Policy, function: str | None) -> str | None:
    known = set(policy.functions) | {i.function for i in policy.indicators.values()}
    if function is not None and function not in known:
        raise PortalError(
            _(
                'unknown function "{function}". Functions: {known} (access_policies/functions.yml).'
            ).format(function=function, known=", ".join(sorted(known)) or _("none"))
        )
    return function


def _span(settings: SignalSettings) -> int:
    """How many periods the rules look back over, and never fewer than a pack shows."""
    return max(
        SHOWN,
        settings.window,
        settings.slope_periods,
        settings.worsening_periods + 1,
        settings.breach_streak,
        settings.flat_periods,
    )


def _periods(month: Period, count: int) -> list[Period]:
    periods = [month]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


def _changed(
    git: PilotageHistory, documents: Iterable[DocumentSummary], month: Period
) -> dict[str, tuple[str, ...]]:
    """Per function, ids of the readable documents a commit touched in `month`."""
    touched = {t.path for t in git.documents if t.changed_in(month)}
    found: dict[str, list[str]] = {}
    for summary in documents:
        if str(summary.document.path) in touched:
            found.setdefault(summary.document.function, []).append(summary.document.id)
    return {function: tuple(sorted(ids)) for function, ids in found.items()}


def _function_pack(
    policy: Policy,
    function: str,
    series: Iterable[Series],
    signals: Iterable[Signal],
    changed: tuple[str, ...],
) -> FunctionPack:
    known = policy.functions.get(function)
    return FunctionPack(
        function,
        known.label if known else function,
        tuple(s for s in series if s.indicator.function == function),
        tuple(s for s in signals if s.function == function),
        changed,
    )


def _notices(git: PilotageHistory, month: Period, periods: list[Period]) -> tuple[str, ...]:
    """What Git could not tell, in French, for the pack's readers."""
    if git.gap is not None:
        return (
            f"Historique Git indisponible ({_GAPS.get(git.gap, git.gap)}) : les dates de "
            "transmission viennent de la colonne transmis_le seulement, les corrections et la "
            "dette de revue ne sont pas reconstituées. Lancez classeur dans un clone complet "
            "du dépôt (git fetch --unshallow ; fetch-depth: 0 en intégration continue).",
        )
    if git.start is None:
        return ("L'historique Git est vide : la dette de revue n'est pas reconstituée.",)
    if git.start > month_end(month):
        return (
            f"L'historique Git commence le {day_name(git.start)}, après {month_name(month)} : "
            "la dette de revue n'est pas reconstituée.",
        )
    if git.start > month_end(periods[0]):
        first = Period(git.start.year, git.start.month)
        return (
            f"L'historique Git commence le {day_name(git.start)} : la dette de revue n'est "
            f"reconstituée qu'à partir de {month_name(first)}.",
        )
    return ()
