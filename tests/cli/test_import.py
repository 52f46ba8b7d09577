"""`classeur import` on the command line: dry run, exit codes, bad input before anything
is written, never an overwrite, nothing followed out of the source, French messages."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from classeur.binder.check import check
from classeur.model.findings import Severity
from tests.conftest import make_binder
from tests.importing.conftest import copy_gitbook, run_import


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    root = make_binder(tmp_path / "binder", {})
    return root, copy_gitbook(tmp_path / "manuel")


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "procedures").rglob("*"))


def test_a_dry_run_prints_the_plan_and_writes_nothing(setup):
    root, source = setup
    result = run_import(root, str(source), "--function", "ops", "--dry-run")
    lines = result.stdout.replace(str(source), "SRC").splitlines()
    assert result.exit_code == 0
    assert lines[6:9] == [
        "Would create procedures/ops/manuel/index.md (OPS-001) from SRC/README.md.",
        "Would create procedures/ops/manuel/emails/index.md (OPS-002) from SRC/emails/README.md.",
        "Would create procedures/ops/manuel/emails/modeles.md (OPS-003) from "
        "SRC/emails/modeles.md.",
    ]
    assert lines[-5:] == [
        "Would copy procedures/ops/manuel/emails/modele-relance.docx.",
        "Would copy procedures/ops/manuel/factures/circuit-avoir.png.",
        "Would copy procedures/ops/manuel/factures/modele-avoir.pdf.",
        "Would copy procedures/ops/manuel/factures/ecran-validation.png.",
        "Nothing was written (--dry-run).",
    ]
    assert _files(root) == []


def test_importing_a_folder_again_refuses_every_page_and_changes_nothing(setup):
    root, source = setup
    run_import(root, str(source), "--function", "ops")
    before = {p: (root / p).read_bytes() for p in _files(root) if (root / p).is_file()}
    again = run_import(root, str(source), "--function", "ops")
    assert again.exit_code == 1
    assert again.stdout.splitlines()[-1] == (
        "6 pages or files were not imported: see the errors above."
    )
    assert again.stdout.replace(str(source), "SRC").splitlines()[1] == (
        "SRC/README.md: target-exists: procedures/ops/manuel/index.md already exists: this page "
        "was not imported, and nothing was written for it. Move or rename that file, or import "
        "into another function."
    )
    assert {p: (root / p).read_bytes() for p in _files(root) if (root / p).is_file()} == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--function", "opz"],
            'error: unknown function "opz". Did you mean ops? Known functions: ops '
            "(access_policies/functions.yml).",
        ),
        (
            ["--function", "ops", "--access", "staf"],
            'error: unknown access tag "staf". Did you mean staff? Known tags: provider, secret, '
            "staff (access_policies/audiences.yml). Nothing was written.",
        ),
    ],
)
def test_a_bad_function_or_tag_stops_before_anything_is_written(setup, args, message):
    root, source = setup
    result = run_import(root, str(source), *args)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, message)
    assert _files(root) == []


def test_a_missing_source_stops_everything_even_with_a_good_one(setup, tmp_path):
    root, source = setup
    result = run_import(root, str(source), str(tmp_path / "absent.docx"), "--function", "ops")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        2,
        f"error: {tmp_path.as_posix()}/absent.docx does not exist. Name a .docx or .odt file, "
        "or a GitBook or MkDocs folder.",
    )
    assert _files(root) == []


def test_a_folder_of_no_known_kind_is_refused(setup, tmp_path):
    root, _source = setup
    (tmp_path / "notes").mkdir()
    result = run_import(root, str(tmp_path / "notes"), "--function", "ops")
    assert result.exit_code == 2
    assert "is neither a Word (.docx) or OpenDocument (.odt) file" in result.stderr


def test_a_symbolic_link_is_never_followed_out_of_the_source(setup, tmp_path):
    root, source = setup
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 confidentiel")
    (source / ".gitbook/assets/lien.pdf").symlink_to(secret)
    (source / "factures/lien.md").write_text(
        "# Lien\n\n[Le fichier](../.gitbook/assets/lien.pdf)\n"
    )
    result = run_import(root, str(source), "--function", "ops")
    report = result.stdout.replace(str(source), "SRC").splitlines()
    assert (
        "SRC/.gitbook/assets/lien.pdf: symlink-skipped: symbolic link, never followed: it "
        "could lead out of the source folder. Replace it with a copy of the file if readers "
        "need it." in report
    )
    assert (
        "SRC/factures/lien.md:3: unresolved-link: `../.gitbook/assets/lien.pdf`: it is a "
        "symbolic link, never followed. A Markdown link keeps its words and shows the target "
        "as code; fix it by hand." in report
    )
    page = (root / "procedures/ops/manuel/factures/lien.md").read_text("utf-8")
    assert page.endswith("\nLe fichier (`../.gitbook/assets/lien.pdf`)\n")
    assert not any(p.read_bytes() == secret.read_bytes() for p in root.rglob("*.pdf"))


def test_file_names_are_made_safe(setup):
    root, source = setup
    (source / "factures/--Procédure <urgente>\u202e.md").write_text("# Urgent\n\nTexte.\n")
    run_import(root, str(source), "--function", "ops")
    assert (root / "procedures/ops/manuel/factures/procedure-urgente.md").is_file()


def test_messages_are_french_under_a_french_locale(setup):
    root, source = setup
    done = subprocess.run(
        [sys.executable, "-m", "classeur", "import", str(source), "--function", "ops",
         "--access", "staf", "--root", str(root)],
        capture_output=True, text=True, env={"LANGUAGE": "fr", "PATH": ""}, check=False,
    )  # fmt: skip
    # the `error:` prefix is the command line's own (cli/main.py): only the message is ours
    assert (done.returncode, done.stderr.splitlines()[-1].split(":", 1)[1].strip()) == (
        2,
        "étiquette d'accès « staf » inconnue. Vouliez-vous dire staff ? Étiquettes "
        "connues : provider, secret, staff (access_policies/audiences.yml). Rien n'a été écrit.".replace(
            " :", "\u00a0:"
        )
        .replace(" ?", "\u00a0?")
        .replace("« ", "«\u00a0")
        .replace(" »", "\u00a0»"),
    )


def test_nothing_is_written_through_a_function_folder_that_is_a_link(setup, tmp_path):
    root, source = setup
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (root / "procedures").mkdir()
    (root / "procedures/ops").symlink_to(elsewhere)
    result = run_import(root, str(source), "--function", "ops")
    assert result.exit_code == 1
    assert result.stdout.replace(str(source), "SRC").splitlines()[-3] == (
        "SRC/factures/emission.md: symlink-target: procedures/ops is a symbolic link: nothing "
        "is written through it, so this page was not imported. Replace the link with a folder."
    )
    assert list(elsewhere.iterdir()) == []


def test_a_dry_run_that_would_refuse_a_page_exits_1_and_writes_nothing(setup):
    root, source = setup
    (root / "procedures/ops/manuel").mkdir(parents=True)
    (root / "procedures/ops/manuel/index.md").write_text("autre\n")
    result = run_import(root, str(source), "--function", "ops", "--dry-run")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-2:] == [
        "1 page or file was not imported: see the errors above.",
        "Nothing was written (--dry-run).",
    ]
    assert _files(root) == [
        "procedures/ops",
        "procedures/ops/manuel",
        "procedures/ops/manuel/index.md",
    ]


def test_a_committed_codeowners_is_kept_current_as_new_does(setup):
    root, source = setup
    (root / "CODEOWNERS").write_text("# outdated\n")
    result = run_import(root, str(source), "--function", "ops")
    assert result.stdout.splitlines()[-2] == (
        "Updated CODEOWNERS: commit it with the imported documents."
    )
    report = check(root, today=date(2026, 3, 1), history=None, values_in_history=False)
    assert [f.code for f in report.findings if f.severity is Severity.ERROR] == []
    assert "/procedures/ops/manuel/factures/modele-avoir.pdf" in (root / "CODEOWNERS").read_text()
