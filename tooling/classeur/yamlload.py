"""The one strict YAML reader behind frontmatter headers and policy files.

Stricter than `yaml.safe_load` on purpose: duplicate keys, tags, anchors and
aliases are refused; dates stay text so the schema can say "invalid date"
instead of crashing; every problem carries a line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from frontmatter.default_handlers import SafeLoader  # CSafeLoader when libyaml is there

# Keys are paths into the data: ("sla", "error_rate_max") or ("people", 3, "id").
YamlPath = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_MAX_DEPTH = 32  # frontmatter and policies are shallow; deeper is an attack or a typo


class StrictLoader(SafeLoader):  # type: ignore[misc,valid-type]
    """Safe loader whose implicit dates stay strings (the schema parses them)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()
    }


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A YAML text that cannot be trusted; lines are 1-based within that text."""

    code: str
    message: str
    line: int
    column: int = 0


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data with the position of every mapping value and list item."""

    data: Any
    positions: dict[YamlPath, tuple[int, int]]  # path -> (line, column), 1-based

    def line_of(self, path: YamlPath) -> int:
        """The line of the deepest known node on `path` (1 when none is known)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]][0]
        return 1


def load_yaml(text: str, *, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document strictly; raise YamlProblem on anything doubtful.

    `first_line` is the file line of the text's first line: every line number
    given out, in positions and problems, is a file line.
    """
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        positions = _inspect(node, first_line - 1) if node is not None else {}
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, first_line - 1) from None
    except yaml.YAMLError as error:  # unmarked errors
        raise YamlProblem("yaml-syntax", f"YAML error: {error}", first_line) from None
    finally:
        loader.dispose()
    return YamlDocument(data, positions)


def _syntax_problem(error: yaml.MarkedYAMLError, offset: int) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (offset + 1, 0)
    what = error.problem or "invalid YAML"
    context = error.context_mark
    if error.context and context is not None and context.line + 1 + offset != line:
        what += f" ({error.context} started on line {context.line + 1 + offset})"
    return YamlProblem(
        "yaml-syntax",
        f"YAML syntax error: {what}. Fix the YAML; quote values that contain `: `, `#` or "
        "start with a special character",
        line,
        column,
    )


def _inspect(root: yaml.Node, offset: int) -> dict[YamlPath, tuple[int, int]]:
    """Walk the node tree once: refuse tags, aliases and duplicate keys; note positions."""
    positions: dict[YamlPath, tuple[int, int]] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, YamlPath]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        _refuse_doubtful_node(node, path, seen, offset)
        positions[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = _plain_key(key_node, keys, offset)
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    return positions


def _refuse_doubtful_node(node: yaml.Node, path: YamlPath, seen: set[int], offset: int) -> None:
    line, column = node.start_mark.line + 1 + offset, node.start_mark.column + 1
    if id(node) in seen:
        raise YamlProblem(
            "yaml-alias",
            "YAML anchors and aliases (`&name`, `*name`) are not allowed. Write the value out",
            line,
            column,
        )
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(
            "unsafe-yaml-tag",
            f'YAML tag "{_short_tag(node.tag)}" is not allowed: only plain text, numbers, '
            "booleans, lists and mappings are. Remove the tag",
            line,
            column,
        )
    if len(path) > _MAX_DEPTH:
        raise YamlProblem("yaml-syntax", "YAML nested too deeply. Flatten the value", line, column)


def _plain_key(key_node: yaml.Node, keys: set[str], offset: int) -> str:
    line, column = key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1
    if not isinstance(key_node, yaml.ScalarNode):
        raise YamlProblem(
            "yaml-syntax", "a mapping key must be plain text. Rewrite the key", line, column
        )
    key = str(key_node.value)
    if key in keys:
        raise YamlProblem(
            "duplicate-key",
            f'key "{key}" appears twice; YAML would silently keep only the last one. '
            "Keep one of them",
            line,
            column,
        )
    keys.add(key)
    return key


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
