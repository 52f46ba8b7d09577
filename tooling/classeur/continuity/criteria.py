"""The criteria of reversibility readiness: one small function each, registered with its
name (model/readiness_policy.Criterion) and its French title; each says, in French,
what is missing and how to fix it. Pure: the facts of one function in, a verdict out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from classeur.common.french_dates import day_in_words
from classeur.continuity.facts import Facts, Verdict
from classeur.continuity.words import french_month
from classeur.model.access import organisation_of
from classeur.model.durations import subtract_duration
from classeur.model.handover import Gap
from classeur.model.indicators import Period
from classeur.model.policy import Policy
from classeur.model.readiness_policy import Criterion
from classeur.model.records import DocType, Organisation, ReviewState, Status
from classeur.model.report import DocumentSummary

MET = Verdict(True)
Judge = Callable[[Facts], Verdict]


@dataclass(frozen=True)
class Rule:
    """A criterion: its name, its French title and summary, its judge."""

    criterion: Criterion
    title: str
    summary: str  # French: what is asked, for the site's list of criteria
    judge: Judge


_RULES: dict[Criterion, Rule] = {}


def criterion(name: Criterion, title: str, summary: str) -> Callable[[Judge], Judge]:
    """Register a criterion's judge under its name."""

    def register(judge: Judge) -> Judge:
        _RULES[name] = Rule(name, title, summary, judge)
        return judge

    return register


def rules() -> tuple[Rule, ...]:
    """Every criterion, in the order of `Criterion`."""
    return tuple(_RULES[name] for name in Criterion)


_STATUS_WORDS = {
    Status.DRAFT: "un brouillon",
    Status.DEPRECATED: "obsolète",
    Status.ARCHIVED: "archivé",
}


@criterion(
    Criterion.HANDOVER_PLAN,
    "Plan de réversibilité en vigueur",
    "un plan de réversibilité existe, en vigueur, et sa revue n'est pas en retard.",
)
def handover_plan(facts: Facts) -> Verdict:
    """A handover plan exists, is active and its review is not overdue."""
    if facts.plan is None:
        return Verdict(
            False,
            "Aucun plan de réversibilité pour cette fonction",
            f"Rédigez-le avec `classeur new handover --function {facts.function.id}`, puis "
            "passez-le en vigueur (status: active).",
        )
    plan, ids = facts.plan, (facts.plan.document.id,)
    if plan.document.status is not Status.ACTIVE:
        return Verdict(
            False,
            f"Le plan de réversibilité est {_STATUS_WORDS[plan.document.status]}",
            "Terminez-le, faites-le valider par son responsable, puis passez-le en vigueur "
            "(status: active).",
            ids,
        )
    if plan.review.state is ReviewState.OVERDUE and plan.review.next_review is not None:
        return Verdict(
            False,
            "Le plan de réversibilité n'a pas été revu à temps (revue prévue le "
            f"{day_in_words(plan.review.next_review)})",
            "Relisez-le avec le prestataire, puis enregistrez la revue avec `classeur review`.",
            ids,
        )
    return MET


_GAP_WORDS = {
    Gap.MISSING: "absente",
    Gap.NO_TABLE: "sans tableau",
    Gap.NO_ROW: "tableau vide",
    Gap.TO_COMPLETE: "« À compléter »",
    Gap.CALENDAR_SPAN: "ne couvre pas de J-30 à J+30",
}


@criterion(
    Criterion.HANDOVER_SECTIONS,
    "Sections du plan remplies",
    "systèmes et accès à transférer, données à exporter, contacts, calendrier de J-30 à J+30 "
    "et risques sont des tableaux remplis, sans « À compléter ».",
)
def handover_sections(facts: Facts) -> Verdict:
    """Systems and accesses, data, contacts, calendar and risks are tables, filled in."""
    fix = (
        "Remplissez chaque section par un tableau, sans « À compléter » : systèmes et accès, "
        "données, contacts, calendrier de J-30 à J+30, risques (modèle : "
        "`classeur new handover`)."
    )
    if facts.plan is None:
        return Verdict(False, "Pas de plan de réversibilité, donc aucune section remplie", fix)
    ids = (facts.plan.document.id,)
    if facts.sections is None:
        return Verdict(False, "Le plan de réversibilité ne peut pas être lu", fix, ids)
    gaps = facts.sections.gaps()
    if not gaps:
        return MET
    named = ", ".join(f"{g.section.value} : {_GAP_WORDS[g.gap]}" for g in gaps)
    return Verdict(False, f"Sections non remplies ({named}) dans le plan", fix, ids)


_STALE = frozenset({ReviewState.OVERDUE, ReviewState.CHANGED, ReviewState.UNKNOWN})


