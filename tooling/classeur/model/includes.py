"""Include and transclusion directives in a body, wherever they stand.

The site never runs them for documents (staging escapes snippet markers), so
a directive is at best printed as text and at worst, under another renderer or
configuration, pulls in a file the reader may not read. They are looked for
on every line, fenced code included: pymdownx.snippets runs before fences.
"""

from __future__ import annotations

import re

from classeur.model.records import Markup

_DIRECTIVE = re.compile(
    r"-+8<-+"  # pymdownx.snippets
    r"|\{%-?\s*(?:include|include_relative|import|extends|from|render|embed|content-ref|file)\b"
    r"|\{!.+?!\}"  # markdown-include
    r"|\{\{[<%]\s*(?:include|readfile|embed)\b"  # Hugo shortcodes
    r"|^\s*!INCLUDE\b"  # markdown-pp and markdown-include-lines
    r"|^\s*\.\.\s+(?:include|literalinclude)::"  # reStructuredText
    r"|(?:`{3,}|~{3,}|:{3,})\s*\{(?:include|literalinclude)\}",  # MyST
    re.IGNORECASE | re.MULTILINE,
)
# One pass over the body, in C: a piece of every form above, whatever its case (`::` for
# `.. Include::`, `!I` for `!Include`); literals only, which keeps it three times as fast
# as a case-blind search.
_CUES = re.compile(r"8<|\{[%!{]|include|INCLUDE|::|!I|!i|`\{|~\{|:\{")


def find_includes(body: str, *, first_line: int = 1) -> tuple[Markup, ...]:
    """Every include or transclusion directive of the body, at its line and column."""
    if _CUES.search(body) is None:
        return ()
    found = []
    for match in _DIRECTIVE.finditer(body):
        line_start = body.rfind("\n", 0, match.start()) + 1
        line_end = body.find("\n", match.start())
        text = body[line_start : line_end if line_end >= 0 else len(body)].strip()
        line = first_line + body.count("\n", 0, match.start())
        what = text if len(text) <= 80 else text[:79] + "…"
        found.append(Markup(line, match.start() - line_start + 1, what))
    return tuple(found)
