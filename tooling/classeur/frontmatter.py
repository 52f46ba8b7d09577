"""The one strict reader of document files: header split, YAML, schema, links.

Every command shares it; MkDocs never decides what a header means (it silently
publishes pages whose YAML it cannot read). The field list below is the single
definition of the frontmatter: the authoring docs are generated from it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import PurePosixPath
from typing import Annotated, Any

from frontmatter.default_handlers import YAMLHandler
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from classeur.durations import parse_duration
from classeur.links import find_links
from classeur.model import DocType, Document, Duration, Finding, Severity, Sla, Status
from classeur.validation import Located, findings_from_error
from classeur.yamlload import YamlDocument, YamlProblem, load_yaml

BOM = "\ufeff"
_ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%\s*$")
_PROCESSING_TIME = re.compile(
    r"^\d+(?:[.,]\d+)?\s+"
    r"(hours?|days?|business days?|weeks?|heures?|jours?|jours ouvrés|semaines?)$"
)
_MAX_REVIEW_DAYS = 3 * 366


def _iso_date(value: Any) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(
            "invalid-date", "{value} is not a date; write it as YYYY-MM-DD", {"value": repr(value)}
        )
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise PydanticCustomError(
            "invalid-date", "{value} is not a real day ({why})", {"value": value, "why": str(error)}
        ) from None


def _review_every(value: Any) -> Duration:
    try:
        duration = parse_duration(str(value))
    except ValueError as error:
        raise PydanticCustomError("invalid-review-every", str(error)) from None
    if duration.approx_days() <= 0 or duration.months < 0 or duration.days < 0:
        raise PydanticCustomError(
            "invalid-review-every", "{value} must be positive", {"value": duration.text}
        )
    if duration.approx_days() > _MAX_REVIEW_DAYS:
        raise PydanticCustomError(
            "invalid-review-every",
            "{value} is longer than 3 years; a procedure reviewed that rarely is not "
            "under control. Shorten it",
            {"value": duration.text},
        )
    return duration


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


def _plain_title(value: Any) -> Any:
    # MkDocs themes print titles into pages without escaping them.
    if isinstance(value, str) and ("<" in value or ">" in value):
        raise PydanticCustomError(
            "html-in-title",
            "{value} contains < or >, which the site would read as HTML. Write the title as "
            "plain text (« » for quotes)",
            {"value": repr(value)},
        )
    return value


def _document_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise PydanticCustomError(
            "invalid-id",
            "{value} is not a document id: capitals and digits with a hyphen, such as `FAC-003`",
            {"value": repr(value)},
        )
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Percent = Annotated[float, BeforeValidator(_percent)]


class SlaFields(BaseModel):
    """Service levels: délai de traitement, taux d'erreur, satisfaction."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    processing_time: Annotated[str, BeforeValidator(_processing_time)] | None = Field(
        None, description="Promised processing time, e.g. `2 business days`."
    )
    error_rate_max: Percent | None = Field(None, description="Highest tolerated error rate.")
    satisfaction_min: Percent | None = Field(None, description="Lowest acceptable satisfaction.")


