"""No output shows a sensitive value (#14): planted values, every output format grepped for
every way of writing them.

`check` in text, JSON, GitHub and JUnit; `pr-check` in every format; what `watch`
prints; `search`'s results and the index it stores; a build's log.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from tests.conftest import POLICY, doc, make_binder
from tests.gitrepo import commit, git

DAY = "2026-03-01"
IBAN = "FR7630006000011234567890189"
IBAN_TITLE = "ES9121000418450200051332"
IBAN_ATTACHED = "DE89370400440532013000"
NIR = "185057800608491"
CARD = "5555555555554444"
BIC = "BNPAFRPP"
PASSWORD = "Tr0ub4dor&3"
BASIC = "S3cretPass2026"
TOKEN = "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
NUMBERS = (IBAN, IBAN_TITLE, IBAN_ATTACHED, NIR, CARD)
WORDS = (BIC, PASSWORD, BASIC, TOKEN)


def grouped(value: str, sizes: tuple[int, ...], separator: str) -> str:
    parts, at = [], 0
    for size in (*sizes, len(value)):
        parts.append(value[at : at + size])
        at += size
    return separator.join(part for part in parts if part)


def spellings() -> Iterator[str]:
    """Every planted value as it could be written, and the part its mask hides."""
    for value in NUMBERS:
        hidden = value[4:-4] if value[:2].isalpha() else value[1:-4]
        yield from (value, value.lower(), hidden)
        for separator in (" ", "-", ".", "\u00a0"):
            yield grouped(value, (4, 4, 4, 4, 4, 4), separator)
            yield grouped(value, (1, 2, 2, 2, 3, 3), separator)
    yield from WORDS


def spaced(value: str) -> str:
    return grouped(value, (4, 4, 4, 4, 4, 4), " ")


BODY = f"""\
Payer les fournisseurs sur {spaced(IBAN)}, BIC : {BIC}.

| Salarié | NIR |
|---|---|
| Dupont | {grouped(NIR, (1, 2, 2, 2, 3, 3), " ")} |

```text
carte {grouped(CARD, (4, 4, 4), "-")}
```

Mot de passe : {PASSWORD}

[Intranet](https://admin:{BASIC}@intranet.example.fr/)

Jeton {TOKEN}

[Relevé](releve.txt)
"""
FILES = {
    "procedures/a.md": doc(title=f'"Payer sur {spaced(IBAN_TITLE)}"', body=BODY),
    "procedures/releve.txt": f"Relevé du compte {grouped(IBAN_ATTACHED, (4,) * 5, '.')}\n",
}


def leaks(output: str) -> list[str]:
    return [spelling for spelling in spellings() if spelling in output]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_binder(tmp_path, FILES)


def test_the_planted_values_are_really_in_the_binder(root):
    text = (root / "procedures/a.md").read_text(encoding="utf-8")
    text += (root / "procedures/releve.txt").read_text(encoding="utf-8")
    assert len(leaks(text)) == len(NUMBERS) + len(WORDS)


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_check_shows_every_value_masked_in_every_format(root, fmt):
    output = run("check", "--root", str(root), "--today", DAY, "--format", fmt)
    assert "sensitive-data" in output
    assert leaks(output) == []


def test_check_reports_each_planted_value(root):
    output = run("check", "--root", str(root), "--today", DAY, "--format", "text")
    assert output.count(": sensitive-data: ") == len(NUMBERS) + len(WORDS)


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    repo = make_binder(tmp_path, {})
    commit(
        repo,
        {**POLICY, "procedures/a.md": doc(), "mkdocs.yml": "site_name: x\n"},
        "base",
        day="2026-01-10",
    )
    git(repo, "checkout", "-q", "-b", "pr")
    commit(repo, FILES, "coordonnées", day="2026-01-11", email="vendor@example.fr")
    return repo


@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_pr_check_shows_no_value_in_any_format(pull_request, fmt):
    output = run("pr-check", "main", "--root", str(pull_request), "--format", fmt)
    assert "procedures/a.md" in output
    assert leaks(output) == []


def test_watch_prints_no_value_before_or_after_a_save(root, monkeypatch):
    def one_save(watched: Path, on_change, stop) -> None:
        added = doc(id="OPS-002", body=f"Nouveau compte {IBAN} et {PASSWORD}.\n")
        (watched / "procedures/b.md").write_text(added, encoding="utf-8")
        on_change({"procedures/b.md"})

    monkeypatch.setattr("classeur.live.watch.watch", one_save)
    output = run("watch", "--root", str(root), "--today", DAY)
    assert "+ error: procedures/b.md:12:16: sensitive-data" in output
    assert leaks(output) == []


def test_search_results_show_no_value(root):
    output = run("search", "payer", "fournisseurs", "--root", str(root), "--audience", "staff")
    assert "PAYER les FOURNISSEURS" in output and "FR76 •••• •••• •••• •••• •••• 189" in output
    assert leaks(output) == []


def test_search_json_results_show_no_value(root):
    output = run("search", "relevé", "--root", str(root), "--audience", "staff", "--format", "json")
    assert "releve.txt" in output
    assert leaks(output) == []


def test_the_search_index_stores_no_value(root):
    from whoosh import index

    run("search", "payer", "--root", str(root), "--audience", "staff")
    opened = index.open_dir(str(root / ".classeur/index/staff"))
    with opened.searcher() as searcher:
        stored = "\n".join(f"{d['title']}\n{d['body']}" for d in searcher.all_stored_fields())
    assert "Payer les fournisseurs" in stored and "Relevé du compte" in stored
    assert leaks(stored) == []


def test_a_refused_build_logs_no_value(root, tmp_path):
    output = run(
        "build", "--all", "--root", str(root), "--today", DAY, "--no-history",
        "--out", str(tmp_path / "public"),
    )  # fmt: skip
    assert "sensitive-data" in output
    assert leaks(output) == []


def test_a_finding_of_another_rule_quoting_a_value_masks_it_at_its_source(tmp_path):
    from datetime import date

    from classeur.binder.check import check

    root = make_binder(tmp_path, {"procedures/a.md": doc(body=f"[Relevé](releve-{IBAN}.pdf)\n")})
    [broken] = [f for f in check(root, today=date(2026, 3, 1)).findings if f.code == "broken-link"]
    assert broken.message == (
        'link "releve-FR76 •••• •••• •••• •••• •••• 189.pdf" points to procedures/releve-FR76 '
        "•••• •••• •••• •••• •••• 189.pdf, which does not exist. Fix the path (relative to "
        "this file) or remove the link."
    )


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_check_outputs_mask_a_value_whatever_finding_quotes_it(fmt):
    from datetime import date

    from classeur.binder.output import render
    from classeur.model.findings import Finding
    from classeur.model.policy import Policy
    from classeur.model.report import Report

    quoting = Finding("procedures/a.md", 3, "some-rule", f"the text says {spaced(IBAN)}.")
    report = Report((quoting,), (), Policy(), date(2026, 3, 1), 1)
    output = render(report, fmt)
    assert "the text says FR76 •••• •••• •••• •••• •••• 189." in output
    assert leaks(output) == []
