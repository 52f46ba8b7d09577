"""The contract's indicators and the measurements submitted against them.

Indicators are declared once, in access_policies/indicators.yml (the contract:
only the company changes them); measurements are monthly values kept as CSV
files under pilotage/mesures/ (what the provider's tools export), submitted by
pull request. This module holds the records only; reading them is in
`model/indicator_policy.py` and `model/measurements.py`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, Strict

from classeur.common.i18n import _
from classeur.model.records import Organisation

INDICATORS_FILE = "indicators.yml"
MEASUREMENTS_DIR = "pilotage/mesures"


class Unit(enum.StrEnum):
    """What an indicator counts, written as the French reader reads it."""

    BUSINESS_DAYS = "jours ouvrés"
    HOURS = "heures"
    PERCENT = "%"
    COUNT = "nombre"
    EUROS = "€"


class Direction(enum.StrEnum):
    """Which way is better."""

    LOWER = "lower"  # a delay, an error rate, a count of complaints
    HIGHER = "higher"  # a satisfaction rate, a rate of invoices sent on time


class Kind(enum.StrEnum):
    """What an indicator measures: weak-signal rules pick indicators by kind."""

    DELAY = "delai"  # délai de traitement
    ERRORS = "erreurs"  # taux d'erreur, corrections
    SATISFACTION = "satisfaction"  # satisfaction des utilisateurs internes
    NOISE = "bruit"  # remontées, demandes d'arbitrage ou de clarification
    VOLUME = "volume"  # activity, for context only


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Reporter = Annotated[Organisation, Strict(False)]


class Indicator(_Record):
    """One contractual indicator of one business function."""

    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
    function: str
    label: str
    unit: Annotated[Unit, Strict(False)]
    direction: Annotated[Direction, Strict(False)]
    kind: Annotated[Kind, Strict(False)]
    target: float | int
    # Between the target and this value the status is « à surveiller », beyond it
    # « non respecté »; without it, any miss of the target is « non respecté ».
    warning: float | int | None = None
    period: Annotated[str, Field(pattern=r"^monthly$")] = "monthly"
    reported_by: Reporter
    access: list[str] = Field(min_length=1)


class SignalSettings(_Record):
    """How sensitive each weak-signal rule is (indicators.yml, `signals:`)."""

    worsening_periods: int = Field(3, ge=2)  # N consecutive periods each worse than the last
    slope_periods: int = Field(6, ge=3)  # K periods a trend is fitted over
    slope_share: float = Field(0.05, gt=0)  # trend per period, as a share of the target
    breach_streak: int = Field(3, ge=2)  # consecutive « non respecté » periods
    due_day: int = Field(10, ge=1, le=28)  # a period is due by this day of the next month
    late_reports: int = Field(2, ge=1)  # late or corrected periods within `window` that count
    window: int = Field(6, ge=3)  # periods looked back over for late reports and noise
    flat_periods: int = Field(4, ge=3)  # satisfaction unchanged (± flat_tolerance) this long
    flat_tolerance: float = Field(1.0, ge=0)
    repeated_edits: int = Field(3, ge=2)  # commits to one procedure in one month


class IndicatorsFile(_Record):
    """access_policies/indicators.yml."""

    indicators: list[Indicator]
    signals: SignalSettings = Field(default_factory=lambda: SignalSettings())


@dataclass(frozen=True, order=True)
class Period:
    """A month, `YYYY-MM`."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026-11` into a Period; ValueError for anything else."""
        year, _dash, month = text.strip().partition("-")
        if len(year) != 4 or len(month) != 2 or not (year + month).isdigit():
            raise ValueError(_("{text} is not a month written YYYY-MM").format(text=repr(text)))
        if not 1 <= int(month) <= 12:
            message = _("{text} has no month {month}")
            raise ValueError(message.format(text=repr(text), month=int(month)))
        return cls(int(year), int(month))

    def next(self) -> Period:
        """The month after."""
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Period:
        """The month before."""
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)


@dataclass(frozen=True)
class Measurement:
    """One indicator's value for one period, as submitted (one CSV row)."""

    indicator: str
    period: Period
    value: float
    path: str  # root-relative CSV file
    line: int  # its row's line in that file
    sample_size: int | None = None
    comment: str = ""
    transmitted: date | None = None
