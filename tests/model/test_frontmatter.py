from __future__ import annotations

from pathlib import Path

import pytest

from classeur.binder.check import check
from tests.conftest import TODAY, doc


def rendered(root: Path) -> list[str]:
    return [f.render() for f in check(root, today=TODAY).findings]


def test_valid_document_has_no_findings(binder):
    root = binder({"procedures/a.md": doc()})
    assert rendered(root) == []


def test_not_utf8_names_the_line_and_byte(binder):
    root = binder({"procedures/a.md": doc().encode() + "café\n".encode("latin-1")})
    assert rendered(root) == [
        "procedures/a.md:13: not-utf8: byte 0xE9 is not UTF-8. Save the file as UTF-8."
    ]


def test_missing_frontmatter_is_an_error_not_an_empty_header(binder):
    root = binder({"procedures/a.md": "# Titre\n\nÉtape une.\n"})
    assert rendered(root) == [
        "procedures/a.md:1: missing-frontmatter: the file does not start with a `---` line, "
        "so it has no frontmatter. Add the YAML header between two `---` lines, or start "
        "from `classeur new`."
    ]


def test_unclosed_frontmatter_is_reported(binder):
    root = binder({"procedures/a.md": "---\nid: OPS-001\ntitle: A\n"})
    assert rendered(root) == [
        "procedures/a.md:1: unclosed-frontmatter: the frontmatter opened on line 1 is never "
        "closed. Add a `---` line after the last frontmatter field."
    ]


def test_yaml_syntax_error_gives_line_and_column(binder):
    root = binder({"procedures/a.md": doc(title="[unclosed")})
    [finding] = check(root, today=TODAY).findings
    assert (finding.code, finding.line, finding.column) == ("yaml-syntax", 4, 5)
    assert "(while parsing a flow sequence started on line 3)" in finding.message


def test_duplicate_key_is_an_error(binder):
    root = binder(
        {"procedures/a.md": doc().replace("status: active\n", "status: active\nstatus: draft\n")}
    )
    assert rendered(root) == [
        'procedures/a.md:8:1: duplicate-key: key "status" appears twice; YAML would silently '
        "keep only the last one. Keep one of them."
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ("!include x.md", "!include"),
    ],
)
def test_yaml_tags_are_refused(binder, value, tag):
    root = binder({"procedures/a.md": doc(title=value)})
    assert rendered(root) == [
        f'procedures/a.md:3:8: unsafe-yaml-tag: YAML tag "{tag}" is not allowed: only plain '
        "text, numbers, booleans, lists and mappings are. Remove the tag."
    ]


def test_yaml_aliases_are_refused(binder):
    root = binder({"procedures/a.md": doc(owners="&o [ops]", maintainers="*o")})
    assert [f.code for f in check(root, today=TODAY).findings] == ["yaml-alias"]


def test_unknown_field_suggests_the_close_one(binder):
    root = binder({"procedures/a.md": doc(owner="[ops]")})
    assert rendered(root) == [
        'procedures/a.md:11: unknown-field: unknown frontmatter field "owner". Did you mean '
        '"owners"? Known: id, title, description, type, function, owners, maintainers, status, '
        "access, sites, last_reviewed, reviewed_by, review_every, sla, related, supersedes."
    ]


def test_missing_owners(binder):
    root = binder({"procedures/a.md": doc(owners=None)})
    assert rendered(root) == [
        'procedures/a.md:1: missing-owners: no "owners" in frontmatter. For example '
        "`owners: [marie.dupont]`."
    ]


def test_missing_access_is_an_error(binder):
    root = binder({"procedures/a.md": doc(access=None)})
    assert [f.code for f in check(root, today=TODAY).findings] == ["missing-access"]


def test_empty_access_is_denied_not_defaulted(binder):
    root = binder({"procedures/a.md": doc(access="[]")})
    assert rendered(root) == [
        'procedures/a.md:8: missing-access: "access" is empty, so no audience may read this '
        "document (nothing is readable by default). Name the access tags that may read it. "
        "For example `access: [staff, provider]`."
    ]


