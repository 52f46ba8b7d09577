"""The command line speaks French under a French locale, English otherwise: our words,
click's own words (« Utilisation : », « Affiche ce message et quitte. »), the plurals,
and the shipped CI workflows' environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from classeur.cli.main import main
from classeur.common import i18n
from tests.conftest import doc

REPOSITORY = Path(__file__).parents[2]
CLASSEUR = Path(sys.executable).parent / "classeur"  # the entry point of this venv
NBSP = "\u00a0"  # French puts a no-break space before : ; ? ! and inside « »


@pytest.fixture
def language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run the command line in-process in the language given (`LANGUAGE`)."""

    def run(code: str, *args: str, **kwargs):
        monkeypatch.setenv("LANGUAGE", code)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        i18n.reset()  # CliRunner runs in this process: forget the language chosen before
        return CliRunner().invoke(main, list(args), **kwargs)

    yield run
    monkeypatch.setenv("LANGUAGE", "en")
    i18n.reset()


def _french(text: str) -> str:
    return text.replace("~", NBSP)


def test_the_main_help_is_in_french(language):
    result = language("fr", "--help")
    assert result.exit_code == 0
    assert result.output.startswith(
        _french(
            "Utilisation~: classeur [OPTIONS] COMMAND [ARGS]...\n"
            "\n"
            "  Classeur~: le classeur des procédures d'un back-office externalisé.\n"
        )
    )
    assert _french("Options~:\n  --version   Affiche la version et quitte.\n") in result.output
    assert "  -h, --help  Affiche ce message et quitte.\n" in result.output
    assert _french("Commandes~:\n") in result.output


def test_the_main_help_stays_in_english(language):
    result = language("en", "--help")
    assert result.output.startswith(
        "Usage: classeur [OPTIONS] COMMAND [ARGS]...\n"
        "\n"
        "  Classeur: the procedures binder of an outsourced back office.\n"
    )
    assert "Options:\n  --version   Show the version and exit.\n" in result.output
    assert "  -h, --help  Show this message and exit.\n" in result.output


def test_the_help_of_check_is_in_french(language):
    result = language("fr", "check", "--help")
    assert result.output.startswith(
        _french(
            "Utilisation~: classeur check [OPTIONS] [PATHS]...\n"
            "\n"
            "  Valide chaque document et chaque fichier de règles~; signale les documents en\n"
            "  retard de revue.\n"
        )
    )
    assert (
        _french(
            "  Exemples~:\n"
            "    classeur check\n"
            "    classeur check procedures/paie --today 2026-11-16\n"
        )
        in result.output
    )
    assert "  --today AAAA-MM-JJ              Juge les dates de revue" in result.output
    assert _french("[par défaut~: text]") in result.output


def test_the_help_of_check_is_in_english_after_french(language):
    language("fr", "check", "--help")
    result = language("en", "check", "--help")
    assert "  --today YYYY-MM-DD              Judge review dates as on this day" in result.output
    assert "  Examples:\n    classeur check\n" in result.output
    assert "  -h, --help                      Show this message and exit.\n" in result.output


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "error: no such option '--stric'. Did you mean --strict or --history? "
               "Run `classeur check --help`.\n"),
        ("fr", "erreur~: option '--stric' inconnue. Vouliez-vous dire --strict ou --history~? "
               "Voir `classeur check --help`.\n"),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_in_the_language(language, code, expected):
    result = language(code, "check", "--stric")
    assert (result.exit_code, result.output) == (2, _french(expected))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "error: invalid value for '--today': \"2026-13-01\" is not a day; write it as "
               "YYYY-MM-DD, e.g. 2026-11-16. Run `classeur check --help`.\n"),
        ("fr", "erreur~: valeur invalide pour '--today'~: «~2026-13-01~» n'est pas une date~; "
               "écrivez-la sous la forme AAAA-MM-JJ, par exemple 2026-11-16. "
               "Voir `classeur check --help`.\n"),
    ],
)  # fmt: skip
def test_a_bad_value_names_the_option_in_the_language(language, code, expected):
    result = language(code, "check", "--today", "2026-13-01")
    assert (result.exit_code, result.output) == (2, _french(expected))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "error: name the sites to build: --audience NAME (repeatable) or --all.\n"),
        ("fr", "erreur~: indiquez les sites à construire~: --audience NOM (répétable) ou --all.\n"),
    ],
)
def test_an_error_line_is_in_the_language(language, tmp_path, code, expected):
    result = language(code, "build", "--root", str(tmp_path))
    assert (result.exit_code, result.output) == (2, _french(expected))


