"""The command line's language: English messages in the code, French from catalogues.

Every message a user reads on the terminal is written in English in the code and
wrapped in `_()` (or `ngettext()` when it counts something); the French comes from
the gettext catalogues in `classeur/locale/fr/*.po`, one file per area of the tool so
that each area keeps its own words. Codes (`overdue`), JSON keys and file formats
never change with the language.

The language is the one gettext itself would pick: the first of LANGUAGE, LC_ALL,
LC_MESSAGES and LANG that is set. French when it starts with `fr`, English otherwise.

The package builds its binary catalogue itself, on first use, from the `.po` files it
ships (Babel, already a dependency, compiles them): a checkout, an editable install
and a wheel all work the same, and no compiled file is kept in Git. The compiled
catalogue lands in the user's cache, named after a digest of the `.po` files, so an
edited catalogue is rebuilt and an unchanged one costs one hash. The application's
global text domain is set to it too, because click translates its own words
(« Usage: », « Show this message and exit. ») through the global domain: our
catalogue carries those as well.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import os
import tempfile
from pathlib import Path

from classeur.common.fileio import write_atomic

DOMAIN = "classeur"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _(message: str) -> str:
    """`message` in the user's language (the English text itself when untranslated)."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message that fits `count` in the user's language.

    French uses the singular for 0 and 1 (« 0 erreur », « 1 jour », « 2 jours »).
    """
    return _translations().ngettext(singular, plural, count)


def language() -> str:
    """`fr` or `en`: the language the messages are shown in."""
    return "fr" if _requested() == "fr" and _catalogue_dir("fr") is not None else "en"


def reset() -> None:
    """Forget the language chosen so far (tests switch it with the environment)."""
    _translations.cache_clear()
    gettext.textdomain("messages")


def _requested() -> str | None:
    """The language the environment asks for, as gettext reads it (None: the C locale)."""
    for variable in LANGUAGE_VARIABLES:
        value = os.environ.get(variable, "")
        if value:
            first = value.split(":")[0]
            code = first.split(".")[0].split("@")[0].split("_")[0].lower()
            return None if code in ("c", "posix", "") else code
    return None


@functools.cache
def _translations() -> gettext.NullTranslations:
    """The catalogue for the requested language, also made the global domain (for click)."""
    wanted = _requested()
    if wanted is None or wanted == "en":
        return gettext.NullTranslations()
    directory = _catalogue_dir(wanted)
    if directory is None:
        return gettext.NullTranslations()
    gettext.bindtextdomain(DOMAIN, str(directory))
    gettext.textdomain(DOMAIN)
    return gettext.translation(DOMAIN, str(directory), languages=[wanted], fallback=True)


@functools.cache
def _catalogue_dir(language_code: str) -> Path | None:
    """The folder holding `<lang>/LC_MESSAGES/classeur.mo`, compiled if needed."""
    sources = sorted((LOCALE_DIR / language_code).glob("*.po"))
    if not sources:
        return None
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    root = _cache_root() / digest.hexdigest()[:16]
    compiled = root / language_code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not compiled.exists():
        write_atomic(compiled, compile_catalogue(sources))
    return root


def compile_catalogue(sources: list[Path]) -> bytes:
    """One binary catalogue from several `.po` files (a message defined twice is a bug)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged: Catalog | None = None
    for source in sources:
        with source.open("rb") as stream:
            catalogue = read_po(stream, domain=DOMAIN)
        if merged is None:
            merged = catalogue
            continue
        for message in catalogue:
            if not message.id:
                continue  # the header
            if message.id in merged:
                raise ValueError(f"{source.name}: {message.id!r} is already translated elsewhere")
            merged[message.id] = message
    assert merged is not None
    buffer = io.BytesIO()
    write_mo(buffer, merged, use_fuzzy=False)
    return buffer.getvalue()


def _cache_root() -> Path:
    """Where compiled catalogues live: the user's cache, or the temporary folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidate = Path(base) / "classeur" / "locale"
    try:
        candidate.mkdir(parents=True, exist_ok=True)
        if os.access(candidate, os.W_OK):
            return candidate
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / f"classeur-locale-{os.getuid()}"
