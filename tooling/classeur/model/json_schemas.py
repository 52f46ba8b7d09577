"""JSON Schemas of the frontmatter and of every policy file, for editors.

Generated from the pydantic models that read those files, then made to say what the
loaders accept rather than what the models' Python types are: a duration is text
(`6 months`), not the Duration record it becomes; an id has its pattern; an empty
optional file is allowed; a document that is not a draft names its last review.
Descriptions come from the models' fields, or from FIELD_HELP (field_help.py) for the policy
records whose fields carry none, so that an editor shows help on hover.

What JSON Schema cannot say is left to `classeur check`: cross-file references (a
tag, a person), `fragile` below `ready`, at least one weight above 0, a review rhythm
of at most 3 years, and whole numbers written `90.0`.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from classeur.model import durations
from classeur.model.field_help import FIELD_HELP
from classeur.model.indicators import INDICATORS_FILE, IndicatorsFile
from classeur.model.policy import (
    POLICY_DIR,
    AudiencesFile,
    FunctionsFile,
    PeopleFile,
    ReviewFile,
    SitesFile,
    SourcesFile,
)
from classeur.model.readiness_policy import READINESS_FILE, ReadinessFile
from classeur.model.records import Duration, Status
from classeur.model.schema import Frontmatter
from classeur.model.sensitive_policy import SENSITIVE_FILE, SensitiveDataFile
from classeur.model.yamlload import load_yaml

# draft-07: what the editors read best (VS Code YAML, ajv-based linters); nothing here needs later.
DIALECT = "http://json-schema.org/draft-07/schema#"
FRONTMATTER_SCHEMA = "frontmatter.schema.json"
SUFFIX = ".schema.json"

# Each file of access_policies/ and the model its loader validates it with.
POLICY_MODELS: Mapping[str, type[BaseModel]] = {
    "people.yml": PeopleFile,
    "audiences.yml": AudiencesFile,
    "functions.yml": FunctionsFile,
    "sites.yml": SitesFile,
    "review.yml": ReviewFile,
    "sources.yml": SourcesFile,
    INDICATORS_FILE: IndicatorsFile,
    READINESS_FILE: ReadinessFile,
    SENSITIVE_FILE: SensitiveDataFile,
}
# Their loaders read an empty file as "all defaults" (the others refuse it).
EMPTY_ALLOWED = frozenset({READINESS_FILE, SENSITIVE_FILE})


@dataclass(frozen=True)
class SchemaFile:
    """One generated schema: its file name, what it describes, its exact text."""

    name: str
    describes: str  # `access_policies/people.yml`, or `frontmatter`
    text: str


def generate_schemas() -> list[SchemaFile]:
    """Every schema, sorted by file name; the texts are byte-for-byte reproducible."""
    files = [SchemaFile(FRONTMATTER_SCHEMA, "frontmatter", _dump(frontmatter_schema()))]
    for name in POLICY_MODELS:
        where = f"{POLICY_DIR}/{name}"
        files.append(SchemaFile(schema_name(name), where, _dump(policy_schema(name))))
    return sorted(files, key=lambda file: file.name)


def schema_name(policy_file: str) -> str:
    """`people.yml` -> `people.schema.json`."""
    return policy_file.rsplit(".", 1)[0] + SUFFIX


class Staleness(enum.StrEnum):
    """How a schema file differs from what the code generates."""

    MISSING = "missing"
    CHANGED = "changed"
    UNKNOWN = "unknown"  # a schema the code no longer makes


@dataclass(frozen=True)
class StaleSchema:
    """A schema file that is not what the code generates."""

    name: str
    state: Staleness


def stale_schemas(folder: Path, schemas: Iterable[SchemaFile]) -> list[StaleSchema]:
    """The files of `folder` that differ from `schemas`, sorted by name."""
    found: list[StaleSchema] = []
    expected = {schema.name: schema.text for schema in schemas}
    for name, text in expected.items():
        path = folder / name
        if not path.is_file():
            found.append(StaleSchema(name, Staleness.MISSING))
        elif path.read_text(encoding="utf-8") != text:
            found.append(StaleSchema(name, Staleness.CHANGED))
    if folder.is_dir():
        found += [
            StaleSchema(path.name, Staleness.UNKNOWN)
            for path in folder.glob(f"*{SUFFIX}")
            if path.name not in expected
        ]
    return sorted(found, key=lambda stale: stale.name)


def policy_schema(name: str) -> dict[str, Any]:
    """The schema of one policy file (`people.yml`)."""
    schema = _model_schema(POLICY_MODELS[name])
    schema["title"] = f"Classeur: {POLICY_DIR}/{name}"
    if name in EMPTY_ALLOWED:
        schema["type"] = ["object", "null"]
    return schema


def frontmatter_schema() -> dict[str, Any]:
    """The schema of a document's YAML header."""
    schema = _model_schema(Frontmatter)
    schema["title"] = "Classeur: frontmatter"
    for name, field in schema["properties"].items():
        # the model's examples are whole lines (`id: FAC-003`); an editor wants values
        field["examples"] = [load_yaml(line).data[name] for line in field.get("examples", [])]
    # frontmatter.py: every document but a draft names its last review
    schema["if"] = {"properties": {"status": {"const": Status.DRAFT.value}}}
    schema["else"] = {"required": ["last_reviewed", "reviewed_by"]}
    return schema


