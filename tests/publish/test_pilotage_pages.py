"""The Pilotage section of a site: pages, charts, navigation, what each audience reads."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.git.history import load_history
from classeur.model.indicators import Period
from classeur.model.report import Report
from classeur.pilotage.records import (
    Compliance,
    DebtPoint,
    FunctionPack,
    Point,
    Series,
    Signal,
    SteeringPack,
)
from classeur.publish.build import build_sites
from classeur.publish.manifest import build_manifest
from classeur.publish.navigation import navigation
from classeur.publish.pages import generated_pages
from classeur.publish.pilotage_pages import (
    INDEX,
    audience_pack,
    pilotage_files,
    pilotage_section,
    site_month,
)
from classeur.publish.regions import Markers
from classeur.publish.staging import stage
from classeur.site.render import MKDOCS
from tests.conftest import doc, make_binder
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
MONTH = Period(2026, 2)
NBSP = "\u00a0"
INDICATORS = """\
indicators:
  - {id: OPS-DELAI, function: ops, label: délai de traitement, unit: heures,
     direction: lower, kind: delai, target: 24, warning: 36, reported_by: provider,
     access: [staff, provider]}
  - {id: OPS-SECRET, function: ops, label: arbitrages de direction, unit: nombre,
     direction: lower, kind: bruit, target: 4, reported_by: company, access: [secret]}
