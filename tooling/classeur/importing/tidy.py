"""The last touch on a converted body: no run of blank lines, no trailing spaces, one
final newline; code blocks are left as they are."""

from __future__ import annotations

from classeur.model.fences import code_lines


def tidy(body: str) -> str:
    """`body` with at most one blank line in a row outside code, and a final newline."""
    lines = body.split("\n")
    code = code_lines(lines)
    kept: list[str] = []
    for index, line in enumerate(lines):
        if code[index]:
            kept.append(line)
            continue
        line = line.rstrip()
        if not line and (not kept or not kept[-1]):
            continue
        kept.append(line)
    return "\n".join(kept).strip("\n") + "\n"
