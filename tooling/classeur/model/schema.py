"""The frontmatter schema: every field, its type, its check and its description.

This is the single definition of the frontmatter (the authoring docs come from
it). pydantic does the checking; our own validators raise errors whose type is
the finding code, so that validation.py can report them in the author's words.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from classeur.common.i18n import _
from classeur.model.durations import parse_duration
from classeur.model.records import DocType, Duration, Status

_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_REVIEW_DAYS = 3 * 366
MAX_TITLE = 200
MAX_DESCRIPTION = 300  # a summary under the title, not a second body
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and marks that draw nothing (Unicode calls them letters, not format characters).
_FILLERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")


def character_kind(char: str) -> str | None:
    """Why `char` may not appear in a title, an id, a name or a file name; None if it may."""
    if char in _BIDI:
        return "bidirectional control"
    category = unicodedata.category(char)
    if category in {"Cc", "Zl", "Zp"}:
        return "control character"
    if category == "Cf" or char in _FILLERS:
        return "invisible character"
    if category == "Cs":
        return "not UTF-8"
    return None


def unsafe_characters(text: str) -> list[str]:
    """The characters of `text` that `character_kind` refuses, once each, in order."""
    # isprintable() is False for every category refused: one C loop for the common case.
    if text.isprintable() and _FILLERS.isdisjoint(text):
        return []
    return list(dict.fromkeys(char for char in text if character_kind(char)))


def describe_character(char: str, kind: str | None) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE (bidirectional control)`: a character named for people."""
    if "\udc80" <= char <= "\udcff":  # a file name's byte that is not UTF-8 (surrogateescape)
        return _("byte 0x{byte} (not UTF-8)").format(byte=f"{ord(char) - 0xDC00:02X}")
    label = f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
    return f"{label} ({_kind_words(kind)})" if kind else label


def _kind_words(kind: str) -> str:
    """The words of a `character_kind` in the user's language (the kind itself is a key)."""
    words = {
        "bidirectional control": _("bidirectional control"),
        "control character": _("control character"),
        "invisible character": _("invisible character"),
        "not UTF-8": _("not UTF-8"),
        "markup": _("markup"),
    }
    return words.get(kind, kind)


def refuse_unsafe_characters(value: Any) -> Any:
    """Validator: text with a bidirectional, control or invisible character is refused."""
    found = unsafe_characters(value) if isinstance(value, str) else []
    if found:
        raise PydanticCustomError(
            "unsafe-character",
            _(
                "{value} contains {named}: readers would not see the text as it is written. "
                "Write {fixed} instead"
            ),
            {
                "value": repr(value),
                "named": ", ".join(describe_character(c, character_kind(c)) for c in found),
                "fixed": repr("".join(c for c in value if c not in found)),
            },
        )
    return value


def _iso_date(value: Any) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "invalid-date",
            _("{value} is not a date; write it as YYYY-MM-DD"),
            {"value": repr(value)},
        )
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError(
            "invalid-date",
            _("{value} is not a real day ({why})"),
            {"value": value, "why": str(error)},
        ) from None


def _review_every(value: Any) -> Duration:
    try:
        duration = parse_duration(str(value))
    except ValueError as error:
        raise PydanticCustomError("invalid-review-every", str(error)) from None
    if duration.approx_days() <= 0 or duration.months < 0 or duration.days < 0:
        raise PydanticCustomError(
            "invalid-review-every", _("{value} must be positive"), {"value": duration.text}
        )
    if duration.approx_days() > _MAX_REVIEW_DAYS:
        raise PydanticCustomError(
            "invalid-review-every",
            _(
                "{value} is longer than 3 years; a procedure reviewed that rarely is not "
                "under control. Shorten it"
            ),
            {"value": duration.text},
        )
    return duration


def _plain_title(value: Any) -> Any:
    refuse_unsafe_characters(value)
    # MkDocs themes print titles into pages without escaping them.
    if isinstance(value, str) and has_markup(value):
        raise PydanticCustomError(
            "html-in-title",
            _(
                "{value} contains < or >, which the site would read as HTML. Write the title as "
                "plain text (« » for quotes)"
            ),
            {"value": repr(value)},
        )
    return value


def has_markup(text: str) -> bool:
    """Whether `text` holds `<` or `>`, which a title or a description may not."""
    return "<" in text or ">" in text


