"""Sensitive values in a text: bank details, NIR, card numbers, secrets (issue #14).

Pure: a text in, the values found in it out, with their offsets. Numbers are
validated by their checksums (python-stdnum) so that an order number, an
invoice number or a phone number is not a finding; secrets are found by
detect-secrets' plugins plus the French « mot de passe : … » (model/secrets.py).
Every candidate first passes a cheap test over the whole text, because the
checksums and above all detect-secrets cost far more than a scan.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any

from classeur.model.masking import DataClass, mask
from classeur.model.secrets import Cue, find_secrets, scan_cues

__all__ = [
    "DataClass",
    "SensitiveValue",
    "find_sensitive",
    "fingerprint",
    "locate",
    "redact",
]

# What may stand between two groups of a number: space, dot, dash, and the
# no-break spaces French typography puts in numbers.
_SEP = r"[ .\-\u00a0\u202f]"
_SEP_CHARS = " .-\u00a0\u202f"
_NORMALIZE = str.maketrans("", "", _SEP_CHARS + "\t")


@dataclass(frozen=True)
class SensitiveValue:
    """One sensitive value found in a text, located by offsets, never shown raw."""

    data_class: DataClass
    start: int  # offset in the text of the first character
    end: int  # offset just past the last character
    normalized: str  # no spaces, dots or dashes, upper-case
    masked: str  # what every output shows instead of the value
    fingerprint: str  # what policy exceptions quote: never the value


def fingerprint(data_class: DataClass, normalized: str) -> str:
    """The first 12 hex digits of SHA-256 of `class:normalized`: names a value without it."""
    digest = hashlib.sha256(f"{data_class.value}:{normalized}".encode())
    return digest.hexdigest()[:12]


def normalize(raw: str) -> str:
    """The value without spaces, dots or dashes, upper-case."""
    return raw.translate(_NORMALIZE).upper()


def _value(data_class: DataClass, start: int, end: int, raw: str) -> SensitiveValue:
    normalized = normalize(raw)
    return SensitiveValue(
        data_class=data_class,
        start=start,
        end=end,
        normalized=normalized,
        masked=mask(data_class, normalized),
        fingerprint=fingerprint(data_class, normalized),
    )


def find_sensitive(text: str) -> tuple[SensitiveValue, ...]:
    """Every sensitive value in `text`, in order, none overlapping another."""
    found: list[SensitiveValue] = []
    ibans: list[SensitiveValue] = []
    # One pass finds whether any number is long enough to be an IBAN, a card or a
    # NIR (ten digits or more, grouped or not): most texts stop here.
    if _has_long_number(text):
        ibans = list(_find_ibans(text))
        found += ibans
        found += _find_cards(text)
        found += _find_nirs(text)
    cues = scan_cues(text)
    if ibans or Cue.BIC in cues.kinds:
        found += _find_bics(text, ibans)
    found += (_value(DataClass.SECRET, a, b, text[a:b]) for a, b in find_secrets(text, cues))
    return _without_overlaps(found)


@dataclass(frozen=True)
class PlacedValue:
    """A sensitive value and where it stands in its file (1-based line and column)."""

    value: SensitiveValue
    line: int
    column: int


def find_placed(text: str) -> tuple[PlacedValue, ...]:
    """Every sensitive value in a file's text, with its line and column."""
    return tuple(PlacedValue(v, *locate(text, v.start)) for v in find_sensitive(text))


def redact(text: str) -> str:
    """`text` with every sensitive value replaced by its masked form."""
    values = find_sensitive(text)
    if not values:
        return text
    parts: list[str] = []
    cursor = 0
    for value in values:
        parts += [text[cursor : value.start], value.masked]
        cursor = value.end
    parts.append(text[cursor:])
    return "".join(parts)


