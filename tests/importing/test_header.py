"""The source's front matter, the title from the first heading, the draft header."""

from __future__ import annotations

from datetime import date

from classeur.importing.header import (
    DraftHeader,
    plain_title,
    render_header,
    shift_headings,
    split_source,
    take_title,
)
from classeur.importing.report import Note
from classeur.model.policy import Function


def test_gitbook_fields_are_read_and_the_others_reported_at_their_line():
    source = split_source("---\ndescription: Le résumé.\nhidden: true\nicon: book\n---\n\n# T\n")
    assert (source.description, source.body, source.first_line) == ("Le résumé.", "\n# T\n", 6)
    assert source.notes == (
        Note(
            3,
            "hidden-page",
            "the page is hidden in GitBook (`hidden: true`); it is imported as a draft, which "
            "no site publishes until its status is changed.",
        ),
        Note(4, "unknown-field", "`icon` is not a Classeur field; it was left out of the header."),
    )


def test_a_page_without_front_matter_is_all_body():
    source = split_source("# Titre\n\nTexte.\n")
    assert (source.title, source.body, source.first_line, source.notes) == (
        None,
        "# Titre\n\nTexte.\n",
        1,
        (),
    )


def test_the_opening_level_one_heading_is_the_title_and_leaves_the_body():
    assert take_title("\n# Clôture *mensuelle*\n\nTexte.\n") == (
        "Clôture mensuelle",
        "\n\nTexte.\n",
    )


def test_a_section_heading_is_never_taken_for_the_title():
    assert take_title("## Objet\n\nTexte.\n") == (None, "## Objet\n\nTexte.\n")


def test_with_a_front_matter_title_only_a_heading_repeating_it_goes():
    assert take_title("# Autre\n", known="Titre") == (None, "# Autre\n")
    assert take_title("# Titre\nx\n", known="Titre") == ("Titre", "x\n")


def test_headings_move_down_a_level_when_a_level_one_heading_is_left():
    assert shift_headings("# Objet\n\n## Détail\n```\n# code\n```\n") == (
        "## Objet\n\n### Détail\n```\n# code\n```\n"
    )
    assert shift_headings("## Objet\n") == "## Objet\n"


def test_a_title_loses_markup_and_invisible_characters():
    assert plain_title("Reprise <urgente>\u202e  du\tmois") == "Reprise ‹urgente› du mois"


def test_the_draft_header_has_the_shape_new_writes():
    function = Function(
        id="ops", label="Opérations", owner="ops", outsourced=True, prefix="OPS",
        access=["staff"],
    )  # fmt: skip
    header = DraftHeader(
        "OPS-002", "Relance « niveau 2 »", function, ("staff",), date(2026, 2, 3), "12 months", None
    )
    assert render_header(header) == (
        '---\nid: OPS-002\ntitle: "Relance « niveau 2 »"\ntype: procedure\nfunction: ops\n'
        "owners: [ops]\nmaintainers: []\nstatus: draft\naccess: [staff]\n"
        "last_reviewed: 2026-02-03\nreview_every: 12 months\n---\n"
    )
