"""Generate the pilotage benchmark's binder: 60 indicators, 60 months of measurements
and a 3,000-commit history of documents edited and reviewed over those five years.

The documents are bench/generate.py's synthetic ones (an `sla` added names their
function's indicators); access_policies/ is the sample's, with its indicators.yml
replaced by the generated contract. Every file reaches the repository through
commits dated month by month: the measurements of each month are committed early
the next month (a few late, a few corrected afterwards), the documents are edited
by the provider and reviewed by their owners, so that `classeur report` has
submission days, corrections, review debt and repeated edits to reconstruct. The
history is written with one `git fast-import` stream (3,000 `git commit`
processes would take minutes), then checked out.

    python -m bench.generate_pilotage /tmp/pilotage-bench
    python -m bench.generate_pilotage /tmp/pilotage-bench --documents 1000 --commits 3000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from bench.generate import FUNCTIONS, REFERENCE_DAY, REPO, document

MONTHS = 60
INDICATORS = 60
COMMITS = 3000
DOCUMENTS = 500
CORRECTIONS = 12  # past values changed after submission, spread over the five years
HEADER = "periode;indicateur;valeur;echantillon;commentaire\n"
PROVIDER = ("lucas.martin", "emma.petit", "hugo.leroy", "lea.fontaine", "nicolas.chevalier")
_NBSP = "\u202f"  # narrow no-break space: the thousands separator French tools export


@dataclass(frozen=True)
class Template:
    """One kind of indicator: its words, unit, direction and the range of its target."""

    kind: str
    label: str
    unit: str
    direction: str
    target: tuple[float, float]
    warning: float | None  # offset from the target, toward the worse side
    integer: bool = False


TEMPLATES = (
    Template("delai", "Délai de traitement des demandes", "jours ouvrés", "lower", (2, 5), 1),
    Template("erreurs", "Taux de dossiers avec erreur", "%", "lower", (1, 3), 1),
    Template("satisfaction", "Satisfaction des services internes", "%", "higher", (80, 90), 5),
    Template("bruit", "Demandes de clarification reçues", "nombre", "lower", (10, 20), 5, True),
    Template("volume", "Dossiers traités", "nombre", "higher", (800, 1500), None, True),
    Template("delai", "Délai de réponse aux sollicitations", "heures", "lower", (24, 48), 12),
    Template("erreurs", "Montant des avoirs pour erreur", "€", "lower", (4000, 8000), 2000, True),
    Template("bruit", "Demandes d'arbitrage", "nombre", "lower", (3, 6), 2, True),
)


@dataclass(frozen=True)
class Indicator:
    id: str
    function: str
    template: Template
    target: float
    access: tuple[str, ...]
    reported_by: str


@dataclass
class Doc:
    """One document's state as the history goes: header lines, review day, edits."""

    path: str
    owner: str
    header: list[str]
    body: str
    last_reviewed: date
    reviewed_by: str
    edits: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [
            f"last_reviewed: {self.last_reviewed.isoformat()}"
            if line.startswith("last_reviewed:")
            else f"reviewed_by: {self.reviewed_by}"
            if line.startswith("reviewed_by:")
            else line
            for line in self.header
        ]
        return "---\n" + "\n".join(lines) + "\n---\n" + self.body + "".join(self.edits)