def locate(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _without_overlaps(found: list[SensitiveValue]) -> tuple[SensitiveValue, ...]:
    # The earliest, then longest, value wins: an IBAN's digits are not also a card.
    kept: list[SensitiveValue] = []
    for value in sorted(found, key=lambda v: (v.start, -(v.end - v.start))):
        if kept and value.start < kept[-1].end:
            continue
        kept.append(value)
    return tuple(kept)


# Every IBAN, card number and NIR holds a run of ten digits or more with single
# separators between (the Corsican departments 2A and 2B among them). Bytes with
# the separators deleted (the no-break spaces' bytes too) and digits made `9`
# show such a run in C speed; a few other texts pass, and meet the real patterns.
_DIGIT_SHAPE = bytes.maketrans(b"0123456789AB", b"999999999999")
_GAPS = b" .-\xc2\xa0\xe2\x80\xaf"


def _has_long_number(text: str) -> bool:
    shape = text.encode("utf-8", "surrogatepass").translate(_DIGIT_SHAPE, _GAPS)
    return b"9999999999" in shape


@cache
def _stdnum() -> Any:
    """python-stdnum's validators, imported for the first number worth checking (35 ms)."""
    from stdnum import bic, iban, luhn
    from stdnum.fr import nir

    return SimpleNamespace(bic=bic, iban=iban, luhn=luhn, nir=nir)


# --- IBAN -----------------------------------------------------------------

_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?=" + _SEP + r"?[A-Za-z0-9])")


@cache
def _iban_length(country: str) -> int:
    """The length of a country's IBAN, 0 when the country has none."""
    info = _stdnum().iban._ibandb.info(country)
    structure = info[0][1].get("bban", "") if info and info[0][0] == country else ""
    return 4 + sum(int(size) for size in re.findall(r"(\d+)!?[nac]", structure))


def _find_ibans(text: str) -> Iterator[SensitiveValue]:
    for match in _IBAN_START.finditer(text):
        length = _iban_length(match.group()[:2].upper())
        if not length:
            continue
        end = _take_grouped(text, match.start(), length)
        if end is None:
            continue
        normalized = normalize(text[match.start() : end])
        if _stdnum().iban.is_valid(normalized) and _has_valid_rib_key(normalized):
            yield _value(DataClass.IBAN, match.start(), end, text[match.start() : end])


def _take_grouped(text: str, start: int, length: int) -> int | None:
    """The end of `length` letters or digits from `start`, single separators allowed between."""
    taken = 0
    index = start
    size = len(text)
    while taken < length:
        if index >= size:
            return None
        char = text[index]
        if char.isascii() and char.isalnum():
            taken += 1
            index += 1
        elif char in _SEP_CHARS and taken and index + 1 < size and text[index + 1].isalnum():
            index += 1
        else:
            return None
    # A longer token is not this IBAN: an order number that starts like one.
    if index < size and text[index].isalnum():
        return None
    return index


# The RIB's letters map to digits this way (norme AFNOR), before the key's sum.
_RIB_LETTERS = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "12345678912345678923456789",
)


def _has_valid_rib_key(normalized: str) -> bool:
    """Whether a French (or Monaco) IBAN's RIB key matches; true for other countries."""
    if normalized[:2] not in ("FR", "MC"):
        return True
    bban = normalized[4:].translate(_RIB_LETTERS)
    bank, branch, account, key = bban[:5], bban[5:10], bban[10:21], bban[21:23]
    if not (bank + branch + account + key).isdigit():
        return False
    expected = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return expected == int(key)


# --- payment cards --------------------------------------------------------

# Four groups of four (plus up to three digits for 19-digit cards), the
# American Express shape 4-6-5, or one run of 15 to 19 digits. Not inside a
# longer grouped number (an IBAN's digits, a table of figures), hence the
# look-arounds on a separator and a digit.
_CARD = re.compile(
    r"(?<![\w])(?<!\d" + _SEP + r")"
    r"(?:\d{4}(" + _SEP + r")\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?"
    r"|\d{4}(" + _SEP + r")\d{6}\2\d{5}"
    r"|\d{15,19})"
    r"(?![\w])(?!" + _SEP + r"\d)"
)

# Issuer prefixes and the lengths they use; a number outside them is no card. No
# 13- or 14-digit lengths: old Visa and Diners numbers that short are gone, while a
# SIRET (14 digits) passes Luhn by design and an EAN-13 often does.
_LONG = (16, 17, 18, 19)
_ISSUERS: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (4, 4, (16, 19)),  # Visa
    (51, 55, (16,)),  # Mastercard
    (2221, 2720, (16,)),  # Mastercard 2-series
    (34, 34, (15,)),  # American Express
    (37, 37, (15,)),
    (300, 305, _LONG),  # Diners Club
    (36, 36, _LONG),
    (38, 39, _LONG),
    (6011, 6011, _LONG),  # Discover
    (644, 649, _LONG),
    (65, 65, _LONG),
    (3528, 3589, _LONG),  # JCB
    (62, 62, _LONG),  # UnionPay
    (50, 50, (15, *_LONG)),  # Maestro
    (56, 58, (15, *_LONG)),
    (67, 67, (15, *_LONG)),
)


