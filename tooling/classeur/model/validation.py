"""Turn pydantic's validation errors into findings people can act on.

Shared by the frontmatter schema and the policy files, so that both speak the
same way: the author's field names, the line of the offending value, a fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from classeur.model.findings import Finding, Severity
from classeur.model.yamlload import YamlDocument, YamlPath

# Error types of our own validators (PydanticCustomError) keep their type as the code.
_TYPE_WORDS = {
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "bool_type": "true or false",
    "int_type": "a whole number",
}


@dataclass(frozen=True)
class Located:
    """A parsed YAML text and the file it came from."""

    path: str
    document: YamlDocument

    def line(self, loc: YamlPath) -> int:
        """The file line of the value at `loc`."""
        return self.document.line_of(loc)


def findings_from_error(
    error: ValidationError,
    where: Located,
    model: type[BaseModel],
    examples: Mapping[str, str],
) -> list[Finding]:
    """One finding per pydantic error, in the order of the file's lines."""
    findings = [_finding(detail, where, model, examples) for detail in error.errors()]
    return sorted(set(findings))


def _finding(
    detail: ErrorDetails, where: Located, model: type[BaseModel], examples: Mapping[str, str]
) -> Finding:
    loc = tuple(detail["loc"])
    name = _dotted(loc)
    field = str(loc[-1]) if loc else ""
    example = examples.get(field, "")
    hint = f" For example `{example}`." if example else ""
    kind = detail["type"]
    code, message = "wrong-type", f'"{name}": {detail["msg"]}.{hint}'
    if kind == "missing":
        code, message = (
            f"missing-{field}" if field in {"access", "owners"} else "missing-field",
            (f'no "{name}" in frontmatter.{hint or " Add it."}'),
        )
    elif kind == "extra_forbidden":
        code, message = "unknown-field", _unknown_field(loc, model)
    elif kind in _TYPE_WORDS:
        found = type(detail["input"]).__name__
        message = f'"{name}" must be {_TYPE_WORDS[kind]}, not {_yaml_kind(found)}.{hint}'
    elif kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        code = "invalid-value"
        message = f'"{name}" is "{detail["input"]}"; it must be one of {expected}.'
    elif kind == "too_short" and field in {"access", "owners"}:
        code, message = f"missing-{field}", _empty_list(field, hint)
    elif "-" in kind:
        code, message = kind, f'"{name}": {detail["msg"]}.'
    return Finding(where.path, where.line(loc), code, message, Severity.ERROR)


def _empty_list(field: str, hint: str) -> str:
    if field == "access":
        return (
            '"access" is empty, so no audience may read this document (nothing is '
            f"readable by default). Name the access tags that may read it.{hint}"
        )
    return f'"{field}" is empty. Name at least one.{hint}'


def _unknown_field(loc: YamlPath, model: type[BaseModel]) -> str:
    known = _fields_at(model, loc[:-1])
    unknown = str(loc[-1])
    close = difflib.get_close_matches(unknown, known, n=1)
    guess = f' Did you mean "{close[0]}"?' if close else ""
    parent = f'"{_dotted(loc[:-1])}" has no key' if len(loc) > 1 else "unknown frontmatter field"
    return f'{parent} "{unknown}".{guess} Known: {", ".join(known)}.'


def _fields_at(model: type[BaseModel], loc: Iterable[str | int]) -> list[str]:
    """The field names of the (nested) model reached by `loc`."""
    current: type[BaseModel] = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[str(part)].annotation
        nested = [arg for arg in getattr(annotation, "__args__", (annotation,)) if _is_model(arg)]
        if not nested:
            break
        current = nested[0]  # narrowed by _is_model
    return list(current.model_fields)


def _is_model(candidate: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _dotted(loc: YamlPath) -> str:
    return ".".join(str(part) if isinstance(part, str) else f"[{part}]" for part in loc).replace(
        ".[", "["
    )


def _yaml_kind(python_type: str) -> str:
    return {
        "str": "text",
        "list": "a list",
        "dict": "a mapping",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "NoneType": "empty",
    }.get(python_type, python_type)
