"""A binder with planted sensitive values and near-misses, to measure the content guard.

Copies of the sample binder's documents (realistic prose, tables, diagrams) get
valid values planted in every position the guard reads — prose, table cells,
code blocks, link targets, the frontmatter's title, and attachments (TXT, CSV,
PDF, DOCX) — written with spaces, dots, dashes, no-break spaces or nothing
between groups; and near-misses that fail their checksum (one digit changed),
order and invoice numbers, phone numbers, SIRETs, prose about passwords. Every
planted document is read by staff or the provider, whom the sample's
sensitive-data.yml does not let see any class: each planted value must be
reported once, and nothing else.

    python -m bench.generate_sensitive /tmp/guard            # write it, print the counts
    python -m bench.generate_sensitive /tmp/guard --measure  # then run check: recall, false findings
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import string
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.fr import nir as stdnum_nir

from classeur.model.masking import DataClass
from classeur.model.sensitive import fingerprint, normalize

REPO = Path(__file__).resolve().parent.parent
REFERENCE_DAY = "2026-11-16"
_HEADER_END = re.compile(r"^---$", re.MULTILINE)
_ACCESS = re.compile(r"^access: .*$", re.MULTILINE)
_TITLE = re.compile(r"^title: .*$", re.MULTILINE)
_SEPARATORS = (" ", "", "-", ".", "\u00a0")


@dataclass(frozen=True)
class Planted:
    """A value the guard must report: where, which class, which fingerprint."""

    path: str
    data_class: str
    fingerprint: str


@dataclass(frozen=True)
class Corpus:
    """The binder written, what was planted in it, and how many near-misses."""

    root: Path
    planted: tuple[Planted, ...]
    near_misses: int


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _grouped(value: str, sizes: tuple[int, ...], separator: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(value[at : at + size])
        at += size
    if at < len(value):
        parts.append(value[at:])
    return separator.join(part for part in parts if part)


def _fours(value: str, separator: str) -> str:
    return separator.join(value[i : i + 4] for i in range(0, len(value), 4))


def french_iban(rng: random.Random) -> str:
    """A French IBAN with a valid RIB key and valid check digits."""
    bank, branch, account = _digits(rng, 5), _digits(rng, 5), _digits(rng, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{key:02d}"
    return "FR" + stdnum_iban.calc_check_digits("FR00" + bban) + bban


def foreign_iban(rng: random.Random) -> str:
    """A German, Dutch, British or Swiss IBAN with valid check digits."""
    country, bban = rng.choice(
        [
            ("DE", _digits(rng, 18)),
            ("NL", "".join(rng.choice("ABNRI") for _ in range(4)) + _digits(rng, 10)),
            ("GB", "".join(rng.choice("WESTMIDL") for _ in range(4)) + _digits(rng, 14)),
            ("CH", _digits(rng, 17)),
        ]
    )
    return country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban


def nir(rng: random.Random) -> str:
    """A NIR with its key; one in five born in Corsica (2A, 2B)."""
    department = rng.choice(["2A", "2B"]) if rng.random() < 0.2 else f"{rng.randint(1, 95):02d}"
    body = (
        rng.choice("12")
        + _digits(rng, 2)
        + f"{rng.randint(1, 12):02d}"
        + department
        + f"{rng.randint(1, 999):03d}"
        + f"{rng.randint(1, 999):03d}"
    )
    return body + stdnum_nir.calc_check_digits(body)


def card(rng: random.Random) -> str:
    """A Visa, Mastercard or American Express number passing Luhn."""
    prefix, length = rng.choice([("4", 16), (str(rng.randint(51, 55)), 16), ("37", 15)])
    partial = prefix + _digits(rng, length - len(prefix) - 1)
    return partial + luhn.calc_check_digit(partial)


def bic(rng: random.Random) -> str:
    """A BIC of a plausible bank, country and location."""
    bank = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
    country = rng.choice(["FR", "DE", "BE", "IT", "ES", "LU"])
    branch = rng.choice(["", "XXX", "" + _digits(rng, 3)])
    return bank + country + rng.choice(["PP", "MM", "2A", "PY"]) + branch


def password(rng: random.Random) -> str:
    """A password as people write one: letters, digits and a symbol."""
    word = rng.choice(["Soleil", "Berthier", "Menuise", "Atelier", "Lyonnais"])
    return f"{word}{_digits(rng, 4)}{rng.choice('!#$&*+')}"


def token(rng: random.Random) -> str:
    """An API token of a kind detect-secrets knows."""
    alnum = string.ascii_letters + string.digits
    return rng.choice(
        [
            "ghp_" + "".join(rng.choice(alnum) for _ in range(36)),
            "AKIA" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
            "sk_live_" + "".join(rng.choice(alnum) for _ in range(24)),
            "glpat-" + "".join(rng.choice(alnum) for _ in range(20)),
        ]
    )


def _written(data_class: DataClass, value: str, rng: random.Random) -> str:
    """The value as someone would type it: grouped with some separator, or not."""
    separator = rng.choice(_SEPARATORS)
    if data_class is DataClass.IBAN:
        return _fours(value, separator)
    if data_class is DataClass.NIR:
        return _grouped(value, (1, 2, 2, 2, 3, 3, 2), separator)
    if data_class is DataClass.CARD:
        return (
            _grouped(value, (4, 6, 5), separator) if len(value) == 15 else _fours(value, separator)
        )
    return value


def _wrong(value: str, rng: random.Random) -> str:
    """The value with one digit changed: every checksum used here catches that."""
    places = [i for i, c in enumerate(value) if c.isdigit() and i >= 4]
    at = rng.choice(places)
    digit = rng.choice([d for d in string.digits if d != value[at]])
    return value[:at] + digit + value[at + 1 :]


# Each position: how a value is put in a body, for the classes that may stand there.
_POSITIONS: dict[str, Callable[[str, str], str]] = {
    "prose": lambda cue, shown: f"\nPour mémoire, {cue} {shown} (à vérifier).\n",
    "table": lambda cue, shown: f"\n| Élément | Valeur |\n|---|---|\n| {cue} | {shown} |\n",
    "code": lambda cue, shown: f"\n```text\n{cue} {shown}\n```\n",
    "list": lambda cue, shown: f"\n- {cue} {shown}\n",
}
_CUES = {
    DataClass.IBAN: "IBAN :",
    DataClass.BIC: "BIC :",
    DataClass.NIR: "NIR du salarié :",
    DataClass.CARD: "carte de l'entreprise :",
    DataClass.SECRET: "mot de passe :",
}

NEAR_MISSES = (
    "Commande CMD20260316000000000012345FR du 16 mars (27 caractères).",
    "Facture FAC-2026-004512 du 12/03/2026, montant 1 234 567,89 €.",
    "Appeler le 04 72 10 20 30, le +33 6 12 34 56 78 ou le 06.12.34.56.78.",
    "SIRET 73282932000074, SIREN 732 829 320, TVA FR40 303 265 045.",
    "Le mot de passe se change dans le coffre ; mot de passe : voir le coffre-fort.",
    "Référence de virement 2026-03-000451-AB, dossier n° 4521 8796 3325.",
    "Le DOCUMENT est signé ; le BIC est indiqué sur le RIB joint.",
)


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer holds `text`."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _minimal_docx(text: str) -> bytes:
    """A Word file of one paragraph holding `text`."""
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def _values(rng: random.Random) -> list[tuple[DataClass, str]]:
    """One valid value of each class (two kinds of IBAN, two of secret)."""
    return [
        (DataClass.IBAN, french_iban(rng)),
        (DataClass.IBAN, foreign_iban(rng)),
        (DataClass.BIC, bic(rng)),
        (DataClass.NIR, nir(rng)),
        (DataClass.CARD, card(rng)),
        (DataClass.SECRET, password(rng)),
        (DataClass.SECRET, token(rng)),
    ]


def _planted(path: str, data_class: DataClass, written: str) -> Planted:
    normalized = normalize(written)
    return Planted(path, data_class.value, fingerprint(data_class, normalized))


def _plant_document(
    text: str, path: str, rng: random.Random
) -> tuple[str, list[Planted], list[tuple[str, bytes]], int]:
    """The document with values in every position, its attachments, its near-misses."""
    planted: list[Planted] = []
    blocks: list[str] = ["\n## Données de test\n"]
    for data_class, value in _values(rng):
        position = rng.choice(list(_POSITIONS))
        written = _written(data_class, value, rng)
        blocks.append(_POSITIONS[position](_CUES[data_class], written))
        planted.append(_planted(path, data_class, written))
        if data_class is not DataClass.SECRET and data_class is not DataClass.BIC:
            blocks.append(
                f"\nNe pas confondre avec {_written(data_class, _wrong(value, rng), rng)}.\n"
            )
    link_iban = french_iban(rng)
    blocks.append(f"\n[Portail de paiement](https://banque.example/virement?iban={link_iban})\n")
    planted.append(_planted(path, DataClass.IBAN, link_iban))
    blocks += [f"\n{line}\n" for line in NEAR_MISSES]
    near = len(NEAR_MISSES) + 4
    header_end = _HEADER_END.search(text, 4)
    assert header_end is not None
    title_iban = french_iban(rng)
    header = _TITLE.sub(f'title: "Virement {_fours(title_iban, " ")}"', text[: header_end.start()])
    header = _ACCESS.sub("access: [staff, provider]", header)
    planted.append(_planted(path, DataClass.IBAN, title_iban))
    attachments: list[tuple[str, bytes]] = []
    stem = path.rsplit("/", 1)[1].removesuffix(".md")
    folder = path.rsplit("/", 1)[0]
    for suffix in ("txt", "csv", "pdf", "docx"):
        name = f"{stem}-annexe.{suffix}"
        value = french_iban(rng) if suffix != "csv" else nir(rng)
        data_class = DataClass.NIR if suffix == "csv" else DataClass.IBAN
        shown = _written(data_class, value, rng) if suffix in ("txt", "csv") else _fours(value, " ")
        content = {
            "txt": f"Relevé d'identité bancaire\nIBAN : {shown}\n".encode(),
            "csv": f"salarié;nir\nDupont;{shown}\n".encode(),
            "pdf": _minimal_pdf(f"IBAN {shown}"),
            "docx": _minimal_docx(f"IBAN {shown}"),
        }[suffix]
        attachments.append((f"{folder}/{name}", content))
        planted.append(_planted(f"{folder}/{name}", data_class, shown))
        blocks.append(f"\n[Annexe {suffix}]({name})\n")
    body = text[header_end.start() :] + "".join(blocks)
    return header + body, planted, attachments, near


def generate_sensitive(target: Path, *, documents: int = 40, seed: int = 14) -> Corpus:
    """Write the corpus at `target` (replacing it): `documents` planted copies of sample ones."""
    if target.exists():
        shutil.rmtree(target)
    for name in ("procedures", "access_policies", "site_src"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    rng = random.Random(seed)
    sources = sorted((REPO / "procedures").rglob("*.md"))
    planted: list[Planted] = []
    near = 0
    for number in range(documents):
        source = sources[number % len(sources)]
        relative = source.relative_to(REPO).with_name(f"{source.stem}-garde-{number:03d}.md")
        path = relative.as_posix()
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^id: (\S+)$", rf"id: \1-G{number:03d}", text, count=1, flags=re.M)
        text, found, attachments, misses = _plant_document(text, path, rng)
        (target / relative).write_text(text, encoding="utf-8")
        for attachment, content in attachments:
            (target / attachment).write_bytes(content)
        planted += found
        near += misses
    return Corpus(target, tuple(planted), near)


def measure(corpus: Corpus) -> tuple[float, int, int]:
    """Recall, false findings and missed values of `check` on the corpus."""
    from datetime import date

    from classeur.binder.check import check

    report = check(corpus.root, today=date.fromisoformat(REFERENCE_DAY))
    found = {
        (f.path, match[1])
        for f in report.findings
        if f.code == "sensitive-data"
        and (match := re.search(r"fingerprint ([0-9a-f]{12})", f.message))
    }
    expected = {(p.path, p.fingerprint) for p in corpus.planted}
    hits = len(found & expected)
    return hits / len(expected), len(found - expected), len(expected - found)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", type=Path)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--measure", action="store_true")
    arguments = parser.parse_args()
    corpus = generate_sensitive(arguments.target, documents=arguments.documents)
    summary: dict[str, float] = {"planted": len(corpus.planted), "near_misses": corpus.near_misses}
    if arguments.measure:
        recall, false, missed = measure(corpus)
        summary |= {"recall": recall, "false_findings": false, "missed": missed}
    print(json.dumps(summary))