@criterion(
    Criterion.PROCEDURES_CURRENT,
    "Procédures à jour",
    "aucune procédure ni aucun mode opératoire en vigueur n'est en retard de revue ou "
    "modifié depuis sa revue.",
)
def procedures_current(facts: Facts) -> Verdict:
    """Every active procedure and runbook is neither overdue nor changed since its review."""
    active = facts.active(DocType.PROCEDURE, DocType.RUNBOOK)
    if not active:
        return Verdict(
            False,
            "Aucune procédure en vigueur pour cette fonction",
            f"Écrivez ses routines avec `classeur new procedure --function {facts.function.id}`.",
        )
    stale = tuple(s.document.id for s in active if s.review.state in _STALE)
    if not stale:
        return MET
    return Verdict(
        False,
        "Procédures en retard de revue ou modifiées depuis leur revue",
        "Faites-les relire par leur responsable, puis enregistrez la revue avec `classeur review`.",
        stale,
    )


@criterion(
    Criterion.INCIDENT_RUNBOOK,
    "Mode opératoire d'incident",
    "un mode opératoire en vigueur dit quoi faire si le prestataire ou son outil fait défaut.",
)
def incident_runbook(facts: Facts) -> Verdict:
    """An active runbook says what to do when the provider or its tool fails."""
    if facts.active(DocType.RUNBOOK):
        return MET
    return Verdict(
        False,
        "Aucun mode opératoire d'incident en vigueur pour cette fonction",
        f"Rédigez avec `classeur new runbook --function {facts.function.id}` la conduite à "
        "tenir si le prestataire ou son outil fait défaut.",
    )


@criterion(
    Criterion.COMPANY_REVIEW,
    "Revue par l'entreprise",
    "une personne de l'entreprise a relu au moins un document de la fonction dans la période : "
    "un savoir tenu et relu par le seul prestataire est un risque.",
)
def company_review(facts: Facts) -> Verdict:
    """Someone of the company reviewed one of its documents within the period: knowledge
    kept and reviewed by the provider alone is a risk."""
    since = subtract_duration(facts.today, facts.settings.company_review_within)
    active = facts.active()
    if any(_by_company(s, facts.policy, since) for s in active):
        return MET
    provider_only = tuple(s.document.id for s in active if _provider_only(s, facts.policy))
    alone = " ; tenus et relus par le prestataire seul" if provider_only else ""
    return Verdict(
        False,
        f"Aucun document de la fonction relu par l'entreprise depuis le {day_in_words(since)}"
        + alone,
        "Faites relire au moins une procédure par son responsable interne, puis enregistrez la "
        "revue avec `classeur review` : le savoir ne doit pas rester chez le prestataire seul.",
        provider_only,
    )


def _by_company(summary: DocumentSummary, policy: Policy, since: date) -> bool:
    document = summary.document
    return (
        document.reviewed_by is not None
        and document.last_reviewed is not None
        and document.last_reviewed >= since
        and organisation_of(document.reviewed_by, policy) is Organisation.COMPANY
    )


def _provider_only(summary: DocumentSummary, policy: Policy) -> bool:
    document = summary.document
    people = [*document.maintainers, *filter(None, [document.reviewed_by])]
    return bool(document.maintainers) and all(
        organisation_of(p, policy) is Organisation.PROVIDER for p in people
    )


@criterion(
    Criterion.INDICATOR_REPORTS,
    "Mesures transmises",
    "chaque indicateur de la fonction a sa mesure du dernier mois échu ; sans indicateur, le "
    "critère ne compte pas.",
)
def indicator_reports(facts: Facts) -> Verdict:
    """Each indicator of the function has its last due month measured (when it has any)."""
    if not facts.indicators:
        return Verdict(None, "Aucun indicateur déclaré pour cette fonction")
    period, due = due_period(facts.today, facts.due_day)
    missing = [i for i in facts.indicators if (i, period) not in facts.measured]
    if not missing:
        return MET
    return Verdict(
        False,
        f"Mesures de {french_month(period)} non transmises (attendues le {day_in_words(due)}) : "
        + ", ".join(missing),
        f"Demandez-les au prestataire : pilotage/mesures/{period}.csv, par pull request.",
    )


def due_period(today: date, due_day: int) -> tuple[Period, date]:
    """The last month whose measurements were due before `today`, and their due day."""
    period = Period(today.year, today.month).previous()
    due = date(today.year, today.month, due_day)
    if today <= due:
        period = period.previous()
        due = date(period.next().year, period.next().month, due_day)
    return period, due


@criterion(
    Criterion.RECENT_DRILL,
    "Exercice de réversibilité récent",
    "un exercice de réversibilité de la fonction a eu lieu dans la période.",
)
def recent_drill(facts: Facts) -> Verdict:
    """A reversibility drill of the function took place within the period."""
    since = subtract_duration(facts.today, facts.settings.drill_within)
    fix = (
        "Organisez un exercice (changement de prestataire, reprise interne ou incident) et "
        f"consignez-le avec `classeur new drill --function {facts.function.id}`."
    )
    if not facts.drills:
        return Verdict(False, "Aucun exercice de réversibilité enregistré", fix)
    last = facts.drills[0].day
    if last >= since:
        return MET
    return Verdict(
        False,
        f"Dernier exercice le {day_in_words(last)}, aucun depuis le {day_in_words(since)}",
        fix,
    )
