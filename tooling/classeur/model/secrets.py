"""Secrets in a text: passwords, API keys, tokens, private keys, credentials in URLs (#14).

detect-secrets' plugins find tokens and keys by their shapes and `password: …`
assignments; « mot de passe : … » and its French kin are found here, since the
keyword plugin knows only English and Spanish words and wants no space before
the colon. detect-secrets is slow per line and slow to import, so one pass of an
Aho-Corasick automaton first finds the lines worth its time (the cues), and
each line meets only the detectors its cues call for. Also the cues of a BIC,
for model/sensitive.py.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from classeur.model.wordsearch import WordSearch


class Cue(enum.Enum):
    """What a word in a line calls for: the detectors worth running on that line."""

    KEYWORD = "keyword"  # a word that announces a secret: « mot de passe », `token`
    TOKEN = "token"  # the prefix of a token or key detect-secrets knows
    URL = "url"  # `://`: a URL, which may carry `user:password@`
    PRIVATE_KEY = "private key"
    BIC = "bic"


# The pre-filter: a line goes to detect-secrets only when it holds one of these,
# and only to the detectors the cue calls for. Words that announce a secret count
# in lower case, capitalised or in capitals, and only when a `:` or `=` follows
# closely; tokens by their own prefix. Tokens without one (Discord, Telegram,
# Twilio…) are looked for on lines a word announces.
_KEYWORDS = (
    "mot de passe", "mots de passe", "password", "passwd", "pwd", "mdp", "_pass", "pass_",
    "secret", "token", "jeton", "key", "clé api", "clé d'api", "clé d’api", "cle api",
    "code d'accès", "code d’accès",
)  # fmt: skip
_TOKENS = (
    "AKIA", "ASIA", "ABIA", "ACCA", "A3T", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-",
    "gldt-", "glft-", "glsoat-", "glrt-", "glcbt-", "glimt-", "glptt-", "glagent-", "gloas-",
    "GR1348941", "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "hooks.slack.com",
    "_live_", "eyJ", "sk-", "SG.", "pypi-", "sq0csp-", "AccountKey=", "AKC", "-us",
)  # fmt: skip


def _cased(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple({form for w in words for form in (w, w.capitalize(), w.upper())})


_CUE_WORDS: dict[str, Cue] = {
    **dict.fromkeys(_cased(_KEYWORDS), Cue.KEYWORD),
    **dict.fromkeys(_TOKENS, Cue.TOKEN),
    "://": Cue.URL,
    "PRIVATE KEY": Cue.PRIVATE_KEY,
    "PuTTY-User-Key": Cue.PRIVATE_KEY,
    **dict.fromkeys(_cased(("bic", "swift")), Cue.BIC),
}


@dataclass(frozen=True)
class Cues:
    """The cues of a text: which kinds it holds, and each cued line's kinds by its start."""

    kinds: frozenset[Cue]
    lines: dict[int, set[Cue]]


@cache
def _cue_search() -> WordSearch[Cue]:
    return WordSearch(_CUE_WORDS)


def scan_cues(text: str) -> Cues:
    """Every cue in `text`, in one pass of an Aho-Corasick automaton over it."""
    kinds: set[Cue] = set()
    lines: dict[int, set[Cue]] = {}
    for start, end, kind in _cue_search().find(text):
        # « mot de passe » is mostly prose: only a word followed by `:` or `=` announces
        # a value (detect-secrets' keyword patterns are the slowest part of the guard).
        if kind is Cue.KEYWORD and not _ASSIGNED_AFTER.match(text, end):
            continue
        if kind is Cue.BIC and not _is_word(text, start, end):
            continue  # EBICS, a protocol, is no BIC
        kinds.add(kind)
        if kind is not Cue.BIC and kind is not Cue.PRIVATE_KEY:
            lines.setdefault(text.rfind("\n", 0, start) + 1, set()).add(kind)
    return Cues(frozenset(kinds), lines)