def _is_issued_card(digits: str) -> bool:
    for low, high, lengths in _ISSUERS:
        width = len(str(low))
        if low <= int(digits[:width]) <= high and len(digits) in lengths:
            return True
    return False


def _find_cards(text: str) -> Iterator[SensitiveValue]:
    for match in _CARD.finditer(text):
        digits = normalize(match.group())
        if _is_issued_card(digits) and _stdnum().luhn.is_valid(digits):
            yield _value(DataClass.CARD, match.start(), match.end(), match.group())


# --- NIR ------------------------------------------------------------------

# Sex digit, year, month, department (2A and 2B for Corsica), commune, order,
# key: the groups as written on a carte Vitale, one separator throughout.
_NIR = re.compile(
    r"(?<![\w])(?<!\d" + _SEP + r")"
    r"[1-478](" + _SEP + r"?)\d{2}\1\d{2}\1(?:\d{2}|2[ABab])\1\d{3}\1\d{3}"
    r"(?:\1|" + _SEP + r"?)\d{2}"
    r"(?![\w])(?!" + _SEP + r"\d)"
)


def _find_nirs(text: str) -> Iterator[SensitiveValue]:
    for match in _NIR.finditer(text):
        normalized = normalize(match.group())
        if _stdnum().nir.is_valid(normalized) and 1 <= int(normalized[3:5]) <= 99:
            yield _value(DataClass.NIR, match.start(), match.end(), match.group())


# --- BIC ------------------------------------------------------------------

# A BIC has no checksum: eight or eleven capitals would match many words
# (DOCUMENT is DOCU-ME-NT). So a BIC-shaped token counts only where it is
# announced: right after « BIC » or « SWIFT » (or in the next cell of its table
# row), in a table column headed so, or on the line of an IBAN.
_BIC_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])")
_BIC_CUE_BEFORE = re.compile(
    r"\b(?:BIC|SWIFT)(?:\s*/\s*(?:BIC|SWIFT)|\s*\((?:BIC|SWIFT)\))?"
    r"(?:\s+code)?[\s*_`\"'«]*(?:[:=][\s*_`\"'«]*)?(?:\|[\s*_`\"'«]*)?$",
    re.IGNORECASE,
)
_BIC_HEADER = re.compile(r"\b(?:BIC|SWIFT)\b", re.IGNORECASE)


def _find_bics(text: str, ibans: list[SensitiveValue]) -> Iterator[SensitiveValue]:
    for match in _BIC_TOKEN.finditer(text):
        token = match.group()
        if not _stdnum().bic.is_valid(token):
            continue
        if _is_announced_bic(text, match.start(), match.end(), ibans):
            yield _value(DataClass.BIC, match.start(), match.end(), token)


def _is_announced_bic(text: str, start: int, end: int, ibans: list[SensitiveValue]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if _BIC_CUE_BEFORE.search(text, max(line_start, start - 40), start):
        return True
    if any(line_start <= iban.start < line_end for iban in ibans):
        return True
    return _is_in_bic_column(text, line_start, line_end, start)


def _is_in_bic_column(text: str, line_start: int, line_end: int, start: int) -> bool:
    """Whether `start` sits in a Markdown table cell whose column header names a BIC."""
    line = text[line_start:line_end]
    if not line.lstrip().startswith("|"):
        return False
    column = line.count("|", 0, start - line_start)
    header_start = line_start
    while header_start > 0:
        previous_start = text.rfind("\n", 0, header_start - 1) + 1
        if not text[previous_start : header_start - 1].lstrip().startswith("|"):
            break
        header_start = previous_start
    header_end = text.find("\n", header_start)
    header = text[header_start : header_end if header_end != -1 else len(text)]
    cells = header.split("|")
    return column < len(cells) and bool(_BIC_HEADER.search(cells[column]))
