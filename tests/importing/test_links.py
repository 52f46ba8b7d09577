"""Every reference of a page is handed to the resolver; code never is."""

from __future__ import annotations

import pytest

from classeur.importing.links import is_local, rewrite_links, split_target


def _upper(target: str, line: int) -> str | None:
    return None if "missing" in target else f"{target.strip('<>').upper()}@{line}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Voir [la page](a.md).", "Voir [la page](A.MD@3)."),
        ('![Écran](<img/mon écran.png> "titre")', '![Écran](IMG/MON ÉCRAN.PNG@3 "titre")'),
        ("[ref]: docs/b.md", "[ref]: DOCS/B.MD@3"),
        (
            '<figure><img src="x.png" alt="X"></figure>',
            '<figure><img src="X.PNG@3" alt="X"></figure>',
        ),
        ('{% file src="f.pdf" %}', '{% file src="F.PDF@3" %}'),
        ('{% content-ref url="emails/" %}', '{% content-ref url="EMAILS/@3" %}'),
        ("[perdu](missing.md)", "perdu (`missing.md`)"),
        ("![](missing.gif)", "`missing.gif`"),
        ('{% swagger url="api/" %}', '{% swagger url="api/" %}'),
        ('<img src="missing.png">', '<img src="missing.png">'),
    ],
)
def test_each_kind_of_reference_is_rewritten(source, expected):
    assert rewrite_links(source, 3, _upper) == expected


def test_references_inside_fenced_code_are_left_alone():
    source = "```\n[a](a.md)\n```\n[b](b.md)"
    assert rewrite_links(source, 1, _upper) == "```\n[a](a.md)\n```\n[b](B.MD@4)"


@pytest.mark.parametrize(
    ("target", "local"),
    [("a.md", True), ("../b/c.png", True), ("#ancre", False), ("https://e.fr", False),
     ("mailto:a@e.fr", False), ("//cdn.e.fr/x", False), ("", False)],
)  # fmt: skip
def test_only_files_of_the_source_are_local(target, local):
    assert is_local(target) is local


def test_a_target_is_decoded_and_its_anchor_kept_apart():
    assert split_target("<Mod%C3%A8le%20relance.md#etape-2>") == ("Modèle relance.md", "#etape-2")