def _is_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands alone, no letter glued before or after."""
    return not (start > 0 and text[start - 1].isalpha()) and not (
        end < len(text) and text[end].isalpha()
    )


# « mot de passe : … », « mdp = … », « clé d'API : … »: detect-secrets' keyword
# plugin knows only English and Spanish words, and wants no space before the colon.
_FRENCH_SECRET = re.compile(
    r"(?i:\b(?:mots?\s+de\s+passe|mdp|code\s+d['’]acc[eè]s|cl[ée]\s+(?:d['’])?api|jeton"
    r"|password|passwd|pwd|secret|token|api[_ -]?key))"
    r"(?:[^\S\n]*\([^)\n]{0,40}\))?[^\S\n]*(?::=|[:=])[^\S\n]*(?:\|[^\S\n]*)?"
    r"(?P<open>[«\"'`*_]*)[^\S\n]*(?P<value>[^\s«»\"'`|]+)"
)

# What may stand between a word that announces a secret and its `:` or `=`:
# « passe (compte de service) : », `password"] =`, `api_key:`.
_ASSIGNED_AFTER = re.compile(r"[^:=\n]{0,25}?[:=]")

_PRIVATE_KEY_BLOCK = re.compile(
    r"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 ]*-----|\Z)",
    re.DOTALL,
)

_TRAILING_PUNCTUATION = ".,;:)]}»"  # not ! or ?: passwords end with them
# `<mot de passe>`, `${DB_PASSWORD}`, `{{ secret }}`, `%(pwd)s`, `********`, a link:
# what stands for a password rather than being one.
_PLACEHOLDER = re.compile(
    r"^[$<{%]|\$\{|\{\{|%\(|[…•]|\.\.\.|xxx|\*\*\*|^(?:https?|file)://", re.IGNORECASE
)


@cache
def _plugin_patterns() -> tuple[tuple[re.Pattern[str], Callable[[str], bool]], ...]:
    """detect-secrets' token patterns for what a procedure may leak, each with its check."""
    from detect_secrets.plugins import (
        artifactory,
        aws,
        azure_storage_key,
        basic_auth,
        discord,
        github_token,
        gitlab_token,
        jwt,
        mailchimp,
        npm,
        openai,
        pypi_token,
        sendgrid,
        slack,
        square_oauth,
        stripe,
        telegram_token,
        twilio,
    )

    # The high-entropy plugins are left out on purpose: in prose they flag
    # commit hashes and checksums, which are no secret. Private keys are
    # found as whole blocks (_PRIVATE_KEY_BLOCK).
    plugins: tuple[Any, ...] = (
        artifactory.ArtifactoryDetector,
        aws.AWSKeyDetector,
        azure_storage_key.AzureStorageKeyDetector,
        basic_auth.BasicAuthDetector,
        discord.DiscordBotTokenDetector,
        github_token.GitHubTokenDetector,
        gitlab_token.GitLabTokenDetector,
        mailchimp.MailchimpDetector,
        npm.NpmDetector,
        openai.OpenAIDetector,
        pypi_token.PypiTokenDetector,
        sendgrid.SendGridDetector,
        slack.SlackDetector,
        square_oauth.SquareOAuthDetector,
        stripe.StripeDetector,
        telegram_token.TelegramBotTokenDetector,
        twilio.TwilioKeyDetector,
    )
    patterns: list[tuple[re.Pattern[str], Callable[[str], bool]]]
    patterns = [(regex, _always) for plugin in plugins for regex in plugin.denylist]
    patterns += [
        (regex, jwt.JwtTokenDetector.is_formally_valid) for regex in jwt.JwtTokenDetector.denylist
    ]
    return tuple(patterns)


def _always(_: str) -> bool:
    return True


@cache
def _keyword_analysis() -> Callable[[str], Iterator[str]]:
    """detect-secrets' keyword plugin with its `key: value` patterns (YAML, config)."""
    from detect_secrets.plugins import keyword

    detector = keyword.KeywordDetector()

    def analyze(line: str) -> Iterator[str]:
        yield from detector.analyze_string(line, keyword.CONFIG_DENYLIST_REGEX_TO_GROUP)

    return analyze