def months(last: date, count: int) -> list[date]:
    """The first days of the `count` months ending with `last`'s month, oldest first."""
    firsts, day = [], last.replace(day=1)
    for _ in range(count):
        firsts.append(day)
        day = (day - timedelta(days=1)).replace(day=1)
    return firsts[::-1]


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def indicators(count: int, rng: random.Random) -> list[Indicator]:
    """`count` indicators spread over the functions, every template in turn."""
    access = _function_access()
    found = []
    for index in range(count):
        function = list(FUNCTIONS)[index % len(FUNCTIONS)]
        prefix = FUNCTIONS[function][0]
        template = TEMPLATES[(index // len(FUNCTIONS)) % len(TEMPLATES)]
        low, high = template.target
        target = round(rng.uniform(low, high))  # contracts name round figures
        restricted = index % 10 == 9  # one in ten for the direction only, reported by the company
        tags = (
            ("management",)
            if restricted
            else tuple(dict.fromkeys([*access[function], "management"]))
        )
        found.append(
            Indicator(
                f"{prefix}-I{index // len(FUNCTIONS) + 1:02d}",
                function,
                template,
                float(target),
                tags,
                "company" if restricted else "provider",
            )
        )
    return found


def _function_access() -> dict[str, list[str]]:
    functions = yaml.safe_load((REPO / "access_policies" / "functions.yml").read_text("utf-8"))
    return {f["id"]: f.get("access", []) for f in functions["functions"]}


def indicators_yml(found: list[Indicator]) -> str:
    """access_policies/indicators.yml for those indicators (default signal settings)."""
    lines = ["# Generated by bench/generate_pilotage.py: the benchmark's contract.", "indicators:"]
    for indicator in found:
        template = indicator.template
        lines += [
            f"  - id: {indicator.id}",
            f"    function: {indicator.function}",
            f'    label: "{template.label} ({indicator.id})"',
            f'    unit: "{template.unit}"',
            f"    direction: {template.direction}",
            f"    kind: {template.kind}",
            f"    target: {_yaml_number(indicator.target)}",
        ]
        if template.warning is not None:
            sign = 1 if template.direction == "lower" else -1
            lines.append(f"    warning: {_yaml_number(indicator.target + sign * template.warning)}")
        lines += [
            f"    reported_by: {indicator.reported_by}",
            f"    access: [{', '.join(indicator.access)}]",
        ]
    return "\n".join(lines) + "\n"


def _yaml_number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def french(value: float, integer: bool) -> str:
    """A value as a French spreadsheet exports it: decimal comma, thin thousands space."""
    text = f"{round(value):,d}" if integer else f"{value:,.1f}"
    return text.replace(",", _NBSP).replace(".", ",")


def series(indicator: Indicator, count: int, rng: random.Random) -> list[float]:
    """A random walk pulled back toward a level on the right side of the target."""
    template, target = indicator.template, indicator.target
    spread = (template.warning or target * 0.1) * 0.6
    better = -1 if template.direction == "lower" else 1
    home = target + better * rng.uniform(0.3, 0.9) * spread
    level, values = home, []
    for _ in range(count):
        level += 0.2 * (home - level) + rng.gauss(0, spread * 0.25)
        values.append(_bounded(indicator, level + rng.gauss(0, spread * 0.2)))
    return values


def _bounded(indicator: Indicator, value: float) -> float:
    """A value the indicator can take: not negative, a rate within 100, whole counts."""
    value = max(0.0, min(100.0, value) if indicator.template.unit == "%" else value)
    return float(round(value)) if indicator.template.integer else round(value, 1)


def measurement_file(period: date, rows: list[tuple[Indicator, float]], rng: random.Random) -> str:
    lines = [HEADER]
    for indicator, value in rows:
        sample = str(rng.randint(40, 600)) if indicator.template.unit == "%" else ""
        comment = "Pic d'activité de fin de trimestre" if rng.random() < 0.03 else ""
        text = french(value, indicator.template.integer)
        lines.append(f"{period:%Y-%m};{indicator.id};{text};{sample};{comment}\n")
    return "".join(lines)


def documents(count: int, found: list[Indicator], start: date, rng: random.Random) -> list[Doc]:
    """The synthetic documents, reviewed within the year before `start`."""
    ids: dict[str, list[str]] = {}
    for indicator in found:
        ids.setdefault(indicator.function, []).append(indicator.id)
    docs = []
    for index in range(count):
        path, text = document(index, count, rng)
        header, body = text[4:].split("\n---\n", 1)
        function = re.search(r"^function: (\S+)$", header, re.MULTILINE)
        assert function is not None
        wanted = ids.get(function[1], [])[:2]
        lines = header.splitlines() + ([f"sla: [{', '.join(wanted)}]"] if wanted else [])
        owner = FUNCTIONS[function[1]][1]
        reviewed = start - timedelta(days=rng.randint(0, 330))
        docs.append(Doc(path, owner, lines, body, reviewed, owner))
    return docs


@dataclass(frozen=True)
class Event:
    """One commit of the history: when, who, what, and the files it writes."""

    when: datetime
    email: str
    message: str
    files: tuple[tuple[str, bytes], ...]


def _stamp(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year, day.month, day.day, rng.randint(8, 18), rng.randint(0, 59), tzinfo=UTC
    )


def history(
    docs: list[Doc],
    found: list[Indicator],
    firsts: list[date],
    commits: int,
    rng: random.Random,
) -> Iterator[Event]:
    """Every commit after the first, in date order, applying each to the documents."""
    values = {i.id: series(i, len(firsts), rng) for i in found}
    plans: list[tuple[datetime, str, int]] = []  # (when, what, which)
    for index, first in enumerate(firsts):
        due = next_month(first)
        day = due + timedelta(days=rng.randint(11, 20) if rng.random() < 0.1 else rng.randint(2, 8))
        plans.append((_stamp(day, rng), "measurements", index))
    for _ in range(CORRECTIONS):
        index = rng.randrange(len(firsts) - 1)
        day = next_month(next_month(firsts[index])) + timedelta(days=rng.randint(10, 25))
        plans.append((_stamp(day, rng), "correction", index))
    remaining = commits - 1 - len(plans)
    for index in range(remaining):
        first = firsts[index * len(firsts) // remaining]
        plans.append((_stamp(first + timedelta(days=rng.randint(0, 27)), rng), "document", index))
    plans.sort()
    submitted: dict[int, str] = {}
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(docs))]  # a few documents churn
    for when, what, index in plans:
        if what == "measurements":
            rows = [(i, values[i.id][index]) for i in found]
            submitted[index] = measurement_file(firsts[index], rows, rng)
            path = f"pilotage/mesures/{firsts[index]:%Y-%m}.csv"
            message = f"mesures({firsts[index]:%Y-%m}): transmission mensuelle"
            yield Event(when, _provider(rng), message, ((path, submitted[index].encode()),))
        elif what == "correction" and index in submitted:
            yield _correction(when, firsts[index], submitted, index, found, rng)
        elif what == "document":
            yield _document_commit(when, docs, weights, rng)


def _provider(rng: random.Random) -> str:
    return f"{rng.choice(PROVIDER)}@bo-conseil.fr"


def _correction(
    when: datetime,
    period: date,
    submitted: dict[int, str],
    index: int,
    found: list[Indicator],
    rng: random.Random,
) -> Event:
    """A value of a past period changed after submission (recomputed, says the comment)."""
    lines = submitted[index].splitlines(keepends=True)
    row = rng.randrange(1, len(lines))
    fields = lines[row].split(";")
    indicator = next(i for i in found if i.id == fields[1])
    old = float(fields[2].replace(_NBSP, "").replace(",", "."))
    new = _bounded(
        indicator, old + (1 if indicator.template.integer else 0.3) * rng.choice((-1, 1))
    )
    if new == old:
        new = _bounded(indicator, old + (1 if indicator.template.integer else 0.3))
    fields[2] = french(new, indicator.template.integer)
    fields[4] = "Valeur corrigée après recalcul\n"
    lines[row] = ";".join(fields)
    submitted[index] = "".join(lines)
    path = f"pilotage/mesures/{period:%Y-%m}.csv"
    message = f"mesures({period:%Y-%m}): correction de {fields[1]}"
    return Event(when, _provider(rng), message, ((path, submitted[index].encode()),))


def _document_commit(
    when: datetime, docs: list[Doc], weights: list[float], rng: random.Random
) -> Event:
    chosen = list(
        {id(d): d for d in rng.choices(docs, weights=weights, k=rng.randint(1, 3))}.values()
    )
    if rng.random() < 0.25:  # an owner catches up on their reviews, oldest first, not all
        reviewer = rng.choice(sorted({d.owner for d in docs}))
        mine = sorted((d for d in docs if d.owner == reviewer), key=lambda d: d.last_reviewed)
        chosen = mine[: rng.randint(1, 4)]
        for doc in chosen:
            doc.last_reviewed, doc.reviewed_by = when.date(), doc.owner
        message = f"review({len(chosen)}): reviewed by {reviewer}"
        email = f"{reviewer}@menuiseries-berthier.fr"
    else:
        for doc in chosen:
            doc.edits.append(f"\nMise à jour du {when:%d/%m/%Y} : {rng.random():.6f}.\n")
        message = f"Mise à jour de {len(chosen)} procédure(s)"
        email = _provider(rng)
    return Event(when, email, message, tuple((d.path, d.text().encode()) for d in chosen))


def fast_import(events: Iterator[Event]) -> Iterator[bytes]:
    """The `git fast-import` stream of `events`, one commit each on refs/heads/main."""
    for mark, event in enumerate(events, start=1):
        name = event.email.split("@")[0]
        stamp = f"{name} <{event.email}> {int(event.when.timestamp())} +0000"
        message = event.message.encode()
        yield (
            (
                f"commit refs/heads/main\nmark :{mark}\nauthor {stamp}\ncommitter {stamp}\n"
                f"data {len(message)}\n"
            ).encode()
            + message
            + b"\n"
        )
        if mark > 1:
            yield f"from :{mark - 1}\n".encode()
        for path, data in event.files:
            yield f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"
        yield b"\n"


def initial(docs: list[Doc], found: list[Indicator], when: datetime) -> Event:
    """The first commit: policy, site configuration and every document."""
    files = []
    for folder in ("access_policies", "site_src"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.name != "indicators.yml":
                files.append((path.relative_to(REPO).as_posix(), path.read_bytes()))
    files.append(("access_policies/indicators.yml", indicators_yml(found).encode()))
    files.append(("mkdocs.yml", (REPO / "mkdocs.yml").read_bytes()))
    files += [(d.path, d.text().encode()) for d in docs]
    return Event(
        when, "claire.berthier@menuiseries-berthier.fr", "Création du classeur", tuple(files)
    )


def generate_pilotage(
    target: Path,
    *,
    documents_count: int = DOCUMENTS,
    indicators_count: int = INDICATORS,
    months_count: int = MONTHS,
    commits: int = COMMITS,
    seed: int = 12,
) -> Path:
    """Write the binder and its history at `target` (replacing it) and return it."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rng = random.Random(seed)
    last = (REFERENCE_DAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    firsts = months(last, months_count)
    found = indicators(indicators_count, rng)
    docs = documents(documents_count, found, firsts[0], rng)
    first = initial(docs, found, _stamp(firsts[0], rng).replace(hour=7))
    events = [first, *history(docs, found, firsts, commits, rng)]
    _git(target, "init", "-q", "-b", "main")
    stream = b"".join(fast_import(iter(events)))
    _git(target, "fast-import", "--quiet", "--done", stdin=stream + b"done\n")
    _git(target, "reset", "-q", "--hard", "main")
    return target


def _git(root: Path, *args: str, stdin: bytes | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=root, env=env, input=stdin, check=True, capture_output=True)


def summary(root: Path) -> str:
    """One line saying what was generated, counted from the repository itself."""
    count = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    files = sorted((root / "pilotage" / "mesures").glob("*.csv"))
    indicators_found = (
        (root / "access_policies" / "indicators.yml").read_text("utf-8").count("  - id:")
    )
    docs = sum(1 for _ in (root / "procedures").rglob("*.md"))
    span = f"{files[0].stem} .. {files[-1].stem}" if files else "none"
    return (
        f"{root}: {docs} documents, {indicators_found} indicators, {len(files)} months of "
        f"measurements ({span}), {count} commits"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", type=Path)
    parser.add_argument("--documents", type=int, default=DOCUMENTS)
    parser.add_argument("--indicators", type=int, default=INDICATORS)
    parser.add_argument("--months", type=int, default=MONTHS)
    parser.add_argument("--commits", type=int, default=COMMITS)
    arguments = parser.parse_args()
    root = generate_pilotage(
        arguments.target,
        documents_count=arguments.documents,
        indicators_count=arguments.indicators,
        months_count=arguments.months,
        commits=arguments.commits,
    )
    print(summary(root))
