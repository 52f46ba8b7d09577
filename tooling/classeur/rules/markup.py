"""What a body's markup may not do: include other files, hide text from readers, or
give a heading an id that the theme would print as markup."""

from __future__ import annotations

from collections.abc import Iterable

from classeur.common.i18n import _
from classeur.model.findings import Finding
from classeur.model.records import Document, Markup
from classeur.model.sensitive import redact
from classeur.rules.registry import DocumentContext, document_rule


@document_rule
def includes(document: Document, context: DocumentContext) -> list[Finding]:
    """`include-directive`: a directive that would pull another file into the page."""
    return _at_each(
        document,
        document.includes,
        "include-directive",
        _(
            "`{markup}` is an include or transclusion directive: the site prints it as text, "
            "and another renderer could pull in a file this page's readers may not read. Copy "
            "the text you need here, or link to the document instead."
        ),
    )


@document_rule
def hidden_content(document: Document, context: DocumentContext) -> list[Finding]:
    """`hidden-content`: markup that hides text from the reader but not from the page."""
    return _at_each(
        document,
        document.hidden,
        "hidden-content",
        _(
            "`{markup}` hides text from readers, though it stays in the page, its source and "
            "the search index: a reviewer would not see what it says. Show the text, or remove "
            "it (use a `??? note` block for text that may stay folded)."
        ),
    )


@document_rule
def unsafe_ids(document: Document, context: DocumentContext) -> list[Finding]:
    """`unsafe-attribute`: an attr_list id the table of contents would print as markup."""
    return _at_each(
        document,
        document.unsafe_ids,
        "unsafe-attribute",
        _(
            "`{markup}` gives an id with characters other than letters, digits, `_`, `.`, `:` "
            "or `-`: the table of contents prints ids as they are, so it could run script in a "
            "reader's browser. Use a plain id such as `{{: #etape-2 }}`."
        ),
    )


def _at_each(document: Document, places: Iterable[Markup], code: str, why: str) -> list[Finding]:
    """One finding per place, quoting what stands there (`why` holds `{markup}`)."""
    return [
        Finding(
            str(document.path),
            place.line,
            code,
            why.format(markup=redact(place.what)),
            column=place.column,
        )
        for place in places
    ]
