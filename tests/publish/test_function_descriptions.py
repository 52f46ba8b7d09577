"""A function's page lists each document with its description, when it has one (#16)."""

from __future__ import annotations

from classeur.publish.pages import function_page, generated_pages
from tests.publish.test_home import RELANCE, manifest

ROW = (
    '<tr><td>OPS-001</td><td><a href="../procedures/ops/ops-001.md">Relance d&#x27;un impayé</a>'
    "{after}</td><td>Procédure</td><td>À jour</td><td>10 janvier 2027</td></tr>"
)


def function_rows(document) -> list[str]:
    page = generated_pages(manifest((document,)))[function_page("ops")]
    return [line for line in page.splitlines() if line.startswith("<tr><td>")]


def test_the_description_follows_the_title_escaped():
    described = RELANCE.model_copy(update={"description": "Du rappel à la <mise en demeure>."})
    after = (
        '<br><small class="classeur-description">Du rappel à la &lt;mise en demeure&gt;.</small>'
    )
    assert function_rows(described) == [ROW.format(after=after)]


def test_without_a_description_the_row_is_as_before():
    assert function_rows(RELANCE) == [ROW.format(after="")]


def test_other_lists_do_not_show_the_description():
    described = RELANCE.model_copy(update={"description": "Du rappel à la mise en demeure."})
    pages = generated_pages(manifest((described,)))
    assert [path for path, text in pages.items() if "classeur-description" in text] == [
        function_page("ops")
    ]
