"""GitBook blocks become the site's Markdown; what has no equivalent stays visible."""

from __future__ import annotations

import pytest

from classeur.importing.gitbook import convert_blocks, hard_breaks, retitle_references
from classeur.importing.report import Note
from classeur.importing.tidy import tidy
from classeur.model.findings import Severity


@pytest.mark.parametrize(
    ("style", "opener"),
    [
        ("info", '!!! info "Information"'),
        ("success", '!!! tip "Conseil"'),
        ("warning", '!!! warning "Attention"'),
        ("danger", '!!! danger "Danger"'),
    ],
)
def test_a_hint_becomes_an_admonition_with_a_french_title(style, opener):
    text, notes = convert_blocks(
        f'{{% hint style="{style}" %}}\nLisez **ceci**.\n{{% endhint %}}\n'
    )
    assert (text, notes) == (f"\n\n{opener}\n\n    Lisez **ceci**.\n\n\n", [])


def test_tabs_become_content_tabs_and_a_hint_inside_a_tab_stays_inside():
    source = (
        "{% tabs %}\n"
        '{% tab title="Windows" %}\nFaites A.\n{% endtab %}\n'
        '{% tab title="Mac" %}\n{% hint style="danger" %}\nJamais B.\n{% endhint %}\n{% endtab %}\n'
        "{% endtabs %}\n"
    )
    text, notes = convert_blocks(source)
    assert tidy(text) == (
        '=== "Windows"\n\n    Faites A.\n\n'
        '=== "Mac"\n\n    !!! danger "Danger"\n\n        Jamais B.\n'
    )
    assert notes == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{% file src="a/Modèle.pdf" %}', "[Modèle.pdf](a/Modèle.pdf)"),
        ('{% file src="a/m.pdf" %}\nLe modèle\n{% endfile %}', "[Le modèle](a/m.pdf)"),
        ('{% embed url="https://exemple.fr/v" %}', "[https://exemple.fr/v](https://exemple.fr/v)"),
        (
            '{% embed url="https://e.fr/v" %}\nLa vidéo\n{% endembed %}',
            "[La vidéo](https://e.fr/v)",
        ),
        (
            '{% content-ref url="emails/" %}\n[emails](emails/)\n{% endcontent-ref %}',
            "[emails](emails/)",
        ),
        ('{% content-ref url="a.md" %}\n{% endcontent-ref %}', "[a.md](a.md)"),
        (
            '{% code title="relance.sh" %}\n```sh\necho\n```\n{% endcode %}',
            "**relance.sh**\n\n```sh\necho\n```",
        ),
    ],
)
def test_files_embeds_references_and_code_titles_become_plain_markdown(source, expected):
    text, notes = convert_blocks(source)
    assert (text.strip(), notes) == (expected, [])


def test_a_closing_tag_without_its_block_is_removed_and_reported_at_its_line():
    text, notes = convert_blocks("Fin.\n{% endhint %}\n", first_line=7)
    assert (text, notes) == (
        "Fin.\n\n",
        [Note(8, "stray-closing-tag", "`{% endhint %}` closes no block; it was removed.")],
    )


def test_a_block_without_equivalent_is_kept_in_a_note_and_reported_as_a_warning():
    source = 'Avant.\n{% swagger method="get" %}\n{% swagger-description %}\nd\n{% endswagger-description %}\n{% endswagger %}\n'
    text, notes = convert_blocks(source, first_line=10)
    assert text == (
        "Avant.\n\n\n"
        '!!! note "Bloc GitBook non converti"\n\n'
        "    ```text\n"
        '    {% swagger method="get" %}\n    {% swagger-description %}\n    d\n'
        "    {% endswagger-description %}\n    {% endswagger %}\n    ```\n\n\n"
    )
    assert notes == [
        Note(
            11,
            "unconverted-block",
            '`{% swagger method="get" %}` has no equivalent on the site: it is kept as text in '
            'a "Bloc GitBook non converti" note. Rewrite it by hand, or remove it.',
            Severity.WARNING,
        )
    ]


def test_an_unclosed_hint_is_kept_visible_rather_than_swallowing_the_page():
    text, notes = convert_blocks('{% hint style="info" %}\nTexte.\n')
    assert "Texte." in text and '{% hint style="info" %}' in text
    assert [n.code for n in notes] == ["unconverted-block"]


def test_tags_inside_code_are_left_alone():
    source = "```\n{% hint %}\n```\n"
    assert convert_blocks(source) == (source, [])


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Ligne un\\\nLigne deux", "Ligne un<br>\nLigne deux"),
        ("Fin de paragraphe\\\n\nSuite", "Fin de paragraphe\n\nSuite"),
        ("Avant\n\\\nAprès", "Avant\n\nAprès"),
        ("Un chemin C:\\\\\nsuite", "Un chemin C:\\\\\nsuite"),
        ("```\ncode\\\nsuite\n```", "```\ncode\\\nsuite\n```"),
    ],
)
def test_a_backslash_line_break_becomes_a_break_the_site_shows(source, expected):
    assert hard_breaks(source) == expected


def test_an_include_kept_as_text_is_defused_so_that_no_renderer_runs_it():
    text, notes = convert_blocks('{% include "../.gitbook/includes/contacts.md" %}\n')
    assert text == (
        '\n\n!!! note "Bloc GitBook non converti"\n\n'
        '    ```text\n    { % include "../.gitbook/includes/contacts.md" %}\n    ```\n\n\n'
    )
    assert [n.code for n in notes] == ["unconverted-block"]


def test_a_content_ref_shows_the_title_of_the_page_it_leads_to():
    source = '{% content-ref url="emails/" %}\n[emails](emails/)\n{% endcontent-ref %}\n'
    titles = {"emails/": "Courriels [modèles]"}

    def title_of(url: str) -> str | None:
        return titles.get(url)

    assert retitle_references(source, title_of) == (
        '{% content-ref url="emails/" %}\n[Courriels \\[modèles\\]](emails/)\n{% endcontent-ref %}\n'
    )
    assert retitle_references(source, lambda url: None) == source