@pytest.fixture
def one_error(binder) -> Path:
    return binder({"procedures/a.md": doc(access="[admins]"), "procedures/b.md": doc(id="OPS-2")})


@pytest.fixture
def two_errors(binder) -> Path:
    return binder(
        {
            "procedures/a.md": doc(access="[admins]"),
            "procedures/b.md": doc(id="OPS-2", access="[admins]"),
        }
    )


@pytest.mark.parametrize(
    ("code", "fixture", "expected"),
    [
        ("en", "one_error", "1 error in the binder: run `classeur check`.\n"),
        ("en", "two_errors", "2 errors in the binder: run `classeur check`.\n"),
        ("fr", "one_error", "1 erreur dans le classeur~: lancez `classeur check`.\n"),
        ("fr", "two_errors", "2 erreurs dans le classeur~: lancez `classeur check`.\n"),
    ],
)
def test_a_count_takes_the_plural_only_above_one(language, request, code, fixture, expected):
    root = request.getfixturevalue(fixture)
    result = language(code, "access", "--root", str(root))
    assert (result.exit_code, result.stderr) == (0, _french(expected))


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(CLASSEUR), *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=False
    )


def _bare_environment(tmp_path: Path) -> dict[str, str]:
    """This process's environment without any language or locale variable."""
    keep = {k: v for k, v in os.environ.items() if k not in i18n.LANGUAGE_VARIABLES}
    keep = {k: v for k, v in keep.items() if not k.startswith(("LC_", "PYTHONIOENCODING"))}
    return {**keep, "XDG_CACHE_HOME": str(tmp_path / "cache")}


def test_a_french_process_shows_clicks_words_in_french(tmp_path):
    env = {**_bare_environment(tmp_path), "LANGUAGE": "fr"}
    done = _run(["check", "--bogus"], env, tmp_path)
    assert (done.returncode, done.stdout, done.stderr.decode("utf-8")) == (
        2,
        b"",
        _french("erreur~: option '--bogus' inconnue. Voir `classeur check --help`.\n"),
    )
    helped = _run(["--help"], env, tmp_path)
    assert helped.stdout.decode("utf-8").startswith(
        _french("Utilisation~: classeur [OPTIONS] COMMAND [ARGS]...\n")
    )


def _github_environment() -> dict[str, str]:
    workflow = yaml.safe_load((REPOSITORY / ".github/workflows/classeur.yml").read_text("utf-8"))
    return {k: str(v) for k, v in workflow["jobs"]["check"]["env"].items()}


def _gitlab_environment() -> dict[str, str]:
    pipeline = yaml.safe_load((REPOSITORY / ".gitlab-ci.yml").read_text("utf-8"))
    return {k: str(v) for k, v in pipeline["variables"].items()}


@pytest.mark.parametrize("variables", [_github_environment, _gitlab_environment])
def test_the_workflows_environment_gives_french_with_its_accents(binder, tmp_path, variables):
    # whether or not this machine has generated fr_FR.UTF-8: the workflows must not need it
    root = binder({"procedures/a.md": doc()})
    env = {**_bare_environment(tmp_path), **variables()}
    assert env["LANGUAGE"].startswith("fr")
    done = _run(["check", "--root", str(root), "--today", "2026-13-01"], env, tmp_path)
    assert (done.returncode, done.stderr.decode("utf-8")) == (
        2,
        _french(
            "erreur~: valeur invalide pour '--today'~: «~2026-13-01~» n'est pas une date~; "
            "écrivez-la sous la forme AAAA-MM-JJ, par exemple 2026-11-16. "
            "Voir `classeur check --help`.\n"
        ),
    )
    clean = _run(
        ["check", "--root", str(root), "--no-history", "--today", "2026-03-01"], env, tmp_path
    )
    assert (clean.returncode, clean.stderr) == (0, b"")
    assert "Checked" not in clean.stdout.decode("utf-8")  # the summary is not the English one
