"""Service levels promised for a procedure: declared once, here, for every layer."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")
_PROCESSING_TIME = re.compile(
    r"^\d+(?:[.,]\d+)?\s+"
    r"(hours?|days?|business days?|weeks?|heures?|jours?|jours ouvrés|semaines?)$"
)


def _percent(value: Any) -> float:
    match = _PERCENT.match(value) if isinstance(value, str) else None
    if match is None or float(match.group(1).replace(",", ".")) > 100:
        raise PydanticCustomError(
            "invalid-value", "{value} is not a percentage such as `1%`", {"value": repr(value)}
        )
    return float(match.group(1).replace(",", "."))


def _processing_time(value: Any) -> str:
    if not isinstance(value, str) or not _PROCESSING_TIME.match(value.strip()):
        raise PydanticCustomError(
            "invalid-value",
            "{value} is not a processing time such as `2 business days`, `4 hours` or `1 week`",
            {"value": repr(value)},
        )
    return value.strip()


Percent = Annotated[float, BeforeValidator(_percent)]


class SlaFields(BaseModel):
    """Service levels: délai de traitement, taux d'erreur, satisfaction."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    processing_time: Annotated[str, BeforeValidator(_processing_time)] | None = Field(
        None, description="Promised processing time, e.g. `2 business days`."
    )
    error_rate_max: Percent | None = Field(None, description="Highest tolerated error rate.")
    satisfaction_min: Percent | None = Field(None, description="Lowest acceptable satisfaction.")
