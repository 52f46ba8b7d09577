"""The procedure page's panel: a summary line, the details on demand, contacts (issue #15)."""

from __future__ import annotations

import re

from classeur.model.records import DocType, Organisation, ReviewState, Status
from classeur.publish.manifest import Party, PublishedDocument
from classeur.publish.panel import LinkMaker, mail_subject, page_header

CLAIRE = Party(id="claire", name="Claire Berthier", organisation=Organisation.COMPANY)
KARIM = Party(id="karim", name="Karim Benali", organisation=Organisation.PROVIDER)
EMAILS = {"claire": "claire@example.fr", "karim": "karim@example.fr"}
NO_LINKS = LinkMaker(lambda _path: None)


def document(**fields: object) -> PublishedDocument:
    values: dict[str, object] = {
        "src": "procedures/fac/fac-001.md",
        "id": "FAC-001",
        "title": "Traitement des factures",
        "type": DocType.PROCEDURE,
        "function": "fac",
        "function_label": "Facturation",
        "owners": (CLAIRE,),
        "maintainers": (KARIM,),
        "status": Status.ACTIVE,
        "access": ("staff",),
        "access_labels": ("Personnel",),
        "sites": (),
        "last_reviewed": "2026-01-10",
        "reviewed_by": None,
        "next_review": "2027-01-10",
        "review_state": ReviewState.OK,
        "review_every": None,
        "sla": (),
        "related": (),
        "supersedes": (),
        "superseded_by": (),
        "canary": "x",
        "version": 3,
    }
    values.update(fields)
    return PublishedDocument.model_validate(values)


def header(doc: PublishedDocument) -> str:
    return page_header(doc, NO_LINKS, EMAILS.get)


def summary_text(html: str) -> str:
    line = re.search(r'<p class="classeur-panel__summary">(.*?)</p>', html)
    assert line is not None
    return re.sub(r"<[^>]+>", "", line.group(1))


def test_the_summary_line_gives_reference_state_owner_next_review_and_version():
    assert summary_text(header(document())) == (
        "FAC-001 · En vigueur · À jour · Responsable\u00a0: Claire Berthier · "
        "Prochaine revue\u00a0: 10 janvier 2027 · version 3"
    )


def test_several_owners_are_named_responsables():
    assert "Responsables\u00a0: Claire Berthier, Karim Benali" in summary_text(
        header(document(owners=(CLAIRE, KARIM)))
    )


def test_the_details_are_in_a_closed_details_element_after_the_summary():
    html = header(document())
    assert (
        '<details class="classeur-panel__details"><summary>Détails du document</summary><table>'
    ) in html
    assert html.index("classeur-panel__summary") < html.index("<details")


def test_the_subject_names_reference_title_and_version():
    assert mail_subject(document()) == "[FAC-001] Traitement des factures (version 3)"


def test_without_git_history_the_subject_has_no_version():
    assert mail_subject(document(version=0)) == "[FAC-001] Traitement des factures"


def test_an_owner_with_an_email_is_a_mailto_link_with_the_subject():
    assert (
        '<a href="mailto:claire@example.fr?subject=%5BFAC-001%5D%20Traitement%20des%20factures'
        '%20%28version%203%29">Claire Berthier</a>'
    ) in header(document())


def test_report_a_problem_writes_to_the_maintainers():
    assert (
        '<p class="classeur-panel__actions"><a class="classeur-panel__report" '
        'href="mailto:karim@example.fr?subject=%5BFAC-001%5D%20Traitement%20des%20factures'
        '%20%28version%203%29">Signaler un problème</a></p>'
    ) in header(document())


def test_report_a_problem_falls_back_to_the_owners_without_maintainers():
    assert 'href="mailto:claire@example.fr?subject=' in header(document(maintainers=()))
    assert "Signaler un problème" in header(document(maintainers=()))


def test_without_emails_parties_are_names_and_no_report_link():
    html = page_header(document(), NO_LINKS)
    assert "mailto:" not in html
    assert "Signaler un problème" not in html
    assert "Karim Benali <small>(prestataire)</small>" in html


def test_a_title_cannot_break_out_of_the_link():
    html = header(document(title='Factures "urgentes" <b>'))
    assert "<b>" not in html
    assert "%22urgentes%22%20%3Cb%3E" in html


def test_propose_a_change_links_to_the_forge_beside_report_a_problem():
    html = header(document(edit_url="https://forge.example.fr/pme/classeur/-/edit/main/x.md"))
    actions = re.search(r'<p class="classeur-panel__actions">(.*?)</p>', html)
    assert actions is not None
    assert re.sub(r"<[^>]+>", "", actions.group(1)) == (
        "Signaler un problème Proposer une modification"
    )
    assert (
        '<a class="classeur-panel__edit" href="https://forge.example.fr/pme/classeur/-/edit/main/'
        'x.md">Proposer une modification</a>'
    ) in html


def test_without_a_forge_there_is_no_propose_link():
    assert "Proposer une modification" not in header(document())


def test_propose_a_change_alone_when_nobody_has_an_email():
    html = page_header(document(edit_url="https://forge.example.fr/e/{x}&a=1"), NO_LINKS)
    assert (
        '<p class="classeur-panel__actions"><a class="classeur-panel__edit" '
        'href="https://forge.example.fr/e/{x}&amp;a=1">Proposer une modification</a></p>'
    ) in html


def test_the_description_leads_the_page_escaped_and_searchable():
    html = header(document(description="Relancer <b>chaque</b> facture échue."))
    assert html.startswith(
        '<p class="classeur-lead">Relancer &lt;b&gt;chaque&lt;/b&gt; facture échue.</p>\n'
        "<section data-search-exclude>"
    )


def test_without_a_description_the_panel_comes_first():
    assert header(document()).startswith("<section data-search-exclude>")
