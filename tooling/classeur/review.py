"""`review`: record a review by rewriting `last_reviewed` and `reviewed_by` only.

Every other byte of the file stays as it was: comments, key order, quoting,
the body, line endings and a byte-order mark. The rewrite is checked by
parsing the result with the one strict parser before anything is written.
"""

from __future__ import annotations

import re
from datetime import date

from frontmatter.default_handlers import YAMLHandler

from classeur.access import members_of
from classeur.errors import PortalError
from classeur.model import Document
from classeur.policy import Policy

BOM = "\ufeff".encode()
_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")


def rewrite_review(raw: bytes, *, reviewer: str, day: date) -> bytes:
    """The file with `last_reviewed: day` and `reviewed_by: reviewer`, nothing else changed."""
    bom = raw.startswith(BOM)
    lines = _LINE.findall(raw[len(BOM) :] if bom else raw)
    closing = _closing_line(lines)
    newline = b"\r\n" if lines[0].endswith(b"\r\n") else b"\n"
    for key, value in (("last_reviewed", day.isoformat()), ("reviewed_by", reviewer)):
        index = _key_line(lines, closing, key)
        if index is None:
            lines.insert(closing, f"{key}: {value}".encode() + newline)
            closing += 1
        else:
            lines[index] = _with_value(lines[index], key, value)
    return (BOM if bom else b"") + b"".join(lines)


def _closing_line(lines: list[bytes]) -> int:
    def is_boundary(line: bytes) -> bool:
        return bool(YAMLHandler.FM_BOUNDARY.fullmatch(line.decode("utf-8").rstrip("\r\n")))

    if not lines or not is_boundary(lines[0]):
        raise PortalError("the file has no frontmatter; run `classeur check` to see why.")
    for index in range(1, len(lines)):
        if is_boundary(lines[index]):
            return index
    raise PortalError("the frontmatter is never closed; run `classeur check` to see why.")


def _key_line(lines: list[bytes], closing: int, key: str) -> int | None:
    pattern = re.compile(rb"^" + key.encode() + rb"\s*:")
    found = [i for i in range(1, closing) if pattern.match(lines[i])]
    if len(found) > 1:
        raise PortalError(f'"{key}" appears twice in the frontmatter; fix the file first.')
    return found[0] if found else None


_VALUE = re.compile(
    rb"^(?P<key>[a-z_]+\s*:[ \t]*)(?P<quote>[\"']?)(?P<value>[^\"'#\r\n]*?)(?P=quote)"
    rb"(?P<rest>[ \t]*(#[^\r\n]*)?\r?\n?)$"
)


def _with_value(line: bytes, key: str, value: str) -> bytes:
    match = _VALUE.match(line)
    if match is None or not match.group("value").strip():
        raise PortalError(
            f'"{key}" is not a plain one-line value; write it as `{key}: VALUE` and try again.'
        )
    quote = match.group("quote")
    return match.group("key") + quote + value.encode() + quote + match.group("rest")


def may_review(person: str, document: Document, policy: Policy) -> bool:
    """Owners (or members of owner teams) may; maintainers too when the policy says so."""
    allowed: list[str] = list(document.owners)
    if policy.review is not None and policy.review.maintainers_may_review:
        allowed += document.maintainers
    return person in members_of(allowed, policy)
