"""The classes of sensitive data, and how each value is shown masked.

Every output shows a sensitive value masked, never the value (issue #14): the
masked form keeps only what lets a person recognise which value is meant
(country and check digits of an IBAN, last digits of a card), never enough to
use it.
"""

from __future__ import annotations

import enum

from classeur.common.i18n import _

BULLET = "•"
# A secret shows nothing of itself, not even its length.
_SECRET_MASK = BULLET * 8


class DataClass(enum.Enum):
    """A class of sensitive data, with its stable code (policy files, findings)."""

    IBAN = "iban"
    BIC = "bic"
    NIR = "nir"
    CARD = "card"
    SECRET = "secret"

    @property
    def words(self) -> str:
        """The class in the user's words, for command-line findings."""
        words = {
            DataClass.IBAN: _("bank account number (IBAN)"),
            DataClass.BIC: _("bank identifier (BIC)"),
            DataClass.NIR: _("social security number (NIR)"),
            DataClass.CARD: _("payment card number"),
            DataClass.SECRET: _("secret (password, key or token)"),
        }
        return words[self]

    @property
    def mots(self) -> str:
        """The class in French words, for what a reader of the site sees."""
        return _MOTS[self]


_MOTS = {
    DataClass.IBAN: "numéro de compte bancaire (IBAN)",
    DataClass.BIC: "identifiant de banque (BIC)",
    DataClass.NIR: "numéro de sécurité sociale (NIR)",
    DataClass.CARD: "numéro de carte de paiement",
    DataClass.SECRET: "secret (mot de passe, clé ou jeton)",
}


def mask(data_class: DataClass, normalized: str) -> str:
    """The masked form of a normalized value: what every output shows instead of it."""
    if data_class is DataClass.IBAN:
        return _mask_iban(normalized)
    if data_class is DataClass.NIR:
        return _mask_nir(normalized)
    if data_class is DataClass.CARD:
        return _mask_card(normalized)
    if data_class is DataClass.BIC:
        return normalized[:4] + BULLET * max(len(normalized) - 4, 4)
    return _SECRET_MASK


def _bullet_groups(count: int) -> list[str]:
    """`count` bullets in groups of four, the last one possibly shorter."""
    return [BULLET * min(4, count - start) for start in range(0, count, 4)]


def _mask_iban(normalized: str) -> str:
    # Country and check digits say which bank system; the last three let an
    # accountant tell two accounts apart without revealing either.
    hidden = max(len(normalized) - 7, 0)
    return " ".join([normalized[:4], *_bullet_groups(hidden), normalized[-3:]])


def _mask_nir(normalized: str) -> str:
    # The sex digit and the key: the rest (birth date, place) is the personal part.
    shape = (2, 2, 2, 3, 3)
    return " ".join([normalized[:1], *(BULLET * size for size in shape), normalized[-2:]])


def _mask_card(normalized: str) -> str:
    return " ".join([*_bullet_groups(max(len(normalized) - 4, 0)), normalized[-4:]])
