"""The pre-filter of the secrets detectors: which lines are worth detect-secrets' time (#14)."""

from __future__ import annotations

import pytest

from classeur.model.secrets import Cue, find_secrets, scan_cues


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Mot de passe : Tr0ub4dor&3", {Cue.KEYWORD}),
        ("MOT DE PASSE (compte admin) = x", {Cue.KEYWORD}),
        ("Changez le mot de passe tous les 90 jours.", set()),
        ("Jeton ghp_abcdefghijklmnopqrstuvwxyz0123456789", {Cue.TOKEN}),
        ("Voir https://intranet.example.fr/", {Cue.URL}),
        ("Code BIC : BNPAFRPP", {Cue.BIC}),
        ("Le protocole EBICS relie la banque.", set()),
    ],
)
def test_a_line_is_cued_only_by_what_can_announce_a_secret(text, kinds):
    assert set(scan_cues(text).kinds) == kinds


def test_only_cued_lines_are_searched():
    text = "Intro.\nmot de passe : Tr0ub4dor&3\nFin."
    cues = scan_cues(text)
    assert list(cues.lines) == [7]
    assert [text[a:b] for a, b in find_secrets(text, cues)] == ["Tr0ub4dor&3"]