def test_missing_field(binder):
    root = binder({"procedures/a.md": doc(function=None)})
    assert rendered(root) == [
        'procedures/a.md:1: missing-field: no "function" in frontmatter. For example '
        "`function: relances-clients`."
    ]


def test_active_document_needs_its_last_review(binder):
    root = binder({"procedures/a.md": doc(last_reviewed=None)})
    assert rendered(root) == [
        'procedures/a.md:1: missing-field: no "last_reviewed" in frontmatter; a active '
        "document records its last review. For example `last_reviewed: 2026-05-12`."
    ]


def test_draft_may_wait_for_its_first_review(binder):
    root = binder({"procedures/a.md": doc(status="draft", last_reviewed=None, reviewed_by=None)})
    assert rendered(root) == []


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (
            "owners",
            "ops",
            '"owners" must be a list, not text. For example `owners: [marie.dupont]`.',
        ),
        (
            "title",
            "2024",
            '"title" must be text, not a number. For example `title: Relance des factures impayées`.',
        ),
        ("sites", "{a: 1}", '"sites" must be a list, not a mapping. For example `sites: [lyon]`.'),
    ],
)
def test_wrong_type(binder, field, value, expected):
    root = binder({"procedures/a.md": doc(**{field: value})})
    [finding] = check(root, today=TODAY).findings
    assert (finding.code, finding.message) == ("wrong-type", expected)


def test_wrong_type_inside_a_list_points_at_the_item(binder):
    root = binder({"procedures/a.md": doc(owners="\n  - ops\n  - 12")})
    [finding] = check(root, today=TODAY).findings
    assert (finding.line, finding.code) == (8, "wrong-type")


def test_invalid_enum_value_lists_the_choices(binder):
    root = binder({"procedures/a.md": doc(type="proc")})
    assert rendered(root) == [
        'procedures/a.md:4: invalid-value: "type" is "proc"; it must be one of \'procedure\', '
        "'runbook' or 'handover'."
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2026-02-30",
            '"last_reviewed": 2026-02-30 is not a real day (day is out of range for month).',
        ),
        ("12/01/2026", "\"last_reviewed\": '12/01/2026' is not a date; write it as YYYY-MM-DD."),
        ("20260110", '"last_reviewed": 20260110 is not a date; write it as YYYY-MM-DD.'),
    ],
)
def test_invalid_date(binder, value, message):
    root = binder({"procedures/a.md": doc(last_reviewed=value)})
    assert rendered(root) == [f"procedures/a.md:9: invalid-date: {message}"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0 days", "0 days must be positive"),
        ("-3 months", "-3 months must be positive"),
        (
            "4 years",
            "4 years is longer than 3 years; a procedure reviewed that rarely is not under control. Shorten it",
        ),
        (
            "soon",
            '"soon" is not a duration. Write it as `6 months`, `90 days`, `1 year`, `2 weeks` (or `6m`, `90d`, `1y`, `2w`)',
        ),
    ],
)
def test_nonsensical_review_every(binder, value, reason):
    root = binder({"procedures/a.md": doc(review_every=value)})
    assert rendered(root) == [
        f'procedures/a.md:11: invalid-review-every: "review_every": {reason}.'
    ]


@pytest.mark.parametrize(
    "value", ["6 months", "6m", "90 days", "90d", "1 year", "1y", "20 weeks", "6 mois"]
)
def test_human_review_rhythms_are_accepted(binder, value):
    root = binder({"procedures/a.md": doc(review_every=value)})
    assert rendered(root) == []


def test_invalid_id(binder):
    root = binder({"procedures/a.md": doc(id="fac 3")})
    assert rendered(root) == [
        "procedures/a.md:2: invalid-id: \"id\": 'fac 3' is not a document id: capitals and "
        "digits with a hyphen, such as `FAC-003`."
    ]


