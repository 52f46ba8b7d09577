"""The one strict reader of document files: header split, YAML, schema, links.

Every command shares it; MkDocs never decides what a header means (it silently
publishes pages whose YAML it cannot read). The fields themselves are defined
once, in schema.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import PurePosixPath

from frontmatter.default_handlers import YAMLHandler
from pydantic import ValidationError

from classeur.common.i18n import _
from classeur.model.fences import code_lines
from classeur.model.findings import Finding, Severity
from classeur.model.handover import read_plan
from classeur.model.includes import find_includes
from classeur.model.links import find_unsafe_ids, scan_body
from classeur.model.records import DocType, Document, Status
from classeur.model.schema import EXAMPLES, Frontmatter
from classeur.model.sensitive import find_placed
from classeur.model.validation import Located, findings_from_error
from classeur.model.yamlload import YamlDocument, YamlProblem, load_yaml

BOM = "\ufeff"
# What the templates of `classeur new` (classeur/templates/*.md) leave for the author
# to write, as written there: the only list, read by the rule `placeholder-left` and
# checked against every template by tests/rules/test_placeholders.py.
PLACEHOLDERS = ("À compléter",)
_CODE_SPAN = re.compile(r"`[^`]*`")


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
        message = _("byte 0x{byte} is not UTF-8. Save the file as UTF-8.").format(byte=byte)
        return None, [Finding(where, line, "not-utf8", message)]
    normalized = text.removeprefix(BOM).replace("\r\n", "\n")
    lines = normalized.split("\n")
    header, problem = _split_header(where, lines)
    if problem is not None:
        return None, [problem]
    try:
        parsed = load_yaml("\n".join(lines[1:header]), first_line=2, depth=2)
    except YamlProblem as error:
        message = error.message + "."
        finding = Finding(where, error.line, error.code, message, column=error.column)
        return None, [finding]
    body_start = header + 2  # file line of the first body line
    body = "\n".join(lines[header + 1 :])
    document, findings = _validate(path, parsed, body, body_start, normalized)
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
            _(
                "the file does not start with a `---` line, so it has no frontmatter. "
                "Add the YAML header between two `---` lines, or start from `classeur new`."
            ),
        )
    for index in range(1, len(lines)):
        if boundary.fullmatch(lines[index]):
            return index, None
    return 0, Finding(
        where,
        1,
        "unclosed-frontmatter",
        _(
            "the frontmatter opened on line 1 is never closed. "
            "Add a `---` line after the last frontmatter field."
        ),
    )


def _validate(
    path: PurePosixPath, parsed: YamlDocument, body: str, body_start: int, whole: str
) -> tuple[Document | None, list[Finding]]:
    where = Located(str(path), parsed)
    if not isinstance(parsed.data, dict):
        message = (
            _("the frontmatter is empty. Write one `field: value` per line.")
            if parsed.data is None
            else _("the frontmatter is not a mapping of fields. Write one `field: value` per line.")
        )
        return None, [Finding(str(path), 2, "frontmatter-not-mapping", message)]
    try:
        fields = Frontmatter.model_validate(parsed.data)
    except ValidationError as error:
        return None, findings_from_error(error, where, Frontmatter, EXAMPLES)
    field_lines = {str(key[0]): at[0] for key, at in parsed.positions.items() if len(key) == 1}
    document = _to_document(path, fields, field_lines, body, body_start, whole)
    return document, _review_fields_present(document)


def _to_document(
    path: PurePosixPath,
    fields: Frontmatter,
    lines: dict[str, int],
    body: str,
    body_start: int,
    whole: str,
) -> Document:
    scanned = scan_body(body, first_line=body_start)
    return Document(
        path=path,
        id=fields.id,
        title=fields.title,
        description=fields.description,
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
        sla=tuple(fields.sla),
        related=tuple(fields.related),
        supersedes=tuple(fields.supersedes),
        links=scanned.links,
        field_lines=lines,
        includes=find_includes(body, first_line=body_start),
        hidden=scanned.hidden,
        unsafe_ids=find_unsafe_ids(body, first_line=body_start),
        sensitive=find_placed(whole),
        handover_gaps=(
            read_plan(body, first_line=body_start).gaps() if fields.type is DocType.HANDOVER else ()
        ),
        placeholders=find_placeholders(body, first_line=body_start),
    )


def find_placeholders(body: str, *, first_line: int) -> tuple[int, ...]:
    """The file lines of `body` that still hold a template placeholder, outside code.

    Case and accents do not matter (« A completer » is the same marker); text in code
    (fenced blocks, `spans`) quotes the marker rather than leaving it.
    """
    # One search in C over the whole body: most bodies hold no placeholder (bench/).
    if _PLACEHOLDER.search(body) is None:
        return ()
    lines = body.split("\n")
    return tuple(
        first_line + offset
        for offset, (line, is_code) in enumerate(zip(lines, code_lines(lines), strict=True))
        if not is_code and _PLACEHOLDER.search(_CODE_SPAN.sub("", line))
    )


def _accent_free_pattern(marker: str) -> str:
    """A regular expression matching `marker` whatever its case and accents."""
    pattern = ""
    for char in unicodedata.normalize("NFKD", marker.casefold()):
        if unicodedata.combining(char):
            continue
        if char == " ":
            pattern += r"\s+"
        else:
            # Classes written out rather than re.IGNORECASE: twice as fast over a body.
            variants = char + _ACCENTED.get(char, "")
            pattern += f"[{re.escape(variants + variants.upper())}]"
    return pattern


_ACCENTED = {"a": "àâäáã", "c": "ç", "e": "éèêë", "i": "îïí", "o": "ôöó", "u": "ùûüú"}
_PLACEHOLDER = re.compile("|".join(_accent_free_pattern(marker) for marker in PLACEHOLDERS))


def _review_fields_present(document: Document) -> list[Finding]:
    """Drafts may wait for their first review; every other document names it."""
    if document.status is Status.DRAFT:
        return []
    return [
        Finding(
            str(document.path),
            1,
            "missing-field",
            _(
                'no "{name}" in frontmatter; a {status} document records its last review. '
                "For example `{example}`."
            ).format(name=name, status=document.status.value, example=EXAMPLES[name]),
            Severity.ERROR,
        )
        for name in ("last_reviewed", "reviewed_by")
        if getattr(document, name) is None
    ]
