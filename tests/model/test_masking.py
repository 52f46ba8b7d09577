"""How each class of sensitive value is shown masked (#14)."""

from __future__ import annotations

import pytest

from classeur.model.masking import DataClass, mask


@pytest.mark.parametrize(
    ("data_class", "normalized", "masked"),
    [
        (DataClass.IBAN, "FR7630006000011234567890189", "FR76 •••• •••• •••• •••• •••• 189"),
        (DataClass.IBAN, "DE89370400440532013000", "DE89 •••• •••• •••• ••• 000"),
        (DataClass.IBAN, "GB82WEST12345698765432", "GB82 •••• •••• •••• ••• 432"),
        (DataClass.NIR, "185057800608491", "1 •• •• •• ••• ••• 91"),
        (DataClass.NIR, "269052A12345688", "2 •• •• •• ••• ••• 88"),
        (DataClass.CARD, "4242424242424242", "•••• •••• •••• 4242"),
        (DataClass.CARD, "378282246310005", "•••• •••• ••• 0005"),
        (DataClass.BIC, "BNPAFRPP", "BNPA••••"),
        (DataClass.BIC, "COBADEFFXXX", "COBA•••••••"),
        (DataClass.SECRET, "TR0UB4DOR&3", "••••••••"),
        (DataClass.SECRET, "A", "••••••••"),
    ],
)
def test_a_value_is_masked_to_what_identifies_it_without_revealing_it(
    data_class, normalized, masked
):
    assert mask(data_class, normalized) == masked


@pytest.mark.parametrize(
    ("data_class", "normalized", "shown"),
    [
        (DataClass.IBAN, "FR7630006000011234567890189", 7),
        (DataClass.NIR, "185057800608491", 3),
        (DataClass.CARD, "4242424242424242", 4),
        (DataClass.BIC, "COBADEFFXXX", 4),
        (DataClass.SECRET, "TR0UB4DOR&3", 0),
    ],
)
def test_a_mask_shows_at_most_a_few_characters_of_the_value(data_class, normalized, shown):
    visible = mask(data_class, normalized).replace(" ", "").replace("•", "")
    assert len(visible) == shown


def test_a_secret_mask_does_not_tell_its_length():
    assert mask(DataClass.SECRET, "x" * 40) == mask(DataClass.SECRET, "y" * 6)


@pytest.mark.parametrize(
    ("data_class", "words", "mots"),
    [
        (DataClass.IBAN, "bank account number (IBAN)", "numéro de compte bancaire (IBAN)"),
        (DataClass.NIR, "social security number (NIR)", "numéro de sécurité sociale (NIR)"),
        (
            DataClass.SECRET,
            "secret (password, key or token)",
            "secret (mot de passe, clé ou jeton)",
        ),
    ],
)
def test_a_class_is_named_in_words_in_english_and_in_french(data_class, words, mots):
    assert (data_class.words, data_class.mots) == (words, mots)
