from __future__ import annotations

from pathlib import Path

from bench.generate_sensitive import generate_sensitive
from classeur.model.sensitive import find_sensitive, locate
from classeur.rules.sensitive_versions import scan_texts

IBAN = "FR76 3000 4000 3100 0123 4567 865"
NIR = "2 69 05 49 588 157 80"
PASSWORD = "K9#vLm2qPz"


def corpus_texts(tmp_path: Path) -> dict[str, str]:
    corpus = generate_sensitive(tmp_path / "guard", documents=24, seed=14)
    texts = {}
    for path in sorted((corpus.root / "procedures").rglob("*")):
        if path.suffix in {".md", ".txt", ".csv"}:
            texts[path.as_posix()] = path.read_text(encoding="utf-8")
    extra = {
        "tableau": "| Fournisseur | BIC |\n|---|---|\n| Bois | AGRIFRPP |\n",
        "rangée seule": "| Bois | AGRIFRPP |\n",  # no header naming a BIC: not one here
        "clé": "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",
        "crlf": f"Ligne\r\nIBAN : {IBAN}\r\nMot de passe : {PASSWORD}\r\n",
        "début": f"{NIR} en première ligne",
    }
    return texts | extra


def test_scanning_line_by_line_finds_what_a_whole_scan_finds(tmp_path):
    texts = corpus_texts(tmp_path)
    scanned = scan_texts(texts)
    for name, text in texts.items():
        whole = [
            (v.data_class, v.fingerprint, *locate(text, v.start)) for v in find_sensitive(text)
        ]
        by_line = [
            (f.value.data_class, f.value.fingerprint, f.line, f.column) for f in scanned[name]
        ]
        assert (name, by_line) == (name, whole)
    assert sum(len(found) for found in scanned.values()) > 24 * 10  # the corpus plants values


def test_a_line_shared_by_two_texts_is_found_at_its_place_in_each():
    shared = f"IBAN : {IBAN}"
    scanned = scan_texts({"a": f"{shared}\n", "b": f"Titre\n\n{shared}\n"})
    assert {key: [(f.line, f.column) for f in found] for key, found in scanned.items()} == {
        "a": [(1, 8)],
        "b": [(3, 8)],
    }
