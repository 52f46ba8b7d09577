"""Atomic builds, the audit, the metadata panel, banners, generated pages, navigation."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from classeur.binder.check import check
from classeur.cli.main import main
from classeur.common import forked
from classeur.publish import audit
from classeur.publish.audit import audit_site
from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import make_site_binder

TODAY = date(2026, 3, 1)
FILES = {
    "access_policies/indicators.yml": """\
indicators:
  - {id: OPS-DELAI, function: ops, label: délai de traitement, unit: jours ouvrés,
     direction: lower, kind: delai, target: 2, warning: 3, reported_by: provider,
     access: [staff, provider]}
  - {id: OPS-SATISF, function: ops, label: satisfaction des équipes, unit: "%",
     direction: higher, kind: satisfaction, target: 92.5, reported_by: provider,
     access: [staff]}
  - {id: OPS-SECRET, function: ops, label: indicateur réservé, unit: nombre,
     direction: lower, kind: bruit, target: 4, reported_by: company, access: [secret]}
""",
    "procedures/ops/a-jour.md": doc(
        title="Procédure à jour", sla="[OPS-DELAI, OPS-SATISF, OPS-SECRET]"
    ),
    "procedures/ops/en-retard.md": doc(
        id="OPS-002",
        title="Procédure en retard",
        last_reviewed="2025-01-10",
        maintainers="[team:presta]",
    ),
    "procedures/ops/bientot.md": doc(
        id="OPS-003",
        title="Procédure bientôt",
        last_reviewed="2025-03-20",
        type="runbook",
        review_every="1y",
    ),
    "procedures/ops/ancienne.md": doc(id="OPS-004", title="Ancienne version", status="deprecated"),
    "procedures/ops/nouvelle.md": doc(
        id="OPS-005", title="Nouvelle version", supersedes="[OPS-004]"
    ),
    "procedures/ops/brouillon.md": doc(id="OPS-006", title="Brouillon", status="draft"),
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site_binder(tmp_path_factory.mktemp("build"), FILES)


@pytest.fixture(scope="module")
def staff(root: Path) -> Path:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--audience",
            "staff",
            "--root",
            str(root),
            "--out",
            str(root / "public"),
            "--today",
            "2026-03-01",
        ],
    )
    assert result.exit_code == 0, result.output
    return root / "public" / "staff"


def test_build_from_the_binder_root_with_relative_paths(root, monkeypatch):
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        main, ["build", "--audience", "staff", "--out", "relatif", "--today", "2026-03-01"]
    )
    assert result.exit_code == 0, result.output
    assert (root / "relatif/staff/procedures/ops/a-jour/index.html").is_file()


def page(site: Path, name: str) -> str:
    return (site / f"procedures/ops/{name}/index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The visible words: inline tags vanish, block tags become spaces."""
    inline = re.sub(r"</?(a|code|small|span|strong|em)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inline))


def test_metadata_panel_in_french(staff):
    text = text_of(page(staff, "en-retard"))
    for expected in (
        "Type Procédure",
        "Fonction Opérations",
        "Responsables Olivia Ops (entreprise)",
        "Tenu à jour par Prestataire (prestataire)",
        "Statut En vigueur",
        "Dernière revue 10 janvier 2025, par Olivia Ops",
        "Prochaine revue 10 janvier 2026",
        "État de la revue En retard",
        "Accès Personnel, Prestataire",
        "Sites Tous les sites",
    ):
        assert expected in text, expected


def test_sla_in_the_panel_names_each_readable_indicator_its_target_and_latest_status(staff):
    assert (
        "Engagements (SLA) Délai de traitement\u00a0: 2\u00a0jours ouvrés au plus"
        " — ? non transmis en février 2026 "
        "Satisfaction des équipes\u00a0: 92,5\u00a0% au moins — ? non transmis en février 2026 "
    ) in html.unescape(text_of(page(staff, "a-jour")))


def test_sla_in_the_panel_leaves_out_an_indicator_the_audience_may_not_read(staff):
    assert "indicateur réservé" not in page(staff, "a-jour").lower()


@pytest.mark.parametrize(
    ("name", "banner"),
    [
        ("en-retard", "Revue en retard La revue prévue le 10 janvier 2026 n'a pas eu lieu"),
        ("bientot", "À revoir bientôt Prochaine revue prévue le 20 mars 2026, par Olivia Ops."),
        (
            "ancienne",
            "Document obsolète Cette version ne doit plus être appliquée. Appliquez plutôt OPS-005 — Nouvelle version.",
        ),
    ],
)
def test_banner_says_what_it_means_and_whom_to_ask(staff, name, banner):
    assert banner in text_of(page(staff, name)).replace("&#x27;", "'").replace("&#39;", "'")


def test_page_without_a_problem_has_no_banner(staff):
    assert "classeur-banner" not in page(staff, "a-jour")


def test_drafts_only_with_include_drafts(root, tmp_path):
    assert not (root / "public/staff/procedures/ops/brouillon").exists()
    outcome = build_sites(
        root, ["staff"], tmp_path / "out", today=TODAY, include_drafts=True, renderer=MKDOCS
    )
    assert outcome.findings == ()
    assert "Brouillon Ce document est en cours de rédaction" in text_of(
        page(tmp_path / "out/staff", "brouillon")
    )


def test_generated_pages(staff):
    home = text_of((staff / "index.html").read_text(encoding="utf-8"))
    assert "Revues en retard 1" in home and "À revoir dans les 30 jours 1" in home
    reviews = text_of((staff / "revues/index.html").read_text(encoding="utf-8"))
    assert (
        "En retard¶ Réf. Titre Type Revue Prochaine revue Responsables "
        "OPS-002 Procédure en retard Procédure En retard 10 janvier 2026 Olivia Ops"
    ) in reviews  # a list of documents to act on says whom to ask
    owners = text_of((staff / "responsables/index.html").read_text(encoding="utf-8"))
    assert "Olivia Ops" in owners
    coverage = (staff / "couverture/index.html").read_text(encoding="utf-8")
    assert (
        coverage.count('class="classeur-gap"') == 1
    )  # ops has procedures and a runbook, no handover plan
    assert (staff / "fonctions/ops/index.html").is_file()
    assert (staff / "etiquettes/index.html").is_file()


@pytest.mark.parametrize(
    "generated",
    [
        "index.html",
        "revues/index.html",
        "responsables/index.html",
        "etiquettes/index.html",
        "fonctions/ops/index.html",
    ],
)
def test_generated_tables_link_each_document_to_its_page(staff, generated):
    html = (staff / generated).read_text(encoding="utf-8")
    links = re.findall(r'<td><a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert links
    for href, title in links:
        target = (staff / generated).parent / href / "index.html"
        assert target.resolve().is_file(), href
        assert f"<h1>{title}</h1>" in target.read_text(encoding="utf-8")


def test_navigation_does_not_grow_with_the_binder(root, tmp_path):
    more = {
        f"procedures/ops/extra-{n}.md": doc(id=f"OPS-{100 + n}", title=f"Extra {n}")
        for n in range(30)
    }
    bigger = make_site_binder(tmp_path, {**FILES, **more})
    assert (
        build_sites(bigger, ["staff"], tmp_path / "out", today=TODAY, renderer=MKDOCS).findings
        == ()
    )
    small = page(root / "public" / "staff", "a-jour")
    large = page(tmp_path / "out" / "staff", "a-jour")
    assert large.count("md-nav__link") == small.count("md-nav__link")
    assert "Extra 7" not in large


def test_failed_build_leaves_the_previous_site_untouched(root, staff, tmp_path):
    before = {p: p.read_bytes() for p in staff.rglob("*") if p.is_file()}
    broken = make_site_binder(
        tmp_path, {**FILES, "procedures/ops/casse.md": doc(id="OPS-099", access="[nobody]")}
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--audience",
            "staff",
            "--root",
            str(broken),
            "--out",
            str(root / "public"),
            "--today",
            "2026-03-01",
        ],
    )
    assert result.exit_code == 1
    assert "procedures/ops/casse.md:8: unknown-access-tag" in result.output
    assert "Nothing was published; the previous sites are unchanged." in result.output
    assert {p: p.read_bytes() for p in staff.rglob("*") if p.is_file()} == before


def test_audit_of_a_clean_site(root, staff):
    assert audit_site(staff, root, check(root, today=TODAY), "staff", include_drafts=False) == []


def test_audit_finds_a_planted_title_and_an_unexpected_file(root, tmp_path):
    secret = make_site_binder(
        tmp_path,
        {
            **FILES,
            "procedures/ops/secret.md": doc(
                id="OPS-050", title="Plan social confidentiel", access="[secret]"
            ),
        },
    )
    out = tmp_path / "out"
    assert build_sites(secret, ["staff"], out, today=TODAY, renderer=MKDOCS).findings == ()
    sitemap = out / "staff/sitemap.xml"
    sitemap.write_text(
        sitemap.read_text(encoding="utf-8") + "<!-- Plan social confidentiel -->", encoding="utf-8"
    )
    (out / "staff/procedures/ops/secret.pdf").write_bytes(b"%PDF")
    result = CliRunner().invoke(
        main, ["audit", str(out / "staff"), "--audience", "staff", "--root", str(secret)]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"{out}/staff/procedures/ops/secret.pdf: unexpected-file: this file is not a page, attachment or "
        "theme asset of this audience's site. Do not publish this site; find what wrote it.\n"
        f'{out}/staff/sitemap.xml: leaked-document: contains the title of OPS-050, which "staff" may '
        "not read. Do not publish this site; find how it got there (a link, a commit, a plugin).\n"
    )


def test_audit_ignores_a_restricted_title_the_audience_reads_anyway(tmp_path):
    # A readable procedure says the words "Relance client" itself; a restricted one has
    # them as its title. Finding them on the site reveals nothing; the restricted
    # document's id still may not appear.
    binder = make_site_binder(
        tmp_path,
        {
            "procedures/ops/visible.md": doc(body="Relance client : le lundi.\n"),
            "procedures/ops/secret.md": doc(
                id="OPS-050", title="Relance client", access="[secret]"
            ),
        },
    )
    out = tmp_path / "out"
    assert build_sites(binder, ["staff"], out, today=TODAY, renderer=MKDOCS).findings == ()
    report = check(binder, today=TODAY, keep_bodies=True)
    page = out / "staff/procedures/ops/visible/index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>voir OPS-050</p>", encoding="utf-8")
    findings = audit_site(out / "staff", binder, report, "staff", include_drafts=False)
    assert [(f.code, f.message.split(",")[0]) for f in findings] == [
        ("leaked-document", "contains the id of OPS-050")
    ]


