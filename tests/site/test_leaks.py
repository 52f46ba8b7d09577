"""The test that matters most: no audience's site holds a byte of what it may not read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from classeur.publish.build import build_sites
from classeur.site.render import MKDOCS
from tests.conftest import doc
from tests.site.conftest import every_byte, make_site_binder

TODAY = date(2026, 3, 1)
CANARY_TITLE = "Canari titre 7f3a"
CANARY_BODY = "canari-corps-91bd"
CANARY_FILE = b"canari-piece-jointe-55e0"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site_binder(
        tmp_path_factory.mktemp("leaks"),
        {
            "procedures/ops/public.md": doc(
                title="Procédure ouverte",
                body="Voir [le formulaire](formulaire.pdf) et [le brouillon](brouillon.md).\n",
            ),
            "procedures/ops/formulaire.pdf": b"%PDF-1.4 formulaire ouvert",
            "procedures/ops/brouillon.md": doc(
                id="OPS-003", status="draft", title="Brouillon ouvert"
            ),
            "procedures/ops/secret.md": doc(
                id="OPS-002",
                title=CANARY_TITLE,
                access="[secret]",
                related="[OPS-001]",
                body=f"{CANARY_BODY}\n\nVoir [la pièce](secret.pdf).\n",
            ),
            "procedures/ops/secret.pdf": CANARY_FILE,
            "procedures/ops/orphelin.pdf": b"canari-orphelin-0c11",
            "procedures/ops/provider-only.md": doc(
                id="OPS-004", access="[provider]", title="Réservé au prestataire"
            ),
        },
    )
    out = root / "public"
    outcome = build_sites(
        root, ["staff", "provider", "management"], out, today=TODAY, renderer=MKDOCS
    )
    assert outcome.findings == ()
    return out


@pytest.mark.parametrize("audience", ["staff", "provider"])
@pytest.mark.parametrize(
    "canary",
    [
        CANARY_TITLE.encode(),
        CANARY_BODY.encode(),
        CANARY_FILE,
        b"OPS-002",
        b"ops/secret",
        b"secret.pdf",
    ],
)
def test_restricted_document_leaves_no_byte_in_other_sites(public, audience, canary):
    assert canary not in every_byte(public / audience)


def test_the_reader_it_is_for_gets_it(public):
    site = every_byte(public / "management")
    assert CANARY_TITLE.encode() in site and CANARY_BODY.encode() in site and CANARY_FILE in site


def test_provider_only_document_is_absent_from_staff_site(public):
    assert "Réservé au prestataire".encode() not in every_byte(public / "staff")
    assert b"OPS-004" not in every_byte(public / "staff")
    assert (public / "provider/procedures/ops/provider-only/index.html").is_file()


def test_attachments_go_only_where_a_reader_links_them(public):
    assert (public / "staff/procedures/ops/formulaire.pdf").is_file()
    assert not (public / "staff/procedures/ops/secret.pdf").exists()
    assert (public / "management/procedures/ops/secret.pdf").is_file()
    for audience in ("staff", "provider", "management"):
        assert b"canari-orphelin-0c11" not in every_byte(public / audience)


def test_drafts_are_left_out_and_links_to_them_become_plain_text(public):
    page = (public / "staff/procedures/ops/public/index.html").read_text(encoding="utf-8")
    assert "le brouillon" in page and "brouillon/" not in page
    assert not (public / "staff/procedures/ops/brouillon").exists()


def test_related_list_never_names_an_unreadable_document(public):
    # OPS-002 (secret) relates to OPS-001; OPS-001's page must not point back.
    page = (public / "staff/procedures/ops/public/index.html").read_text(encoding="utf-8")
    assert "Voir aussi" not in page


def test_landing_page_links_each_site(public):
    landing = (public / "index.html").read_text(encoding="utf-8")
    for audience in ("staff/", "provider/", "management/"):
        assert f'href="{audience}"' in landing
