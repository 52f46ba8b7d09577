"""The JSON Schemas for editors: they accept what the loaders accept, refuse what they
refuse (as far as JSON Schema can say it), and the committed ones are current."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.common import i18n
from classeur.model import policy as policy_module
from classeur.model.field_help import FIELD_HELP
from classeur.model.findings import Severity
from classeur.model.frontmatter import parse_document
from classeur.model.json_schemas import (
    FRONTMATTER_SCHEMA,
    POLICY_MODELS,
    generate_schemas,
    schema_name,
)
from classeur.model.policy import Policy, parse_policy
from classeur.model.readiness_policy import parse_readiness_policy
from classeur.model.sensitive_policy import parse_sensitive_policy
from tests.conftest import POLICY

REPOSITORY = Path(__file__).parents[2]
SCHEMAS = REPOSITORY / ".vscode" / "schemas"
CHECK_JSONSCHEMA = [sys.executable, "-m", "check_jsonschema"]

INDICATOR = """\
indicators:
  - id: OPS-DELAI
    function: ops
    label: délai
    unit: jours ouvrés
    direction: lower
    kind: delai
    target: 2
    reported_by: provider
    access: [staff]
"""
HEADER = """\
id: OPS-001
title: Une procédure
type: procedure
function: ops
owners: [ops]
access: [staff]
"""


def validate(tmp_path: Path, schema: str, files: dict[str, str]) -> tuple[int, str]:
    """check-jsonschema on `files` (written in tmp_path), as an editor's linter would run it."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [*CHECK_JSONSCHEMA, "--schemafile", str(SCHEMAS / schema), *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout


def loader_accepts(policy_file: str, text: str) -> bool:
    """Whether Classeur's own loader reads `text` without an error (`frontmatter`: a header)."""
    raw = text.encode("utf-8")
    if policy_file == "frontmatter":
        _document, findings = parse_document(
            PurePosixPath("procedures/a.md"), b"---\n" + raw + b"---\nx\n"
        )
        return not [f for f in findings if f.severity is Severity.ERROR]
    if policy_file == "readiness.yml":
        return not parse_readiness_policy(raw)[1]
    if policy_file == "sensitive-data.yml":
        return not parse_sensitive_policy(raw, Policy())[1]
    files = {Path(path).name: content.encode("utf-8") for path, content in POLICY.items()}
    _policy, findings = parse_policy({**files, policy_file: raw})
    return not [f for f in findings if f.path == f"access_policies/{policy_file}"]


