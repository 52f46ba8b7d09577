from __future__ import annotations

from classeur.binder.check import check
from classeur.publish.manifest import build_manifest
from tests.conftest import TODAY, doc


def rendered(root):
    return [f.render() for f in check(root, today=TODAY).findings]


FILES = {
    "procedures/rh.md": doc(id="OPS-002", access="[staff]", body="[Grille](grille.pdf)\n"),
    "procedures/ops.md": doc(body="Voir la [grille](grille.pdf).\n"),
    "procedures/grille.pdf": b"%PDF-1.4",
}


def test_a_wider_document_linking_a_narrower_ones_attachment_is_an_error(binder):
    assert rendered(binder(FILES)) == [
        "procedures/ops.md:12: restricted-attachment: link to procedures/grille.pdf, which "
        "OPS-002 also links: an attachment is read only by the readers of every document "
        "linking it (management, staff), so provider would see a dead link. Give the documents "
        "the same readers, or give each its own copy of the file."
    ]


def test_the_attachment_is_published_only_where_every_linker_is_read(binder):
    report = check(binder(FILES), today=TODAY, keep_bodies=True)
    attachments = {
        audience: build_manifest(
            report, audience, include_drafts=False, files=report.files
        ).attachments
        for audience in ("staff", "provider")
    }
    assert attachments == {"staff": ("procedures/grille.pdf",), "provider": ()}


def test_a_link_to_a_file_of_an_undeclared_type_is_an_error(binder):
    root = binder(
        {
            "procedures/a.md": doc(body="[outil](outil.html)\n"),
            "procedures/outil.html": "<script>x()</script>",
        }
    )
    assert rendered(root) == [
        'procedures/a.md:12: undeclared-attachment-type: link to "procedures/outil.html": files of '
        "this type are never published, so readers would see a dead link. Convert it to one of: "
        "csv, docx, jpeg, jpg, ods, odt, pdf, png, svg, txt, xlsx."
    ]
