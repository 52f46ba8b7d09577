"""`sensitive-data`: what a document or attachment holds that some of its readers may not
see, by access_policies/sensitive-data.yml (#14)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from classeur.binder.check import check, load_binder
from classeur.model.access import readers
from classeur.rules.registry import Binder
from classeur.rules.sensitive import find_sensitive_data
from tests.conftest import TODAY, doc
from tests.search.test_search import pdf_with_text

IBAN = "FR76 3000 6000 0112 3456 7890 189"
IBAN_MASKED = "FR76 •••• •••• •••• •••• •••• 189"
IBAN_PRINT = "76c366901296"  # fingerprint of iban:FR7630006000011234567890189
NIR = "1 85 05 78 006 084 91"
POLICY = "access_policies/sensitive-data.yml"
GUARD = """\
# Coordonnées bancaires : seulement dans les documents de la direction.
classes:
  iban: [secret]
  bic: [secret]
"""
NOWHERE = (
    "access_policies/sensitive-data.yml allows it in no document. Remove it (keep it in the "
    "tool that needs it), allow its class for an access tag there, or list it under "
    "`exceptions:` in access_policies/sensitive-data.yml with its fingerprint"
)


def exception(path: str, expires: str, fingerprint: str = IBAN_PRINT) -> str:
    return (
        f"exceptions:\n  - path: {path}\n    class: iban\n    fingerprint: {fingerprint}\n"
        f"    reason: IBAN d'exemple du modèle de courrier\n    expires: {expires}\n"
    )


def findings(binder, files, code="sensitive-data"):
    report = check(binder(files), today=TODAY)
    return [f.render() for f in report.findings if f.code.startswith(code)]


def judged(binder, files, today: date):
    """Every finding of the rule on `today` (exceptions expire with the day)."""
    root = binder(files)
    state = load_binder(root)
    documents = sorted(state.documents.values(), key=lambda d: str(d.path))
    audiences = {str(d.path): readers(d, state.policy) for d in documents}
    folders = tuple(s.folder for s in state.sources)
    whole = Binder(root, state.policy, documents, frozenset(state.files), audiences, folders, today)
    return [f.render() for f in find_sensitive_data(whole, today=today)]


def docx_with_text(text: str) -> bytes:
    """A minimal Word file whose one paragraph holds `text`."""
    xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def test_without_a_policy_an_iban_is_allowed_nowhere(binder):
    found = findings(binder, {"procedures/ops/a.md": doc(body=f"Virement sur {IBAN}.\n")})
    assert found == [
        f"procedures/ops/a.md:12:14: sensitive-data: this document holds a bank account number "
        f"(IBAN) {IBAN_MASKED}, which staff, provider, management may not see: {NOWHERE} "
        f"{IBAN_PRINT}, a reason and an expiry date."
    ]


def test_an_iban_in_a_document_only_allowed_readers_read_is_not_reported(binder):
    files = {POLICY: GUARD, "procedures/ops/a.md": doc(access="[secret]", body=f"{IBAN}\n")}
    assert findings(binder, files) == []


def test_a_reader_outside_the_allowed_tags_is_named_with_the_tags_to_move_to(binder):
    files = {POLICY: GUARD, "procedures/ops/a.md": doc(access="[staff, secret]", body=f"{IBAN}\n")}
    assert findings(binder, files) == [
        f"procedures/ops/a.md:12:1: sensitive-data: this document holds a bank account number "
        f"(IBAN) {IBAN_MASKED}, which staff may not see: access_policies/sensitive-data.yml "
        "allows it only in documents tagged secret. Move it to a document tagged secret, or "
        "list it under `exceptions:` in access_policies/sensitive-data.yml with its "
        f"fingerprint {IBAN_PRINT}, a reason and an expiry date."
    ]


def test_a_class_the_policy_does_not_name_is_denied_even_when_others_are_allowed(binder):
    files = {POLICY: GUARD, "procedures/ops/a.md": doc(access="[secret]", body=f"NIR {NIR}\n")}
    assert findings(binder, files) == [
        "procedures/ops/a.md:12:5: sensitive-data: this document holds a social security "
        "number (NIR) 1 •• •• •• ••• ••• 91, which management may not see: "
        f"{NOWHERE} eba56874840c, a reason and an expiry date."
    ]


def test_a_value_in_the_frontmatter_is_reported_at_its_line(binder):
    files = {"procedures/ops/a.md": doc(title=f'"Compte {IBAN}"')}
    assert [f.split(": sensitive-data")[0] for f in findings(binder, files)] == [
        "procedures/ops/a.md:3:16"
    ]


def test_a_secret_is_reported_even_in_a_document_one_audience_reads(binder):
    files = {"procedures/ops/a.md": doc(access="[secret]", body="Mot de passe : Tr0ub4dor&3\n")}
    assert findings(binder, files) == [
        "procedures/ops/a.md:12:16: sensitive-data: this document holds a secret (password, "
        "key or token) ••••••••: secrets belong in the vault, never in a text that its readers, "
        "the search index and CI logs show. Remove it, change the secret (it was exposed) and "
        "point to its vault entry; a documented example may be kept if you list it under "
        "`exceptions:` in access_policies/sensitive-data.yml with its fingerprint "
        "fc4d99139edb, a reason and an expiry date."
    ]


def test_a_policy_that_allows_secrets_is_refused(binder):
    files = {POLICY: "classes:\n  secret: [secret]\n"}
    assert findings(binder, files, code="sensitive") == [
        "access_policies/sensitive-data.yml:2: sensitive-secret-allowed: secrets may not be "
        "allowed in any document: whoever reads the page, the search index or a CI log could "
        "use them. Remove `secret` from `classes` and keep secrets in the vault."
    ]


def test_an_unknown_tag_in_the_policy_is_reported_at_its_line(binder):
    files = {POLICY: "classes:\n  iban:\n    - secret\n    - tresorerie\n"}
    assert findings(binder, files, code="unknown-access-tag") == [
        'access_policies/sensitive-data.yml:4: unknown-access-tag: "tresorerie" is not '
        "defined. Known tags: provider, secret, staff (access_policies/audiences.yml)."
    ]


def test_an_unknown_class_in_the_policy_is_reported_at_its_line(binder):
    files = {POLICY: "classes:\n  rib: [secret]\n"}
    assert findings(binder, files, code="invalid-value") == [
        'access_policies/sensitive-data.yml:2: invalid-value: "classes.rib[key]" is "rib"; '
        "it must be one of 'iban', 'bic', 'nir', 'card' or 'secret'."
    ]


def test_a_current_exception_lets_the_document_hold_its_value(binder):
    files = {
        POLICY: exception("procedures/ops/a.md", "2026-12-31"),
        "procedures/ops/a.md": doc(body=f"Exemple : {IBAN}\n"),
    }
    assert judged(binder, files, today=date(2026, 12, 31)) == []


def test_an_exception_covers_only_its_own_value(binder):
    files = {
        POLICY: exception("procedures/ops/a.md", "2026-12-31", fingerprint="0123456789ab"),
        "procedures/ops/a.md": doc(body=f"Exemple : {IBAN}\n"),
    }
    assert [f.split(": ")[1] for f in judged(binder, files, today=TODAY)] == [
        "sensitive-data",
        "sensitive-exception-unused",
    ]


def test_an_expired_exception_is_an_error_and_the_value_is_reported_again(binder):
    files = {
        POLICY: exception("procedures/ops/a.md", "2026-12-31"),
        "procedures/ops/a.md": doc(body=f"Exemple : {IBAN}\n"),
    }
    found = judged(binder, files, today=date(2027, 1, 1))
    assert found[0].startswith("procedures/ops/a.md:12:11: sensitive-data: ")
    assert found[1:] == [
        "access_policies/sensitive-data.yml:4: sensitive-exception-expired: the exception for "
        f"procedures/ops/a.md (bank account number (IBAN), fingerprint {IBAN_PRINT}) expired on "
        "2026-12-31, so the value is reported again. Remove the value, or set a new `expires` "
        "if it must stay."
    ]


def test_an_exception_matching_no_value_is_a_warning(binder):
    files = {
        POLICY: exception("procedures/ops/a.md", "2026-12-31"),
        "procedures/ops/a.md": doc(body="Plus d'IBAN ici.\n"),
    }
    assert findings(binder, files, code="sensitive") == [
        "access_policies/sensitive-data.yml:4: sensitive-exception-unused: the exception for "
        f"procedures/ops/a.md (bank account number (IBAN), fingerprint {IBAN_PRINT}) matches no "
        "value there: the value was removed or changed. Remove the exception."
    ]


def test_an_invalid_expiry_is_reported_at_its_line(binder):
    files = {POLICY: exception("procedures/ops/a.md", "2026-02-30")}
    assert findings(binder, files, code="invalid-date") == [
        'access_policies/sensitive-data.yml:6: invalid-date: "exceptions[0].expires": '
        "2026-02-30 is not a real day (day is out of range for month)."
    ]


LINKING = doc(access="[staff]", body="[Relevé](releve.{suffix})\n")


@pytest.mark.parametrize(
    ("suffix", "content", "where"),
    [
        ("txt", f"Relevé\nCompte : {IBAN}\n".encode(), "procedures/ops/releve.txt:2:10"),
        ("csv", f"fournisseur;iban\nAcme;{IBAN}\n".encode(), "procedures/ops/releve.csv:2:6"),
        ("pdf", pdf_with_text(f"Compte {IBAN}"), "procedures/ops/releve.pdf"),
        ("docx", docx_with_text(f"Compte {IBAN}"), "procedures/ops/releve.docx"),
    ],
)
def test_an_attachments_text_is_judged_for_its_narrowest_readers(binder, suffix, content, where):
    files = {
        "procedures/ops/a.md": LINKING.format(suffix=suffix),
        f"procedures/ops/releve.{suffix}": content,
    }
    assert findings(binder, files) == [
        f"{where}: sensitive-data: this attachment holds a bank account number (IBAN) "
        f"{IBAN_MASKED}, which staff, management may not see: {NOWHERE} {IBAN_PRINT}, a reason "
        "and an expiry date."
    ]


def test_an_attachment_read_only_by_allowed_readers_is_not_reported(binder):
    files = {
        POLICY: GUARD,
        "procedures/ops/a.md": doc(access="[secret]", body="[Relevé](releve.txt)\n"),
        "procedures/ops/releve.txt": f"Compte : {IBAN}\n",
    }
    assert findings(binder, files) == []


def test_a_number_failing_its_checksum_is_no_finding(binder):
    body = "Commande FR7630006000011234567890188, tél. 01 23 45 67 89, carte 4242 4242 4242 4241.\n"
    assert findings(binder, {"procedures/ops/a.md": doc(body=body)}) == []


def test_what_a_forked_helper_finds_is_reported_as_what_is_found_here(binder, monkeypatch):
    import classeur.rules.sensitive as rule
    from classeur.common import forked
    from classeur.common.forked import Forked

    # Values in documents are found when they are parsed; attachments are read by the rule.
    files = {
        f"procedures/ops/d{n}.md": doc(id=f"OPS-{n:03d}", body=f"[RIB](rib{n}.txt)\n")
        for n in range(1, 7)
    }
    files |= {f"procedures/ops/rib{n}.txt": f"Compte {IBAN}\n" for n in range(1, 7)}
    alone = findings(binder, files)
    helpers = []

    def spied(task):
        helpers.append(Forked(task))
        return helpers[-1]

    monkeypatch.setattr(rule, "_HELPER_THRESHOLD", 0)
    monkeypatch.setattr(rule, "_has_idle_core", lambda: True)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    monkeypatch.setattr(forked, "Forked", spied)
    helped = findings(binder, files)
    assert (len(helpers), len(helped), helped) == (1, 6, alone)


def test_check_judges_exceptions_on_the_day_it_is_given(binder):
    files = {
        POLICY: exception("procedures/ops/a.md", "2026-02-28"),
        "procedures/ops/a.md": doc(body=f"Exemple : {IBAN}\n"),
    }
    assert [f.split(": ")[1] for f in findings(binder, files, code="sensitive")] == [
        "sensitive-exception-expired",
        "sensitive-data",
    ]
