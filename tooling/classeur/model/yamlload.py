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

from classeur.common.i18n import _

# Keys are paths into the data: ("sla", "error_rate_max") or ("people", 3, "id").
YamlPath = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
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


def load_yaml(text: str, *, first_line: int = 1, depth: int = _MAX_DEPTH) -> YamlDocument:
    """Parse one YAML document strictly; raise YamlProblem on anything doubtful.

    `first_line` is the file line of the text's first line: every line number
    given out, in positions and problems, is a file line. Positions are kept
    for paths up to `depth` long (frontmatter needs 2: a field's list item).
    """
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        anchors = "&" in text
        data, positions = (
            _inspect(node, first_line - 1, depth, anchors, loader)
            if node is not None
            else (None, {})
        )
    except yaml.MarkedYAMLError as error:
        raise _syntax_problem(error, first_line - 1) from None
    except yaml.YAMLError as error:  # unmarked errors
        message = _("YAML error: {error}").format(error=error)
        raise YamlProblem("yaml-syntax", message, first_line) from None
    finally:
        loader.dispose()
    return YamlDocument(data, positions)


def _syntax_problem(error: yaml.MarkedYAMLError, offset: int) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (offset + 1, 0)
    what = error.problem or _("invalid YAML")
    context = error.context_mark
    if error.context and context is not None and context.line + 1 + offset != line:
        what += _(" ({context} started on line {line})").format(
            context=error.context, line=context.line + 1 + offset
        )
    message = _(
        "YAML syntax error: {what}. Fix the YAML; quote values that contain `: `, `#` or start "
        "with a special character"
    ).format(what=what)
    return YamlProblem("yaml-syntax", message, line, column)


def _inspect(
    root: yaml.Node, offset: int, depth: int, has_anchors: bool, loader: StrictLoader
) -> tuple[Any, dict[YamlPath, tuple[int, int]]]:
    """Walk the node tree once: refuse tags, aliases and duplicate keys; note positions;
    build the data.

    The data is built here rather than by PyYAML's constructor, which walks the
    tree again: text (most values) is the node's own; other scalars go to the
    loader's constructor for them. The loop is inlined on purpose: it runs for
    every node of every document (see bench/bench_check.py).
    """
    positions: dict[YamlPath, tuple[int, int]] = {}
    seen: set[int] = set()
    built: list[Any] = [None]
    # (node, its path, the container to put its value in, and where in it)
    stack: list[tuple[yaml.Node, YamlPath, Any, Any]] = [(root, (), built, 0)]
    constructors = loader.yaml_constructors
    while stack:
        node, path, into, slot = stack.pop()
        tag = node.tag
        if tag not in _PLAIN_TAGS:
            raise _node_problem(node, offset, "unsafe-yaml-tag", _tag_message(tag))
        if has_anchors:  # an alias is the same node object met twice
            if id(node) in seen:
                raise _node_problem(node, offset, "yaml-alias", _alias_message())
            seen.add(id(node))
        if len(path) <= depth:
            positions[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
        kind = node.__class__
        if kind is yaml.ScalarNode:
            into[slot] = node.value if tag == _STR else constructors[tag](loader, node)
        elif kind is yaml.MappingNode:
            if len(path) > _MAX_DEPTH:
                raise _node_problem(node, offset, "yaml-syntax", _too_deep_message())
            mapping: dict[Any, Any] = {}
            into[slot] = mapping
            children = []
            for key_node, value_node in node.value:
                if key_node.__class__ is not yaml.ScalarNode:
                    raise _key_problem(key_node, offset)
                key = key_node.value
                if key_node.tag == _STR:
                    built_key = key
                elif key_node.tag in _PLAIN_TAGS:  # `1:` or `true:`, as YAML reads them
                    built_key = constructors[key_node.tag](loader, key_node)
                else:
                    raise _node_problem(
                        key_node, offset, "unsafe-yaml-tag", _tag_message(key_node.tag)
                    )
                if built_key in mapping:  # `1:` and `0x1:` too: YAML would keep the last
                    raise _key_problem(key_node, offset)
                mapping[built_key] = None
                children.append((value_node, (*path, key), mapping, built_key))
            stack.extend(reversed(children))  # met in the order written: errors at the first
        else:  # a sequence: the composer makes no other kind of node
            if len(path) > _MAX_DEPTH:
                raise _node_problem(node, offset, "yaml-syntax", _too_deep_message())
            items: list[Any] = [None] * len(node.value)
            into[slot] = items
            stack.extend(
                (item, (*path, index), items, index)
                for index, item in reversed(list(enumerate(node.value)))
            )
    return built[0], positions


def _alias_message() -> str:
    return _("YAML anchors and aliases (`&name`, `*name`) are not allowed. Write the value out")


def _too_deep_message() -> str:
    return _("YAML nested too deeply. Flatten it")


def _tag_message(tag: str) -> str:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return _(
        'YAML tag "{tag}" is not allowed: only plain text, numbers, booleans, lists and mappings '
        "are. Remove the tag"
    ).format(tag=short)


def _node_problem(node: yaml.Node, offset: int, code: str, message: str) -> YamlProblem:
    return YamlProblem(code, message, node.start_mark.line + 1 + offset, node.start_mark.column + 1)


def _key_problem(key_node: yaml.Node, offset: int) -> YamlProblem:
    if not isinstance(key_node, yaml.ScalarNode):
        return _node_problem(
            key_node, offset, "yaml-syntax", _("a mapping key must be plain text. Rewrite the key")
        )
    return _node_problem(
        key_node,
        offset,
        "duplicate-key",
        _(
            'key "{key}" appears twice; YAML would silently keep only the last one. Keep one of '
            "them"
        ).format(key=key_node.value),
    )