def find_secrets(text: str, cues: Cues) -> Iterator[tuple[int, int]]:
    """The spans (start, end) of the secrets in `text`, on the lines its cues mark."""
    blocks = list(_PRIVATE_KEY_BLOCK.finditer(text)) if Cue.PRIVATE_KEY in cues.kinds else []
    for block in blocks:
        yield block.start(), block.end()
    for line_start, kinds in sorted(cues.lines.items()):
        line_end = text.find("\n", line_start)
        line = text[line_start : line_end if line_end != -1 else len(text)]
        for start, end in _secrets_in_line(line, kinds):
            if not any(b.start() <= line_start + start < b.end() for b in blocks):
                yield line_start + start, line_start + end


def _secrets_in_line(line: str, kinds: set[Cue]) -> Iterator[tuple[int, int]]:
    """The spans of secrets in one line, by the detectors its cues call for."""
    if Cue.KEYWORD in kinds:
        yield from _keyword_secrets(line)
    if kinds & {Cue.KEYWORD, Cue.TOKEN} or (Cue.URL in kinds and "@" in line):
        yield from _token_secrets(line)


def _keyword_secrets(line: str) -> Iterator[tuple[int, int]]:
    """« mot de passe : … », `password: …`: the value after a word that announces a secret."""
    for match in _FRENCH_SECRET.finditer(line):
        start, end = _trimmed(line, match.start("value"), match.end("value"))
        # `**Tr0ub4dor&3**`: as many emphasis marks as opened it close it.
        closing = sum(1 for mark in match.group("open") if mark in "*_")
        while closing and end > start and line[end - 1] in "*_":
            end, closing = end - 1, closing - 1
        if _looks_like_password(line[start:end]):
            yield start, end
    for raw in _keyword_analysis()(line):
        yield from _span_of_keyword_value(line, raw)


def _token_secrets(line: str) -> Iterator[tuple[int, int]]:
    """Tokens and keys by their shape (detect-secrets' plugins), credentials in URLs."""
    for regex, is_valid in _plugin_patterns():
        for match in regex.finditer(line):
            # A pattern whose first group follows some context (`://user:` before
            # a password) names the secret by that group; otherwise the whole match.
            group = 1 if regex.groups and match.start(1) > match.start() else 0
            start, end = _stripped(line, match.start(group), _token_end(line, match.end(group)))
            if end > start and is_valid(line[start:end]):
                yield start, end


def _token_end(line: str, end: int) -> int:
    """Where the token a plugin matched really ends: some patterns stop short (JWT)."""
    size = len(line)
    while end < size and (line[end].isalnum() or line[end] in "_-+/=."):
        end += 1
    return _trimmed(line, 0, end)[1]


def _span_of_keyword_value(line: str, raw: str) -> Iterator[tuple[int, int]]:
    # The keyword plugin takes the rest of the line: keep its first word.
    words = raw.split()
    at = line.find(words[0]) if words else -1
    if at == -1:
        return
    start, end = _trimmed(line, at, at + len(words[0]))
    if _looks_like_password(line[start:end]):
        yield start, end


def _stripped(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] in " \t=:\"'":
        start += 1
    while end > start and line[end - 1] in " \t\"'":
        end -= 1
    return start, end


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    while end > start and line[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    return start, end


def _looks_like_password(value: str) -> bool:
    """Whether the word after « mot de passe : » is a password rather than prose."""
    from detect_secrets.filters import heuristic

    if len(value) < 6 or _PLACEHOLDER.search(value):
        return False
    if heuristic.is_sequential_string(value) or heuristic.is_templated_secret(value):
        return False
    has_letter = any(c.isalpha() for c in value)
    has_digit = any(c.isdigit() for c in value)
    has_symbol = any(not c.isalnum() and c not in "-'’" for c in value)
    camel = any(a.islower() and b.isupper() for a, b in pairwise(value))
    return (has_digit and (has_letter or len(value) >= 8)) or has_symbol or camel
