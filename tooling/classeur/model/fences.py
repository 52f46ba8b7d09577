"""Which lines of a Markdown text are code: imports never convert them, and rules read
them as quoted text (a placeholder in a code block is an example, not a gap)."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (its fences included)."""
    inside: str | None = None
    flags: list[bool] = []
    for line in lines:
        match = _FENCE.match(line)
        if inside is None and match:
            inside = match.group(1)
            flags.append(True)
        elif inside is not None:
            flags.append(True)
            stripped = line.strip()
            if match and stripped.startswith(inside) and set(stripped) == {inside[0]}:
                inside = None
        else:
            flags.append(False)
    return flags


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run in `text`."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)
