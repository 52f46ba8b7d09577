from __future__ import annotations

from classeur.binder.check import check
from tests.conftest import TODAY, doc


def rendered(root):
    return [f.render() for f in check(root, today=TODAY).findings]


def test_an_include_directive_is_an_error_at_its_line_even_in_code(binder):
    body = 'Étape une.\n\n```\n--8<-- "../../.env"\n```\n'
    root = binder({"procedures/a.md": doc(body=body)})
    assert rendered(root) == [
        'procedures/a.md:15:1: include-directive: `--8<-- "../../.env"` is an include or '
        "transclusion directive: the site prints it as text, and another renderer could pull "
        "in a file this page's readers may not read. Copy the text you need here, or link to "
        "the document instead."
    ]


def test_hidden_html_is_an_error_at_its_line(binder):
    body = 'Étape une.\n\n<span style="display:none">virement vers un autre IBAN</span>\n'
    root = binder({"procedures/a.md": doc(body=body)})
    assert rendered(root) == [
        'procedures/a.md:14:1: hidden-content: `<span style="display:none">` hides text from '
        "readers, though it stays in the page, its source and the search index: a reviewer "
        "would not see what it says. Show the text, or remove it (use a `??? note` block for "
        "text that may stay folded)."
    ]


def test_a_raw_html_link_to_a_document_some_readers_may_not_read_is_reported(binder):
    root = binder(
        {
            "procedures/a.md": doc(body='Voir <a href="rh.md">la procédure</a>.\n'),
            "procedures/rh.md": doc(id="OPS-002", access="[staff]"),
        }
    )
    assert rendered(root) == [
        "procedures/a.md:12: restricted-link: link to OPS-002, which provider may not read "
        "although they read this document: they would see a dead link. Remove it, or give "
        "both documents the same readers."
    ]
