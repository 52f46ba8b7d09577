"""Detectors of sensitive values: checksums decide, near-misses are not findings (#14)."""

from __future__ import annotations

import pytest

from classeur.model.sensitive import (
    DataClass,
    SensitiveValue,
    find_sensitive,
    fingerprint,
    locate,
    redact,
)

IBAN_FR = "FR7630006000011234567890189"
IBAN_FR_MASKED = "FR76 •••• •••• •••• •••• •••• 189"


def found(text: str) -> list[tuple[str, str]]:
    """(class, text as written) of every value found."""
    return [(v.data_class.value, text[v.start : v.end]) for v in find_sensitive(text)]


@pytest.mark.parametrize(
    ("written", "data_class"),
    [
        ("FR76 3000 6000 0112 3456 7890 189", "iban"),
        ("FR7630006000011234567890189", "iban"),
        ("FR76-3000-6000-0112-3456-7890-189", "iban"),
        ("FR76.3000.6000.0112.3456.7890.189", "iban"),
        ("FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189", "iban"),
        ("fr76 3000 6000 0112 3456 7890 189", "iban"),
        ("DE89 3704 0044 0532 0130 00", "iban"),
        ("GB82 WEST 1234 5698 7654 32", "iban"),
        ("ES91 2100 0418 4502 0005 1332", "iban"),
        ("MC58 1122 2000 0101 2345 6789 030", "iban"),
        ("1 85 05 78 006 084 91", "nir"),
        ("185057800608491", "nir"),
        ("1.85.05.78.006.084.91", "nir"),
        ("2 69 05 2A 123 456 88", "nir"),
        ("1 78 02 2B 012 345 13", "nir"),
        ("4242 4242 4242 4242", "card"),
        ("4242424242424242", "card"),
        ("5555-5555-5555-4444", "card"),
        ("4111.1111.1111.1111", "card"),
        ("3782 822463 10005", "card"),
        ("6011 1111 1111 1117", "card"),
    ],
)
def test_a_valid_number_is_found_whatever_separates_its_groups(written, data_class):
    assert found(f"Le numéro {written} est à utiliser.") == [(data_class, written)]


@pytest.mark.parametrize(
    "text",
    [
        "Virement sur FR76 3000 6000 0112 3456 7890 189, merci.",
        "| Fournisseur | IBAN |\n|---|---|\n| Acme | FR76 3000 6000 0112 3456 7890 189 |\n",
        "```text\nIBAN=FR7630006000011234567890189\n```\n",
        "[Payer](https://banque.example/virement?iban=FR7630006000011234567890189)\n",
        "---\nid: FIN-001\niban: FR76 3000 6000 0112 3456 7890 189\n---\nCorps.\n",
        "Voir « FR76 3000 6000 0112 3456 7890 189 ».",
    ],
    ids=["prose", "table", "code block", "link target", "frontmatter", "quoted"],
)
def test_an_iban_is_found_in_every_position(text):
    assert [(v.data_class, v.normalized) for v in find_sensitive(text)] == [
        (DataClass.IBAN, IBAN_FR)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Commande FR7630006000011234567890188 du 3 mars.",  # 27 characters, wrong check digits
        "Commande CMD20260316000000000012345FR.",  # an order number of 27 characters
        "Facture FAC-2026-004512 du 12/03/2026, montant 1 234 567,89 €.",
        "Appeler le 01 23 45 67 89 ou le +33 6 12 34 56 78 ou 06.12.34.56.78.",
        "NIR 1 85 05 78 006 084 36 (clé fausse).",
        "Carte 4242 4242 4242 4241 (Luhn faux).",
        "SIRET 73282932000074, SIREN 732 829 320.",
        "FR76 3000 6000 0112 3456 7890 18",  # one digit short
        "FR76 3000 6000 0112 3456 7890 1890",  # part of a longer token
        "FR57 1234 5123 4512 3456 7890 100",  # mod 97 holds, the RIB key does not
        "Code EAN 4006381333931, lot 0000 0000 0000 0000.",
    ],
    ids=[
        "iban-checksum",
        "order-number",
        "invoice",
        "phones",
        "nir-key",
        "card-luhn",
        "siret",
        "short",
        "long",
        "rib-key",
        "ean-zeros",
    ],
)
def test_a_number_failing_its_checksum_is_not_found(text):
    assert found(text) == []


def test_the_rib_key_near_miss_does_pass_the_iban_checksum():
    from stdnum import iban

    assert iban.is_valid("FR5712345123451234567890100")


