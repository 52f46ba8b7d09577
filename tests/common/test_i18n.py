"""The command line speaks French when the locale is French, English otherwise,
and every message wrapped for translation has its French words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from classeur.common import i18n

PACKAGE = Path(i18n.__file__).resolve().parent.parent
KEYWORDS = {"_": None, "ngettext": (1, 2)}
# click's own words (« Usage: ») are translated through the global domain; they are
# not in our code, so the "every entry is used" check skips that file
CLICK_CATALOGUE = "click.po"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _wrapped_messages() -> dict[str, list[str]]:
    """Every literal passed to `_()` or `ngettext()` in the package -> where it is."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.setdefault(text, []).append(f"{filename}:{lineno}")
    return found


def _as_tuple(value: object) -> tuple[str, ...]:
    """A catalogue entry's id or translation: one string, or one per plural form."""
    return tuple(str(v) for v in value) if isinstance(value, (tuple, list)) else (str(value),)


def _french() -> dict[str, tuple[str, ...]]:
    """msgid (singular and plural alike) -> its French forms, over every .po file."""
    entries: dict[str, tuple[str, ...]] = {}
    for source in sorted((i18n.LOCALE_DIR / "fr").glob("*.po")):
        with source.open("rb") as stream:
            for message in read_po(stream):
                if not message.id:
                    continue
                for one in _as_tuple(message.id):
                    entries[one] = _as_tuple(message.string)
    return entries


def _catalogue_sources() -> list[Path]:
    return sorted((i18n.LOCALE_DIR / "fr").glob("*.po"))


def test_every_wrapped_message_has_its_french_words():
    french = _french()
    missing = {text: where for text, where in _wrapped_messages().items() if text not in french}
    assert missing == {}


def test_no_french_entry_is_left_empty_or_without_its_placeholders():
    for source in _catalogue_sources():
        with source.open("rb") as stream:
            for message in read_po(stream):
                if not message.id:
                    continue
                ids, forms = _as_tuple(message.id), _as_tuple(message.string)
                expected = set(PLACEHOLDER.findall(ids[-1]))
                for form in forms:
                    assert form, f"{source.name}: {ids[0]!r} has no French"
                    assert set(PLACEHOLDER.findall(form)) <= expected | set(
                        PLACEHOLDER.findall(ids[0])
                    ), f"{source.name}: {ids[0]!r} -> {form!r}"


def test_every_french_entry_is_used_by_the_code():
    used = _wrapped_messages()
    for source in _catalogue_sources():
        if source.name == CLICK_CATALOGUE:
            continue
        with source.open("rb") as stream:
            unused = [m.id for m in read_po(stream) if m.id and _as_tuple(m.id)[0] not in used]
        assert unused == [], f"{source.name} translates messages no code shows"


def test_no_message_is_an_f_string_the_catalogue_cannot_match():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(_|ngettext)\(\s*f[\"']", line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}")
    assert offenders == []


def test_the_catalogues_compile_into_one(tmp_path: Path):
    assert i18n.compile_catalogue(_catalogue_sources())


def test_english_is_the_default(monkeypatch: pytest.MonkeyPatch):
    for variable in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    i18n.reset()
    assert i18n.language() == "en"
    assert i18n.ngettext("{count} day", "{count} days", 1) == "{count} day"


def test_a_french_locale_in_lang_gives_french(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    for variable in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    i18n.reset()
    try:
        assert i18n.language() == "fr"
    finally:
        monkeypatch.delenv("LANG")
        i18n.reset()


def test_the_c_locale_and_other_languages_give_english(monkeypatch: pytest.MonkeyPatch):
    for value in ("C.UTF-8", "POSIX", "de_DE.UTF-8", "en_GB.UTF-8"):
        monkeypatch.setenv("LANGUAGE", value)
        i18n.reset()
        assert i18n.language() == "en", value
    i18n.reset()


def test_the_catalogue_is_compiled_once_into_the_users_cache(french, tmp_path: Path):
    assert i18n.language() == "fr"
    compiled = list((tmp_path / "cache").rglob("*.mo"))
    assert len(compiled) == 1