def test_build_needs_audience_or_all(root):
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert (result.exit_code, result.output) == (
        2,
        "error: name the sites to build: --audience NAME (repeatable) or --all.\n",
    )


def test_build_unknown_audience(root, tmp_path):
    result = CliRunner().invoke(
        main, ["build", "--audience", "clients", "--root", str(root), "--out", str(tmp_path)]
    )
    assert (result.exit_code, result.output) == (
        2,
        'error: unknown audience "clients". Known audiences: staff, provider, management.\n',
    )


def test_long_builds_report_their_progress(capsys):
    from classeur.publish.build import _PageProgress

    progress = _PageProgress("staff")
    for done in range(1, 1001):
        progress(done, 1000)
    assert capsys.readouterr().err.splitlines() == [
        f"  staff: {n}/1000 pages rendered" for n in (200, 400, 600, 800, 1000)
    ]


@pytest.fixture
def leaky(tmp_path: Path) -> tuple[Path, Path]:
    """A built staff site with a restricted id planted in its first and last files."""
    binder = make_site_binder(
        tmp_path, {**FILES, "procedures/ops/secret.md": doc(id="OPS-050", access="[secret]")}
    )
    out = tmp_path / "out"
    assert build_sites(binder, ["staff"], out, today=TODAY, renderer=MKDOCS).findings == ()
    for planted in ("404.html", "sitemap.xml"):
        page = out / "staff" / planted
        page.write_text(page.read_text(encoding="utf-8") + "<!-- OPS-050 -->", encoding="utf-8")
    return binder, out / "staff"


@pytest.mark.parametrize("helper_dies", [False, True])
def test_audit_read_by_two_processes_finds_the_same(leaky, monkeypatch, helper_dies):
    binder, site = leaky
    report = check(binder, today=TODAY, keep_bodies=True)
    alone = audit_site(site, binder, report, "staff", include_drafts=False)
    assert [f.path.rsplit("/", 1)[-1] for f in alone] == ["404.html", "sitemap.xml"]
    monkeypatch.setattr(audit, "_HELPER_THRESHOLD", 2)  # a helper even for a small site
    if helper_dies:  # the main process reads the helper's half itself
        monkeypatch.setattr(forked, "Forked", lambda task: SimpleNamespace(result=lambda: None))
    helped = audit_site(site, binder, report, "staff", include_drafts=False, helper=True)
    assert helped == alone