@pytest.mark.parametrize(
    "text",
    [
        "BIC : BNPAFRPP",
        "Code BIC BNPAFRPP.",
        "SWIFT/BIC: BNPAFRPP",
        "bic: BNPAFRPP",
        "| Banque | BIC |\n|---|---|\n| BNP | BNPAFRPP |\n",
    ],
    ids=["colon", "code", "swift", "frontmatter", "table column"],
)
def test_a_bic_is_found_where_it_is_announced(text):
    assert found(text) == [("bic", "BNPAFRPP")]


def test_a_bic_on_the_line_of_an_iban_is_found():
    text = "FR76 3000 6000 0112 3456 7890 189 / COBADEFFXXX"
    assert found(text) == [
        ("iban", "FR76 3000 6000 0112 3456 7890 189"),
        ("bic", "COBADEFFXXX"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Le DOCUMENT est signé.",  # BIC-shaped (DOCU-ME-NT), not announced
        "| BIC | Statut |\n|---|---|\n| à demander | DOCUMENT |\n",
        "Code BIC : voir le RIB.",
        "BIC : ABSENTES",  # no such country
    ],
)
def test_capitals_that_only_look_like_a_bic_are_not_found(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Mot de passe : Tr0ub4dor&3", "Tr0ub4dor&3"),
        ("mdp = Bonjour2026!", "Bonjour2026!"),
        ("password: hunter2hunter", "hunter2hunter"),
        ('api_key: "a8f5f167f44f4964e6c998dee827110c"', "a8f5f167f44f4964e6c998dee827110c"),
        ("Base : https://admin:S3cretPass@intranet.example.com/", "S3cretPass"),
        ("Jeton ghp_abcdefghijklmnopqrstuvwxyz0123456789", None),
        ("Clé AWS AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("Slack xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx", None),
        ("Stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        (
            "JWT eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
            "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            None,
        ),
    ],
)
def test_a_secret_is_found(text, secret):
    values = find_sensitive(text)
    expected = secret or text.split(" ", 1)[1]
    assert [(v.data_class, text[v.start : v.end]) for v in values] == [(DataClass.SECRET, expected)]


def test_a_private_key_is_found_as_its_whole_block():
    text = "Clé :\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nFin."
    values = find_sensitive(text)
    assert [(v.data_class, text[v.start : v.end]) for v in values] == [
        (DataClass.SECRET, text[6:-5])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Réinitialisez le mot de passe : voir le coffre-fort.",
        "Mot de passe : <votre mot de passe>",
        "Mot de passe : ********",
        "Le mot de passe est dans le coffre des mots de passe.",
        "password: ${DB_PASSWORD}",
        "Le secret professionnel s'applique.",
        "Mot de passe : abcdef",  # a word, not a password
    ],
)
def test_prose_about_passwords_is_not_a_secret(text):
    assert found(text) == []


def test_each_value_carries_its_normalized_form_mask_and_fingerprint():
    assert find_sensitive("IBAN FR76 3000 6000 0112 3456 7890 189") == (
        SensitiveValue(
            data_class=DataClass.IBAN,
            start=5,
            end=38,
            normalized=IBAN_FR,
            masked=IBAN_FR_MASKED,
            fingerprint=fingerprint(DataClass.IBAN, IBAN_FR),
        ),
    )


def test_a_fingerprint_is_twelve_hex_digits_of_sha256_of_class_and_value():
    import hashlib

    expected = hashlib.sha256(f"iban:{IBAN_FR}".encode()).hexdigest()[:12]
    assert fingerprint(DataClass.IBAN, IBAN_FR) == expected


def test_the_same_value_written_two_ways_has_one_fingerprint():
    spaced, packed = find_sensitive(
        "FR76 3000 6000 0112 3456 7890 189 et FR7630006000011234567890189"
    )
    assert spaced.fingerprint == packed.fingerprint


def test_the_digits_of_an_iban_are_not_also_a_card():
    assert found("FR76 4242 4242 4242 4242 0000 000") == []  # not an IBAN either
    assert [v.data_class for v in find_sensitive(IBAN_FR)] == [DataClass.IBAN]


def test_redact_replaces_every_value_by_its_mask():
    text = "IBAN FR76 3000 6000 0112 3456 7890 189, carte 4242 4242 4242 4242, mdp = Tr0ub4dor&3."
    assert redact(text) == (f"IBAN {IBAN_FR_MASKED}, carte •••• •••• •••• 4242, mdp = ••••••••.")


def test_redact_leaves_a_text_without_values_as_it_is():
    text = "Appeler le 01 23 45 67 89."
    assert redact(text) is text


def test_locate_gives_the_line_and_column_of_an_offset():
    assert locate("ab\ncd\nef", 7) == (3, 2)