"""


@pytest.fixture
def root(tmp_path) -> Path:
    return make_site_binder(
        tmp_path / "binder",
        {
            "access_policies/indicators.yml": INDICATORS,
            "procedures/a.md": doc(title="Traiter les demandes", sla="[OPS-DELAI]"),
            "procedures/b.md": doc(id="OPS-002", title="Brouillon", status="draft"),
        },
    )


@pytest.fixture
def report(root) -> Report:
    return check(root, today=TODAY, keep_bodies=True)


def delay_series(report: Report) -> Series:
    return Series(
        report.policy.indicators["OPS-DELAI"],
        (
            Point(Period(2026, 1), 20, Compliance.MET, sample_size=40),
            Point(MONTH, 30.5, Compliance.WATCH, comment="retard <b>ponctuel</b>"),
        ),
    )


def pack_of(report: Report, *functions: FunctionPack) -> SteeringPack:
    debt = (DebtPoint(MONTH, 1, (("ops", 1),)),)
    return SteeringPack(MONTH, "provider", functions, debt, TODAY)


def ops(report: Report, *signals: Signal) -> FunctionPack:
    return FunctionPack("ops", "Opérations", (delay_series(report),), signals, ("OPS-001",))


SIGNAL = Signal(
    "reporting-peu-fiable",
    "Reporting peu fiable",
    "ops",
    "janvier 2026 transmis le 12 février 2026",
    None,
    ("OPS-001", "OPS-002"),
)


def section(report: Report, pack: SteeringPack):
    manifest = build_manifest(report, "provider", include_drafts=False, files=report.files)
    return pilotage_section(report, pack, manifest)


def test_the_index_lists_each_indicator_its_status_and_the_weak_signals(report):
    pages = section(report, pack_of(report, ops(report, SIGNAL))).pages
    assert pages[INDEX] == (
        "# Pilotage de la prestation\n"
        "\n"
        "Indicateurs du contrat pour **février 2026**, tels que ce site (Prestataire) peut les "
        "lire. Mesures de février 2026 attendues au plus tard le 10 mars 2026 ; état au 1er mars "
        "2026.\n"
        "\n"
        "En février 2026 : 1 indicateur — 0 respecté, 1 à surveiller, 0 non respecté, "
        "0 non transmis ; 1 signal faible.\n"
        "\n"
        "## Indicateurs par fonction\n"
        "\n"
        "<table>\n"
        "<thead><tr><th>Fonction</th><th>Indicateur</th><th>Cible</th><th>Février 2026</th>"
        "<th>Statut</th></tr></thead>\n"
        "<tbody>\n"
        '<tr><td rowspan="1"><a href="ops.md">Opérations</a></td><td>OPS-DELAI délai de '
        f"traitement</td><td>≤{NBSP}24{NBSP}h</td><td>30,5{NBSP}h</td><td>⚠ à surveiller</td>"
        "</tr>\n"
        "</tbody>\n"
        "</table>\n"
        "\n"
        "## Signaux faibles\n"
        "\n"
        "<ul>\n"
        "<li><strong>Reporting peu fiable</strong> — Opérations : janvier 2026 transmis le "
        '12 février 2026. À regarder : <a href="../procedures/a.md">OPS-001 Traiter les '
        "demandes</a>, OPS-002 Brouillon.</li>\n"
        "</ul>\n"
        "\n"
        "## Dette de revue\n"
        "\n"
        "<table>\n"
        "<thead><tr><th>Fin de mois</th><th>Documents en retard de revue</th></tr></thead>\n"
        "<tbody>\n"
        "<tr><td>févr. 2026</td><td>1</td></tr>\n"
        "</tbody>\n"
        "</table>\n"
        "\n"
    )


def test_a_function_page_shows_each_chart_beside_its_values(report):
    page = section(report, pack_of(report, ops(report))).pages["pilotage/ops.md"]
    alt = (
        "délai de traitement, de janvier 2026 à février 2026 ; février 2026 : "
        f"30,5{NBSP}h (⚠ à surveiller) ; cible ≤{NBSP}24{NBSP}h, à surveiller jusqu&#x27;à "
        f"36{NBSP}h."
    )
    assert (
        "## OPS-DELAI — délai de traitement\n"
        "\n"
        f"<p>Cible ≤{NBSP}24{NBSP}h, à surveiller jusqu&#x27;à 36{NBSP}h · déclaré par le "
        f"prestataire. Février 2026 : <strong>30,5{NBSP}h</strong> — <strong>⚠ à surveiller"
        "</strong>.</p>\n"
        "\n"
        f'<p class="classeur-chart"><img src="graphiques/OPS-DELAI.svg" alt="{alt}" '
        'width="640" height="320"></p>\n'
        "\n"
        "<table>\n"
        "<thead><tr><th>Mois</th><th>Valeur</th><th>Statut</th><th>Échantillon</th>"
        "<th>Commentaire</th></tr></thead>\n"
        "<tbody>\n"
        f"<tr><td>janv. 2026</td><td>20{NBSP}h</td><td>✓ respecté</td><td>40</td><td>—</td>"
        "</tr>\n"
        f"<tr><td>févr. 2026</td><td>30,5{NBSP}h</td><td>⚠ à surveiller</td><td>—</td>"
        "<td>retard &lt;b&gt;ponctuel&lt;/b&gt;</td></tr>\n"
        "</tbody>\n"
        "</table>\n"
        "\n"
        'Procédures concernées : <a href="../procedures/a.md">OPS-001 Traiter les demandes</a>.\n'
    ) in page


def test_a_function_page_lists_the_documents_changed_in_the_month(report):
    page = section(report, pack_of(report, ops(report))).pages["pilotage/ops.md"]
    assert page.endswith(
        "## Documents modifiés en février 2026\n"
        "\n"
        '<a href="../procedures/a.md">OPS-001 Traiter les demandes</a>.\n'
    )


def test_charts_are_files_beside_the_pages(report):
    charts = section(report, pack_of(report, ops(report))).charts
    assert list(charts) == ["pilotage/graphiques/OPS-DELAI.svg"]
    assert charts["pilotage/graphiques/OPS-DELAI.svg"].startswith("<svg ")
    assert "<script" not in charts["pilotage/graphiques/OPS-DELAI.svg"]


def test_a_function_with_no_readable_indicator_has_no_page(report):
    signals_only = FunctionPack("ops", "Opérations", (), (SIGNAL,), ())
    built = section(report, pack_of(report, signals_only))
    assert (list(built.pages), dict(built.charts)) == ([INDEX], {})
    assert "<strong>Reporting peu fiable</strong> — Opérations" in built.pages[INDEX]


def test_the_audit_expects_only_the_indicators_an_audience_reads(report):
    assert pilotage_files(report, "provider") == {
        "pilotage/index.html",
        "pilotage/ops/index.html",
        "pilotage/graphiques/OPS-DELAI.svg",
    }
    assert "pilotage/graphiques/OPS-SECRET.svg" in pilotage_files(report, "management")


def test_a_binder_without_indicators_has_no_pilotage(tmp_path):
    root = make_binder(tmp_path, {"procedures/a.md": doc()})
    report = check(root, today=TODAY)
    assert (pilotage_files(report, "staff"), audience_pack(root, report, "staff")) == (set(), None)


def test_the_site_shows_the_last_complete_month():
    assert (site_month(date(2026, 11, 16)), site_month(date(2026, 1, 3))) == (
        Period(2026, 10),
        Period(2025, 12),
    )


def test_the_navigation_has_one_pilotage_entry_after_the_functions(report):
    manifest = build_manifest(report, "provider", include_drafts=False, files=report.files)
    pages = {**generated_pages(manifest), **section(report, pack_of(report, ops(report))).pages}
    nav = navigation(manifest, pages, [])
    titles = [next(iter(entry)) for entry in nav]
    assert titles[titles.index("Fonctions") + 1] == "Pilotage"
    assert nav[titles.index("Pilotage")] == {"Pilotage": "pilotage/index.md"}


REPO = Path(__file__).resolve().parent.parent.parent
REFERENCE_DAY = date(2026, 11, 16)


@pytest.fixture(scope="module")
def sample() -> Report:
    return check(REPO, today=REFERENCE_DAY, keep_bodies=True, history=load_history(REPO))


def staged_pilotage(sample: Report, audience: str, target: Path) -> dict[str, str]:
    staged = stage(
        REPO,
        sample,
        audience,
        include_drafts=False,
        target=target,
        markers=Markers("n0nce"),
    )
    folder = staged.docs_dir / "pilotage"
    return {
        p.relative_to(staged.docs_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_sample_management_sees_every_function_with_indicators(sample, tmp_path):
    files = staged_pilotage(sample, "management", tmp_path / "stage")
    assert sorted(p for p in files if p.endswith(".md")) == [
        "pilotage/achats-fournisseurs.md",
        "pilotage/facturation.md",
        "pilotage/index.md",
        "pilotage/paie.md",
        "pilotage/pilotage-prestation.md",
        "pilotage/relances-clients.md",
        "pilotage/tickets-it.md",
    ]
    assert len([p for p in files if p.endswith(".svg")]) == 12


def test_sample_provider_pages_hold_no_management_only_indicator(sample, tmp_path):
    files = staged_pilotage(sample, "provider", tmp_path / "stage")
    assert "pilotage/pilotage-prestation.md" not in files
    assert [p for p, text in files.items() if "PIL-ARBITRAGES" in text or "arbitrage" in text] == []


def test_sample_staff_does_not_see_payroll_indicators(sample, tmp_path):
    files = staged_pilotage(sample, "staff", tmp_path / "stage")
    assert [p for p in files if "PAI-" in p or p == "pilotage/paie.md"] == []


def test_sample_index_lists_the_planted_weak_signals(sample, tmp_path):
    index = staged_pilotage(sample, "management", tmp_path / "stage")["pilotage/index.md"]
    signals = re.findall(r"<li><strong>([^<]+)</strong> — ([^<(:]+?)(?: \(([A-Z-]+)\))? :", index)
    assert sorted(signals) == [
        ("Bruit en hausse", "Achats et fournisseurs", "ACH-CLARIF"),
        ("Dégradation continue", "Paie", "PAI-CORRECTIONS"),
        ("Non-respect répété", "Tickets IT multi-sites", "IT-DELAI"),
        ("Reporting peu fiable", "Suivi des règlements et relances clients", ""),
        ("Satisfaction en baisse", "Tickets IT multi-sites", "IT-SATISF"),
    ]


def test_built_sites_hold_the_section_their_audience_reads_and_pass_the_audit(root, tmp_path):
    out = tmp_path / "public"
    outcome = build_sites(root, ["provider", "management"], out, renderer=MKDOCS, today=TODAY)
    assert outcome.findings == ()
    charts = {
        a: sorted(p.name for p in (out / a / "pilotage/graphiques").iterdir())
        for a in ("provider", "management")
    }
    assert charts == {
        "provider": ["OPS-DELAI.svg"],
        "management": ["OPS-DELAI.svg", "OPS-SECRET.svg"],
    }
    page = (out / "provider/pilotage/ops/index.html").read_text(encoding="utf-8")
    assert '<img src="../graphiques/OPS-DELAI.svg"' in page


def test_sample_panel_shows_each_indicators_latest_status(sample, tmp_path):
    staged = stage(
        REPO,
        sample,
        "management",
        include_drafts=False,
        target=tmp_path / "stage",
        markers=Markers("n0nce"),
    )
    page = (staged.docs_dir / "procedures/tickets-it/traitement-tickets-glpi.md").read_text()
    row = re.search(r"<th>Engagements \(SLA\)</th><td>(.*?)</td>", page)
    assert row is not None
    assert row[1].split("<br>") == [
        "Délai de résolution des tickets\u00a0: 8\u00a0h au plus — ✗ non respecté en octobre 2026 (12,5\u00a0h)",
        "Satisfaction des utilisateurs\u00a0: 85\u00a0% au moins — ✗ non respecté en octobre 2026 (78\u00a0%)",
    ]