class Frontmatter(BaseModel):
    """The YAML header of a procedure, runbook or handover plan."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Annotated[str, BeforeValidator(_document_id)] = Field(
        description="Stable, unique identifier.", examples=["id: FAC-003"]
    )
    title: Annotated[str, BeforeValidator(_plain_title)] = Field(
        min_length=1,
        max_length=200,
        description="Title shown on the site, in French.",
        examples=["title: Relance des factures impayées"],
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
    sla: SlaFields | None = Field(
        None,
        description="Service levels: processing_time, error_rate_max, satisfaction_min.",
        examples=["sla: {processing_time: 2 business days, error_rate_max: 1%}"],
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


def parse_document(
    path: PurePosixPath, raw: bytes, *, keep_body: bool = False
) -> tuple[Document | None, list[Finding]]:
    """Read one document file; return it when its header is valid, and every finding.

    With `keep_body`, the document carries its Markdown body (LF line endings),
    for the site's staging tree; `check` leaves it out to save memory.
    """
    where = str(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex().upper()
        message = f"byte 0x{byte} is not UTF-8. Save the file as UTF-8."
        return None, [Finding(where, line, "not-utf8", message)]
    lines = text.removeprefix(BOM).replace("\r\n", "\n").split("\n")
    header, problem = _split_header(where, lines)
    if problem is not None:
        return None, [problem]
    try:
        parsed = load_yaml("\n".join(lines[1:header]), first_line=2, depth=2)
    except YamlProblem as error:
        finding = Finding(where, error.line, error.code, error.message + ".", column=error.column)
        return None, [finding]
    body_start = header + 2  # file line of the first body line
    body = "\n".join(lines[header + 1 :])
    document, findings = _validate(path, parsed, body, body_start)
    if document is not None and keep_body:
        document = replace(document, body=body)
    return document, findings


def document_body(raw: bytes) -> str | None:
    """The Markdown body of a document file as the parser splits it (None: no header)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    lines = text.removeprefix(BOM).replace("\r\n", "\n").split("\n")
    header, problem = _split_header("", lines)
    return None if problem is not None else "\n".join(lines[header + 1 :])


def _split_header(where: str, lines: list[str]) -> tuple[int, Finding | None]:
    """Index of the closing `---` line, or the finding that says why there is none."""
    boundary = YAMLHandler.FM_BOUNDARY
    if not boundary.fullmatch(lines[0]):
        return 0, Finding(
            where,
            1,
            "missing-frontmatter",
            "the file does not start with a `---` line, so it has no frontmatter. "
            "Add the YAML header between two `---` lines, or start from `classeur new`.",
        )
    for index in range(1, len(lines)):
        if boundary.fullmatch(lines[index]):
            return index, None
    return 0, Finding(
        where,
        1,
        "unclosed-frontmatter",
        "the frontmatter opened on line 1 is never closed. "
        "Add a `---` line after the last frontmatter field.",
    )


def _validate(
    path: PurePosixPath, parsed: YamlDocument, body: str, body_start: int
) -> tuple[Document | None, list[Finding]]:
    where = Located(str(path), parsed)
    if not isinstance(parsed.data, dict):
        kind = "empty" if parsed.data is None else "not a mapping of fields"
        message = f"the frontmatter is {kind}. Write one `field: value` per line."
        return None, [Finding(str(path), 2, "frontmatter-not-mapping", message)]
    try:
        fields = Frontmatter.model_validate(parsed.data)
    except ValidationError as error:
        return None, findings_from_error(error, where, Frontmatter, EXAMPLES)
    field_lines = {str(key[0]): at[0] for key, at in parsed.positions.items() if len(key) == 1}
    document = _to_document(path, fields, field_lines, body, body_start)
    return document, _review_fields_present(document)


def _to_document(
    path: PurePosixPath, fields: Frontmatter, lines: dict[str, int], body: str, body_start: int
) -> Document:
    sla = fields.sla
    return Document(
        path=path,
        id=fields.id,
        title=fields.title,
        type=fields.type,
        function=fields.function,
        owners=tuple(fields.owners),
        maintainers=tuple(fields.maintainers),
        status=fields.status,
        access=tuple(fields.access),
        sites=tuple(fields.sites or ()),
        last_reviewed=fields.last_reviewed,
        reviewed_by=fields.reviewed_by,
        review_every=fields.review_every,
        sla=Sla(sla.processing_time, sla.error_rate_max, sla.satisfaction_min) if sla else None,
        related=tuple(fields.related),
        supersedes=tuple(fields.supersedes),
        links=find_links(body, first_line=body_start),
        field_lines=lines,
    )


def _review_fields_present(document: Document) -> list[Finding]:
    """Drafts may wait for their first review; every other document names it."""
    if document.status is Status.DRAFT:
        return []
    return [
        Finding(
            str(document.path),
            1,
            "missing-field",
            f'no "{name}" in frontmatter; a {document.status.value} document records its '
            f"last review. For example `{EXAMPLES[name]}`.",
            Severity.ERROR,
        )
        for name in ("last_reviewed", "reviewed_by")
        if getattr(document, name) is None
    ]