def _plain_description(value: Any) -> Any:
    # A folded YAML block (`>`) ends in a line break: say "one line", not "control character".
    if isinstance(value, str) and "\n" in value:
        raise PydanticCustomError(
            "multiline-description",
            _(
                "the description spans several lines; it is shown as a one-line summary. "
                "Write it on one line"
            ),
        )
    refuse_unsafe_characters(value)
    if isinstance(value, str) and has_markup(value):
        raise PydanticCustomError(
            "html-in-description",
            _(
                "{value} contains < or >, which would be read as HTML. Write the description as "
                "plain text (« » for quotes)"
            ),
            {"value": repr(value)},
        )
    return value


def _document_id(value: Any) -> str:
    refuse_unsafe_characters(value)  # first: the message then names the character
    if not isinstance(value, str) or not _ID.match(value):
        raise PydanticCustomError(
            "invalid-id",
            _("{value} is not a document id: capitals and digits with a hyphen, such as `FAC-003`"),
            {"value": repr(value)},
        )
    return value


def _indicator_id(value: Any) -> str:
    refuse_unsafe_characters(value)
    if not isinstance(value, str) or not _ID.match(value):
        raise PydanticCustomError(
            "invalid-id",
            _(
                "{value} is not an indicator id: capitals and digits with a hyphen, such as "
                "`FAC-DELAI`"
            ),
            {"value": repr(value)},
        )
    return value


def _indicator_list(value: Any) -> Any:
    # Before issue #12 `sla` was a mapping of free-text levels: say what replaced it.
    if isinstance(value, dict):
        raise PydanticCustomError(
            "invalid-sla",
            _(
                "service levels are no longer written here: list the ids of the indicators "
                "declared in access_policies/indicators.yml, e.g. `sla: [FAC-DELAI, FAC-ERREURS]`"
            ),
        )
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
# The title's rules, shared by the schema and `classeur new` (which checks --title).
Title = Annotated[str, BeforeValidator(_plain_title), Field(min_length=1, max_length=MAX_TITLE)]
IndicatorId = Annotated[str, BeforeValidator(_indicator_id)]


class Frontmatter(BaseModel):
    """The YAML header of a procedure, runbook or handover plan."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, BeforeValidator(_document_id)] = Field(
        description="Stable, unique identifier.", examples=["id: FAC-003"]
    )
    title: Title = Field(
        description="Title shown on the site, in French.",
        examples=["title: Relance des factures impayées"],
    )
    description: Annotated[str, BeforeValidator(_plain_description)] | None = Field(
        None,
        min_length=1,
        max_length=MAX_DESCRIPTION,
        description="One-line summary, shown in search results and on the function's page.",
        examples=["description: Relancer chaque facture échue, du rappel à la mise en demeure."],
    )
    type: DocType = Field(
        strict=False, description="procedure, runbook or handover.", examples=["type: procedure"]
    )
    function: str = Field(
        description="Business function, from access_policies/functions.yml.",
        examples=["function: relances-clients"],
    )
    owners: list[str] = Field(
        min_length=1,
        description="Internal people or `team:` ids accountable for the document (company side).",
        examples=["owners: [marie.dupont]"],
    )
    maintainers: list[str] = Field(
        default_factory=list,
        description="Who keeps the text current; may be the provider.",
        examples=["maintainers: [team:bo-conseil]"],
    )
    status: Status = Field(
        strict=False,
        description="draft, active, deprecated or archived.",
        examples=["status: active"],
    )
    access: list[str] = Field(
        min_length=1,
        description="Access tags that may read it; never defaulted.",
        examples=["access: [staff, provider]"],
    )
    sites: list[str] | None = Field(
        None, description="Sites it applies to; all sites when absent.", examples=["sites: [lyon]"]
    )
    last_reviewed: IsoDate | None = Field(
        None, description="Day of the last review.", examples=["last_reviewed: 2026-05-12"]
    )
    reviewed_by: str | None = Field(
        None, description="Person who did the last review.", examples=["reviewed_by: marie.dupont"]
    )
    review_every: Annotated[Duration, BeforeValidator(_review_every)] | None = Field(
        None,
        description="Review rhythm; the policy's default for the type when absent.",
        examples=["review_every: 6 months"],
    )
    sla: Annotated[list[IndicatorId], BeforeValidator(_indicator_list)] = Field(
        default_factory=list,
        description="Ids of the contract's indicators it serves, from "
        "access_policies/indicators.yml.",
        examples=["sla: [FAC-DELAI, FAC-ERREURS]"],
    )
    related: list[str] = Field(
        default_factory=list,
        description="Ids of related documents.",
        examples=["related: [FAC-001]"],
    )
    supersedes: list[str] = Field(
        default_factory=list,
        description="Ids of documents this one replaces.",
        examples=["supersedes: [FAC-002]"],
    )


EXAMPLES: dict[str, str] = {
    name: info.examples[0] for name, info in Frontmatter.model_fields.items() if info.examples
}