def _dump(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _model_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(schema_generator=_LoaderSchema)
    schema["$schema"] = DIALECT
    by_title = {record.__name__: record for record in _models_within(model)}
    for node in (schema, *schema.get("$defs", {}).values()):
        record = by_title.get(node.get("title", ""))
        if record is not None and "properties" in node:
            _describe(node, record)
            _allow_field_names(node, record)
    return schema


def _models_within(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """`model` and every model its fields hold, however deep."""
    yield model
    for field in model.model_fields.values():
        for candidate in _types_in(field.annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                yield from _models_within(candidate)


def _types_in(annotation: Any) -> Iterator[Any]:
    yield annotation
    for argument in getattr(annotation, "__args__", ()):
        yield from _types_in(argument)


def _describe(node: dict[str, Any], record: type[BaseModel]) -> None:
    """Help on hover for the fields whose model gives none."""
    for name, field in record.model_fields.items():
        key = field.alias or name
        text = FIELD_HELP.get(f"{record.__name__}.{name}")
        if text is not None and key in node["properties"]:
            node["properties"][key].setdefault("description", text)


def _allow_field_names(node: dict[str, Any], record: type[BaseModel]) -> None:
    """With `populate_by_name`, the loader takes a field's name as well as its alias."""
    if not record.model_config.get("populate_by_name"):
        return
    for name, field in record.model_fields.items():
        if field.alias is None or field.alias == name:
            continue
        node["properties"][name] = {
            **node["properties"][field.alias],
            "description": f"Same as `{field.alias}`, which is the usual spelling.",
        }
        if field.alias in node.get("required", []):
            node["required"].remove(field.alias)
            node.setdefault("allOf", []).append(
                {"oneOf": [{"required": [field.alias]}, {"required": [name]}]}
            )


def _duration_pattern(*, zero: bool) -> str:
    """What `parse_duration` reads: a count then a unit word, in any case."""
    units = "|".join(
        "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else c for c in word)
        # durations' own table of unit words, so that a word added there is accepted here too
        for word in sorted(durations._UNITS, key=lambda w: (-len(w), w))
    )
    count = r"\d+" if zero else r"0*[1-9]\d*"  # never negative: every loader refuses that
    return rf"^\s*{count}\s*({units})\s*$"


def _duration(*, zero: bool = True) -> Callable[[], JsonSchemaValue]:
    def schema() -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": _duration_pattern(zero=zero),
            "examples": ["6 months", "90 days", "1 year", "2 weeks"],
        }

    return schema


_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
_NAME = r"^[a-z0-9][a-z0-9._-]*$"
_NO_MARKUP = r"^[^<>]*$"
# Validators (module.function) whose checks become keywords added to the text's schema.
_TEXT_CHECKS: Mapping[str, JsonSchemaValue] = {
    "classeur.model.schema._iso_date": {
        "type": "string",
        "format": "date",
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
    },
    "classeur.model.schema._document_id": {"pattern": _ID},
    "classeur.model.schema._indicator_id": {"pattern": _ID},
    "classeur.model.schema._plain_title": {"pattern": _NO_MARKUP},
    "classeur.model.schema._plain_description": {"pattern": r"^[^<>\n]*$"},
    "classeur.model.policy._name": {"pattern": _NAME},
    "classeur.model.sensitive_policy._fingerprint": {"pattern": r"^[0-9a-f]{12}$"},
}
# Validators that read text into another type: the schema is the text they accept.
_READ_FROM_TEXT: Mapping[str, Callable[[], JsonSchemaValue]] = {
    "classeur.model.schema._review_every": _duration(zero=False),
    "classeur.model.policy._duration": _duration(),
    "classeur.model.readiness_policy._duration": _duration(zero=False),
}


class _LoaderSchema(GenerateJsonSchema):
    """pydantic's generator, told what our own validators accept."""

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        function = schema["function"]["function"]
        key = f"{function.__module__}.{function.__qualname__}"
        if key in _READ_FROM_TEXT:
            return _READ_FROM_TEXT[key]()
        inner = super().function_before_schema(schema)
        return {**inner, **_TEXT_CHECKS.get(key, {})}

    def encode_default(self, dft: Any) -> Any:
        # a default duration is written as an author would write it
        return dft.text if isinstance(dft, Duration) else super().encode_default(dft)
