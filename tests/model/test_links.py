"""References are found as the renderer sees them, whatever their syntax."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from classeur.model.includes import find_includes
from classeur.model.links import (
    LinkFate,
    find_links,
    find_unsafe_ids,
    neutralise_unsafe_ids,
    relative_target,
    rewrite_links,
    scan_body,
)

# The site's Markdown extensions (mkdocs.yml), for the agreement tests.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tabbed", "footnotes"]  # fmt: skip


def targets(body: str) -> list[str]:
    return [link.target for link in find_links(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Voir [la suite](b.md).", ["b.md"]),
        ('Voir [la *suite*\nde ceci](b.md#etape "titre").', ["b.md"]),
        ("Voir [le [modèle] joint](modele.txt).", ["modele.txt"]),
        ("![schéma](schema.png)", ["schema.png"]),
        ("[réf][r]\n\n[r]: c.md", ["c.md", "c.md"]),
        ("[r]: orphelin.md", ["orphelin.md"]),
        ("Une note[^1].\n\n[^1]: Texte.", []),
        ('<a href="rh/secret.md">lien</a>', ["rh/secret.md"]),
        ('<a\n  href="rh/secret.md">lien</a>', ["rh/secret.md"]),
        ('<img src="photo.png" alt="x">', ["photo.png"]),
        ('<picture><source srcset="a.webp 1x, b.webp 2x"></picture>', ["a.webp", "b.webp"]),
        (
            '<iframe src="page.html"></iframe><object data="plan.pdf"></object>',
            ["page.html", "plan.pdf"],
        ),
        ('<embed src="e.svg"><form action="envoi.md"></form>', ["e.svg", "envoi.md"]),
        ('<map><area href="zone.md"></map>', ["zone.md"]),
        ("<div>\n\n[dans un bloc](bloc.md)\n\n</div>", ["bloc.md"]),
        ('Texte {: href="attr.md" }', ["attr.md"]),
        ('!!! note "À savoir"\n\n    Voir [la note](note.md).', ["note.md"]),
        ('=== "Onglet"\n\n    !!! tip\n\n        [imbriqué](imbrique.md)', ["imbrique.md"]),
        ("```\n[pas un lien](code.md)\n```", []),
        ("`[pas un lien](code.md)`", []),
        ("[externe](https://exemple.fr/x.md) <https://exemple.fr> [ancre](#haut)", []),
        ('[courriel](mailto:a@b.fr) <a href="javascript:x()">j</a>', []),
        ("[espace](mon%20fichier.pdf)", ["mon fichier.pdf"]),
    ],
)
def test_every_syntax_of_a_reference_is_found(body, expected):
    assert targets(body) == expected


def test_each_reference_has_its_line_and_column():
    body = 'Titre\n\nUn [lien](a.md) puis\n<img src="b.png">\n\n!!! note\n\n    [note](c.md)\n'
    found = [
        (link.target, link.line, link.column, link.kind) for link in find_links(body, first_line=10)
    ]
    assert found == [
        ("a.md", 12, 4, "link"),
        ("b.png", 13, 6, "html"),  # the attribute
        ("c.md", 17, 5, "link"),
    ]


def test_unlinking_keeps_the_words_and_redacting_replaces_the_link():
    body = "Voir [la *suite*\nde ceci](b.md) et [le secret](rh.md) et [c][r].\n\n[r]: c.md\n"
    fates = {"b.md": LinkFate.UNLINK, "rh.md": LinkFate.REDACT, "c.md": LinkFate.UNLINK}
    assert rewrite_links(body, fates.__getitem__) == (
        "Voir la *suite*\nde ceci et *(document non accessible)* et c.\n\n\n"
    )


def test_relative_target_drops_fragments_queries_and_urls():
    assert [relative_target(t) for t in ("a.md#x", "a.md?v=1", "<a b.md>", "http://x", "#x")] == [
        "a.md", "a.md", "a b.md", "", "",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "markup",
    [
        "<span hidden>caché</span>",
        '<div aria-hidden="true">caché</div>',
        '<span style="display: none">caché</span>',
        '<span style="visibility:hidden">caché</span>',
        '<span style="font-size: 0">caché</span>',
        '<div style="position:absolute; left:-9999px">caché</div>',
        '<div style="height:0; overflow:hidden">caché</div>',
        'Texte {: style="opacity:0" }',
    ],
)
def test_markup_that_hides_text_is_found(markup):
    assert len(scan_body(f"Avant.\n\n{markup}\n").hidden) == 1


@pytest.mark.parametrize(
    "markup",
    ['<span style="opacity:0.5">visible</span>', '<details><summary>Plus</summary>texte</details>',
     "<div class=\"hidden-print\">visible</div>", "`<span hidden>`"],
)  # fmt: skip
def test_visible_markup_is_not_hidden_content(markup):
    assert scan_body(markup).hidden == ()


@pytest.mark.parametrize(
    "line",
    ['--8<-- "/etc/passwd"', '{% include "rh/secret.md" %}', '{!rh/secret.md!}',
     '{{< include "x.md" >}}', "!INCLUDE \"x.md\"", ".. include:: x.rst",
     "```{include} x.md", '{% content-ref url="rh/secret.md" %}',
     # Case does not matter to the directives (docutils reads `Include` as `include`).
     ".. Include:: /etc/passwd", "!Include \"x.md\"", "```{Include} x.md",
     ".. LiteralInclude:: x.py"],
)  # fmt: skip
def test_include_directives_are_found_even_in_code(line):
    found = find_includes(f"Texte.\n\n```\n{line}\n```\n", first_line=7)
    assert [(place.line, place.what) for place in found] == [(10, line)]


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and relative_target(value):
                self.found.append(relative_target(value))


AGREEMENT_CORPUS = [
    "Voir [la suite](b.md) et ![img](i.png).",
    "Une [référence][r].\n\n[r]: ref.md",
    '!!! warning "Attention"\n    Voir [avertissement](w.md).',
    "1. Étape [un](un.md)\n    - [imbriquée](deux.md)",
    '| A | B |\n|---|---|\n| [cellule](cell.md) | <a href="html.md">h</a> |',
    "Texte <img src=\"photo.png\"> et <a href='simple.md'>x</a>.",
    "> Citation avec [lien](cite.md)",
    '??? note "Replié"\n    [plié](plie.md)',
    "Un [lien](a%20b.md) encodé",
]


@pytest.mark.parametrize("body", AGREEMENT_CORPUS)
def test_every_link_python_markdown_renders_is_found(body):
    parser = _Targets()
    parser.feed(markdown.markdown(body, extensions=EXTENSIONS))
    assert set(parser.found) <= set(targets(body))


def test_an_image_inside_an_unlinked_link_loses_no_word():
    body = "Voir [![schéma](draft.md)](draft.md) puis étape 2 : couper le disjoncteur."
    assert rewrite_links(body, lambda target: LinkFate.UNLINK) == (
        "Voir schéma puis étape 2 : couper le disjoncteur."
    )


def test_a_redacted_image_inside_a_kept_link_is_redacted():
    body = "Voir [![Plan social](secret.md)](ok.md) puis fin."
    fates = {"secret.md": LinkFate.REDACT, "ok.md": LinkFate.KEEP}
    assert rewrite_links(body, fates.__getitem__) == (
        "Voir [*(document non accessible)*](ok.md) puis fin."
    )


def test_unsafe_attr_list_ids_are_found_and_taken_out():
    body = "## A {: #ok .x }\n\n## B {: id='y\"><svg/onload=x//@>' .z }\n"
    assert [(m.line, m.column) for m in find_unsafe_ids(body, first_line=5)] == [(7, 6)]
    assert neutralise_unsafe_ids(body) == "## A {: #ok .x }\n\n## B {:  .z }\n"