@pytest.mark.parametrize(
    "path", sorted((REPOSITORY / "access_policies").glob("*.yml")), ids=lambda p: p.name
)
def test_the_samples_policy_file_is_valid_for_its_schema(path: Path):
    result = subprocess.run(
        [*CHECK_JSONSCHEMA, "--schemafile", str(SCHEMAS / schema_name(path.name)), str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "ok -- validation done\n")


def test_every_header_of_the_sample_is_valid_for_the_frontmatter_schema(tmp_path: Path):
    headers = {}
    for path in sorted((REPOSITORY / "procedures").rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        name = path.relative_to(REPOSITORY).as_posix().replace("/", "__") + ".yml"
        headers[name] = "\n".join(lines[1 : lines.index("---", 1)]) + "\n"
    assert len(headers) > 20
    assert validate(tmp_path, FRONTMATTER_SCHEMA, headers) == (0, "ok -- validation done\n")


BROKEN = [
    (
        "people.yml",
        "people:\n  - {id: ops, name: O, organisation: company, nickname: o}\n",
        "$.people[0]: Additional properties are not allowed ('nickname' was unexpected)",
    ),
    ("people.yml", "people: ops\n", "$.people: 'ops' is not of type 'array'"),
    (
        "audiences.yml",
        POLICY["access_policies/audiences.yml"] + "groups: []\n",
        "$: Additional properties are not allowed ('groups' was unexpected)",
    ),
    (
        "audiences.yml",
        "tags:\n  - {id: staff, description: S, restricted: oui}\naudiences: []\n",
        "$.tags[0].restricted: 'oui' is not of type 'boolean'",
    ),
    (
        "functions.yml",
        "functions:\n  - {id: ops, label: O, owner: ops, outsourced: true, prefix: OPS, budget: 3}\n",
        "$.functions[0]: Additional properties are not allowed ('budget' was unexpected)",
    ),
    (
        "functions.yml",
        "functions:\n  - {id: ops, label: O, owner: ops, outsourced: true, prefix: ops}\n",
        "$.functions[0].prefix: 'ops' does not match '^[A-Z][A-Z0-9]*$'",
    ),
    (
        "sites.yml",
        "sites:\n  - {id: lyon, name: Lyon, city: Lyon}\n",
        "$.sites[0]: Additional properties are not allowed ('city' was unexpected)",
    ),
    ("sites.yml", "sites: {lyon: Lyon}\n", "$.sites: {'lyon': 'Lyon'} is not of type 'array'"),
    (
        "review.yml",
        POLICY["access_policies/review.yml"] + "  reminder: 3 days\n",
        "$.review: Additional properties are not allowed ('reminder' was unexpected)",
    ),
    (
        "review.yml",
        POLICY["access_policies/review.yml"].replace("30 days", "30"),
        "$.review.warning_window: 30 is not of type 'string'",
    ),
    (
        "sources.yml",
        "sources:\n  - {id: main, path: procedures, kind: repository, readers: [company], branch: main}\n",
        "$.sources[0]: Additional properties are not allowed ('branch' was unexpected)",
    ),
    (
        "sources.yml",
        "sources:\n  - {id: main, path: procedures, kind: repository, readers: company}\n",
        "$.sources[0].readers: 'company' is not of type 'array'",
    ),
    (
        "indicators.yml",
        INDICATOR + "    owner: ops\n",
        "$.indicators[0]: Additional properties are not allowed ('owner' was unexpected)",
    ),
    (
        "indicators.yml",
        INDICATOR.replace("access: [staff]", "access: staff"),
        "$.indicators[0].access: 'staff' is not of type 'array'",
    ),
    (
        "readiness.yml",
        "weights_total: 100\n",
        "$: Additional properties are not allowed ('weights_total' was unexpected)",
    ),
    (
        "readiness.yml",
        "thresholds: {ready: high}\n",
        "$.thresholds.ready: 'high' is not of type 'integer'",
    ),
    (
        "sensitive-data.yml",
        "allowed: {iban: [staff]}\n",
        "$: Additional properties are not allowed ('allowed' was unexpected)",
    ),
    (
        "sensitive-data.yml",
        "classes: {iban: staff}\n",
        "$.classes.iban: 'staff' is not of type 'array'",
    ),
]


@pytest.mark.parametrize(
    ("policy_file", "text", "error"), BROKEN, ids=[f"{b[0]}-{i}" for i, b in enumerate(BROKEN)]
)
def test_a_broken_policy_file_is_refused_by_its_schema_and_by_the_loader(
    tmp_path: Path, policy_file: str, text: str, error: str
):
    code, output = validate(tmp_path, schema_name(policy_file), {policy_file: text})
    assert code == 1
    assert f"  {policy_file}::{error}" in output.splitlines()
    assert not loader_accepts(policy_file, text)


# (file, text, whether both accept it): where pydantic's own schema and the loader differ
AGREEMENT = [
    ("review.yml", POLICY["access_policies/review.yml"].replace("30 days", "30 jours"), True),
    ("review.yml", POLICY["access_policies/review.yml"].replace("30 days", "30 MONTHS"), True),
    ("review.yml", POLICY["access_policies/review.yml"].replace("30 days", "30 bananas"), False),
    ("review.yml", POLICY["access_policies/review.yml"].replace("30 days", "-30 days"), False),
    ("readiness.yml", "", True),
    ("readiness.yml", "drill_within: 6 months\n", True),
    ("readiness.yml", "drill_within: 0 months\n", False),
    ("sensitive-data.yml", "", True),
    (
        "sensitive-data.yml",
        'exceptions:\n  - {path: a.md, data_class: iban, fingerprint: "3f9a0c12b7de", '
        "reason: exemple, expires: 2027-06-30}\n",
        True,
    ),
    (
        "sensitive-data.yml",
        "exceptions:\n  - {path: a.md, class: iban, fingerprint: 3f9a0c12b7de, "
        "reason: exemple, expires: 2027-06-30}\n",
        True,
    ),
    (
        "sensitive-data.yml",
        "exceptions:\n  - {path: a.md, class: iban, fingerprint: 3f9a0c12, "
        "reason: exemple, expires: 2027-06-30}\n",
        False,
    ),
    ("people.yml", "people:\n  - {id: Olivia, name: O, organisation: company}\n", False),
    ("frontmatter", HEADER + "status: draft\n", True),
    ("frontmatter", HEADER + "status: active\n", False),
    ("frontmatter", HEADER + "status: active\nlast_reviewed: 2026-01-10\nreviewed_by: ops\n", True),
    ("frontmatter", HEADER + "status: draft\nlast_reviewed: 2026-02-30\n", False),
    ("frontmatter", HEADER + "status: draft\nreview_every: 6 mois\n", True),
    ("frontmatter", HEADER + "status: draft\nreview_every: 0 days\n", False),
    (
        "frontmatter",
        HEADER.replace("Une procédure", "Une <b>procédure</b>") + "status: draft\n",
        False,
    ),
    ("frontmatter", HEADER.replace("OPS-001", "ops-1") + "status: draft\n", False),
]


@pytest.mark.parametrize(
    ("policy_file", "text", "accepted"),
    AGREEMENT,
    ids=[f"{a[0]}-{i}" for i, a in enumerate(AGREEMENT)],
)
def test_the_schema_accepts_what_the_loader_accepts(
    tmp_path: Path, policy_file: str, text: str, accepted: bool
):
    schema = FRONTMATTER_SCHEMA if policy_file == "frontmatter" else schema_name(policy_file)
    name = "header.yml" if policy_file == "frontmatter" else policy_file
    code, _output = validate(tmp_path, schema, {name: text})
    assert (code == 0, loader_accepts(policy_file, text)) == (accepted, accepted)


def test_there_is_a_schema_for_every_policy_file_the_policy_knows():
    known = (
        set(policy_module._FILES)
        | set(policy_module._OPTIONAL_FILES)
        | policy_module.READ_BY_THEIR_OWNERS
    )
    assert set(POLICY_MODELS) == known


def test_the_help_on_hover_names_real_fields_only():
    fields = {f"{model.__name__}.{name}" for model in _records() for name in model.model_fields}
    assert set(FIELD_HELP) - fields == set()


def test_every_field_of_every_schema_has_help_on_hover():
    undescribed = []
    for schema in generate_schemas():
        loaded = json.loads(schema.text)
        for node in (loaded, *loaded.get("$defs", {}).values()):
            for key, field in node.get("properties", {}).items():
                if "description" not in field:
                    undescribed.append(f"{schema.name}: {node['title']}.{key}")
    assert undescribed == []


def test_vscode_maps_every_policy_schema_to_its_file():
    settings = json.loads((REPOSITORY / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        f"./.vscode/schemas/{schema_name(name)}": f"/access_policies/{name}"
        for name in POLICY_MODELS
    }


def test_the_generated_texts_are_the_same_each_time_with_sorted_keys():
    first, second = generate_schemas(), generate_schemas()
    assert first == second
    for schema in first:
        assert (
            schema.text
            == json.dumps(json.loads(schema.text), indent=2, sort_keys=True, ensure_ascii=False)
            + "\n"
        )


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_committed_schemas_are_what_the_code_generates():
    result = invoke("schema", "--check", "--root", str(REPOSITORY))
    assert (result.exit_code, result.output) == (
        0,
        f"10 schemas are up to date in {SCHEMAS.as_posix()}.\n",
    ), "the models changed: run `classeur schema` and commit .vscode/schemas/"


def test_schema_writes_every_schema_into_the_folder_given(tmp_path: Path):
    result = invoke("schema", "--output-dir", str(tmp_path / "out"))
    assert (result.exit_code, result.output) == (0, f"Wrote 10 schemas to {tmp_path}/out.\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        s.name for s in generate_schemas()
    ]


def test_schema_check_names_changed_missing_and_unknown_files(tmp_path: Path):
    invoke("schema", "--output-dir", str(tmp_path))
    (tmp_path / "people.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "sites.schema.json").unlink()
    (tmp_path / "old.schema.json").write_text("{}\n", encoding="utf-8")
    result = invoke("schema", "--check", "--output-dir", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1,
        f"{tmp_path}/old.schema.json: not a schema Classeur makes any more. Delete it.\n"
        f"{tmp_path}/people.schema.json: out of date (the models changed). "
        "Run `classeur schema` to write it again.\n"
        f"{tmp_path}/sites.schema.json: missing. Run `classeur schema` to write it.\n",
    )


def test_schema_speaks_french_under_a_french_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("LANGUAGE", "fr")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    i18n.reset()
    try:
        written = invoke("schema", "--output-dir", str(tmp_path / "out"))
        (tmp_path / "out" / "sites.schema.json").unlink()
        checked = invoke("schema", "--check", "--output-dir", str(tmp_path / "out"))
    finally:
        monkeypatch.setenv("LANGUAGE", "en")
        i18n.reset()
    assert written.output == f"10 schémas écrits dans {tmp_path}/out.\n"
    assert checked.output == (
        f"{tmp_path}/out/sites.schema.json\u00a0: absent. Lancez `classeur schema` pour l'écrire.\n"
    )


def _records():
    from classeur.model.json_schemas import _models_within

    for model in POLICY_MODELS.values():
        yield from _models_within(model)


def test_every_committed_schema_is_a_valid_draft_07_schema():
    result = subprocess.run(
        [*CHECK_JSONSCHEMA, "--check-metaschema", *sorted(map(str, SCHEMAS.glob("*.json")))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "ok -- validation done\n")


def test_every_validator_the_generator_knows_still_exists():
    import importlib

    from classeur.model import json_schemas

    missing = []
    for key in [*json_schemas._TEXT_CHECKS, *json_schemas._READ_FROM_TEXT]:
        module, _dot, name = key.rpartition(".")
        if not hasattr(importlib.import_module(module), name):
            missing.append(key)
    assert missing == [], "a validator was renamed: update json_schemas.py"
