"""Turn pydantic's validation errors into findings people can act on.

Shared by the frontmatter schema and the policy files, so that both speak the
same way: the author's field names, the line of the offending value, a fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from classeur.common.i18n import _, ngettext
from classeur.model.findings import Finding, Severity
from classeur.model.yamlload import YamlDocument, YamlPath

# Error types of our own validators (PydanticCustomError) keep their type as the code;
# pydantic's own error texts never reach the user: each kind gets our sentence.
_TYPE_KINDS = frozenset(
    {
        "string_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "bool_type",
        "int_type",
    }
)
_LENGTH_KINDS = frozenset({"too_short", "too_long", "string_too_short", "string_too_long"})
_BOUND_KINDS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})


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
    hint = _(" For example `{example}`.").format(example=example) if example else ""
    kind = detail["type"]
    code, message = "wrong-type", _other_error(name, detail, hint)
    if kind == "missing":
        code = f"missing-{field}" if field in {"access", "owners"} else "missing-field"
        message = _('no "{name}" in frontmatter.').format(name=name) + (hint or _(" Add it."))
    elif kind == "extra_forbidden":
        code, message = "unknown-field", _unknown_field(loc, model)
    elif kind in _TYPE_KINDS:
        found = _yaml_kind(type(detail["input"]).__name__)
        message = (
            _('"{name}" must be {expected}, not {found}.').format(
                name=name, expected=_type_words(kind), found=found
            )
            + hint
        )
    elif kind in {"enum", "literal_error"}:
        code = "invalid-value"
        message = _('"{name}" is "{value}"; it must be one of {expected}.').format(
            name=name, value=detail["input"], expected=_choices(detail)
        )
    elif kind in {"too_short", "string_too_short"} and field in {"access", "owners"}:
        code, message = f"missing-{field}", _empty_list(field, hint)
    elif kind in _LENGTH_KINDS:
        message = _length(name, kind, detail) + hint
    elif kind == "string_pattern_mismatch":
        message = _('"{name}" is {value}, which is not written as expected.').format(
            name=name, value=_shown(detail.get("input"))
        ) + (hint or _(" Check what it holds."))
    elif kind in _BOUND_KINDS:
        message = _bound(name, kind, detail)
    elif "-" in kind:
        code, message = kind, _('"{name}": {message}.').format(name=name, message=detail["msg"])
    return Finding(where.path, where.line(loc), code, message, Severity.ERROR)


def _choices(detail: ErrorDetails) -> str:
    """`'draft', 'active' or 'archived'`, with pydantic's English `or` in the user's language."""
    expected = str(detail.get("ctx", {}).get("expected", ""))
    values = re.findall(r"'[^']*'", expected)
    if len(values) < 2:
        return expected
    return _("{values} or {last}").format(values=", ".join(values[:-1]), last=values[-1])


def _other_error(name: str, detail: ErrorDetails, hint: str) -> str:
    """Any other error pydantic finds: our words, the value as the author wrote it."""
    return _('"{name}": {value} is not a value this field accepts.').format(
        name=name, value=_shown(detail.get("input"))
    ) + (hint or _(" Check what it holds."))


def _bound(name: str, kind: str, detail: ErrorDetails) -> str:
    """A number out of its bounds: the bound in words."""
    context = detail.get("ctx", {})
    value = _shown(detail.get("input"))
    if kind == "greater_than":
        template = _('"{name}" is {value}; it must be more than {limit}.')
        limit = context.get("gt")
    elif kind == "greater_than_equal":
        template = _('"{name}" is {value}; it must be at least {limit}.')
        limit = context.get("ge")
    elif kind == "less_than":
        template = _('"{name}" is {value}; it must be less than {limit}.')
        limit = context.get("lt")
    else:
        template = _('"{name}" is {value}; it must be at most {limit}.')
        limit = context.get("le")
    return template.format(name=name, value=value, limit=limit)


def _length(name: str, kind: str, detail: ErrorDetails) -> str:
    """Too long or too short: the limit, counted in characters for text, items for a list."""
    context = detail.get("ctx", {})
    is_text = isinstance(detail.get("input"), str)
    if kind.endswith("too_long"):
        limit = int(context.get("max_length", 0))
        if is_text:
            return ngettext(
                '"{name}" is longer than {count} character. Shorten it.',
                '"{name}" is longer than {count} characters. Shorten it.',
                limit,
            ).format(name=name, count=limit)
        return ngettext(
            '"{name}" has more than {count} item. Remove some.',
            '"{name}" has more than {count} items. Remove some.',
            limit,
        ).format(name=name, count=limit)
    if is_text:
        return _('"{name}" is empty. Fill it in.').format(name=name)
    return _('"{name}" is empty. Name at least one.').format(name=name)


def _empty_list(field: str, hint: str) -> str:
    if field == "access":
        return (
            _(
                '"access" is empty, so no audience may read this document (nothing is '
                "readable by default). Name the access tags that may read it."
            )
            + hint
        )
    return _('"{name}" is empty. Name at least one.').format(name=field) + hint


def _unknown_field(loc: YamlPath, model: type[BaseModel]) -> str:
    known = _fields_at(model, loc[:-1])
    unknown = str(loc[-1])
    close = difflib.get_close_matches(unknown, known, n=1)
    if len(loc) > 1:
        parent = _('"{parent}" has no key "{key}".').format(parent=_dotted(loc[:-1]), key=unknown)
    else:
        parent = _('unknown frontmatter field "{key}".').format(key=unknown)
    guess = _(' Did you mean "{name}"?').format(name=close[0]) if close else ""
    return parent + guess + _(" Known: {fields}.").format(fields=", ".join(known))


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


def _type_words(kind: str) -> str:
    """What a field of this pydantic type holds, in words."""
    if kind == "string_type":
        return _("text")
    if kind == "list_type":
        return _("a list")
    if kind == "bool_type":
        return _("true or false")
    if kind == "int_type":
        return _("a whole number")
    return _("a mapping")


def _yaml_kind(python_type: str) -> str:
    """What the author wrote, in words (YAML's, not Python's)."""
    words = {
        "str": _("text"),
        "list": _("a list"),
        "dict": _("a mapping"),
        "int": _("a number"),
        "float": _("a number"),
        "bool": _("true/false"),
        "NoneType": _("empty"),
        "date": _("a date"),
        "datetime": _("a date and time"),
    }
    return words.get(python_type, python_type)


def _shown(value: object) -> str:
    """A value as the author wrote it in YAML, for a message."""
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return _("an empty value")
    return str(value)