@pytest.mark.parametrize(
    ("sla", "finding"),
    [
        (
            "{processing_time: 2 business days, error_rate_max: 1%}",
            'procedures/a.md:11: invalid-sla: "sla": service levels are no longer written here: '
            "list the ids of the indicators declared in access_policies/indicators.yml, e.g. "
            "`sla: [FAC-DELAI, FAC-ERREURS]`.",
        ),
        (
            "[OPS-DELAI, délai]",
            "procedures/a.md:11: invalid-id: \"sla[1]\": 'délai' is not an indicator id: capitals "
            "and digits with a hyphen, such as `FAC-DELAI`.",
        ),
        (
            "OPS-DELAI",
            'procedures/a.md:11: wrong-type: "sla" must be a list, not text. For example '
            "`sla: [FAC-DELAI, FAC-ERREURS]`.",
        ),
    ],
)
def test_sla_is_a_list_of_indicator_ids(binder, sla, finding):
    root = binder({"procedures/a.md": doc(sla=sla)})
    assert rendered(root) == [finding]


def test_byte_order_mark_and_crlf_keep_the_metadata(binder):
    text = "\ufeff" + doc(owners="[nobody]").replace("\n", "\r\n")
    root = binder({"procedures/a.md": text.encode("utf-8")})
    assert rendered(root) == [
        'procedures/a.md:6: unknown-person: "nobody" is not declared. Known: boss, ops, vendor '
        "(access_policies/people.yml)."
    ]


def test_frontmatter_that_is_not_a_mapping(binder):
    root = binder({"procedures/a.md": "---\n- a\n- b\n---\nbody\n"})
    assert rendered(root) == [
        "procedures/a.md:2: frontmatter-not-mapping: the frontmatter is not a mapping of "
        "fields. Write one `field: value` per line."
    ]


def test_html_in_title_is_refused(binder):
    root = binder({"procedures/a.md": doc(title='"<script>alert(1)</script>"')})
    assert rendered(root) == [
        "procedures/a.md:3: html-in-title: \"title\": '<script>alert(1)</script>' contains < or >, "
        "which the site would read as HTML. Write the title as plain text (« » for quotes)."
    ]


@pytest.mark.parametrize(
    ("value", "shown", "named", "fixed"),
    [
        (
            '"Relance \\u202Eseriapmi\\u202C"',
            "'Relance \\u202eseriapmi\\u202c'",
            "U+202E RIGHT-TO-LEFT OVERRIDE (bidirectional control), U+202C POP DIRECTIONAL "
            "FORMATTING (bidirectional control)",
            "'Relance seriapmi'",
        ),
        (
            '"Paie\\u2067 mensuelle"',
            "'Paie\\u2067 mensuelle'",
            "U+2067 RIGHT-TO-LEFT ISOLATE (bidirectional control)",
            "'Paie mensuelle'",
        ),
        (
            '"Pa\\u200Bie"',
            "'Pa\\u200bie'",
            "U+200B ZERO WIDTH SPACE (invisible character)",
            "'Paie'",
        ),
        (
            '"Paie\\uFEFF"',
            "'Paie\\ufeff'",
            "U+FEFF ZERO WIDTH NO-BREAK SPACE (invisible character)",
            "'Paie'",
        ),
        ('"Paie\\e[2J"', "'Paie\\x1b[2J'", "U+001B (control character)", "'Paie[2J'"),
    ],
)
def test_hidden_characters_in_title_are_refused(binder, value, shown, named, fixed):
    root = binder({"procedures/a.md": doc(title=value)})
    assert rendered(root) == [
        f'procedures/a.md:3: unsafe-character: "title": {shown} contains {named}: readers would '
        f"not see the text as it is written. Write {fixed} instead."
    ]


def test_hidden_character_in_id_is_named(binder):
    root = binder({"procedures/a.md": doc(id='"OPS-001\\u2060"')})
    assert rendered(root) == [
        "procedures/a.md:2: unsafe-character: \"id\": 'OPS-001\\u2060' contains U+2060 WORD "
        "JOINER (invisible character): readers would not see the text as it is written. "
        "Write 'OPS-001' instead."
    ]
