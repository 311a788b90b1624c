"""Word and code tokenisation shared by the knowledge index and the paste scanner.

Offsets always point into the original text, so a match can say which part of the
paste it came from even after normalisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word, with an optional apostrophe suffix so that contractions stay one token.
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]{1,3})?")
# A code-shaped token: letters, digits, underscores and hyphens (ESTS_TOKEN_ERROR,
# https-communication-error, OathCodeIncorrect). "E_ACCESSDENIED" stays one token, so it
# is never read as the code AccessDenied.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_CAMEL_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
PLACEHOLDER = re.compile(r"\{\d+\}")

# The newer article wording uses contractions and "might be expired"; both read the same.
_IRREGULAR = {"can't": ("can", "not"), "won't": ("will", "not"), "cannot": ("can", "not")}
_SYNONYMS = {"might": "may"}


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # normalised: lower case, contractions expanded
    start: int
    end: int


def _normal_words(raw: str, start: int, end: int) -> list[Word]:
    low = raw.lower().replace("’", "'")
    if low in _IRREGULAR:
        return [Word(w, start, end) for w in _IRREGULAR[low]]
    if low.endswith("n't"):
        return [Word(low[:-3], start, end), Word("not", start, end)]
    if "'" in low:  # possessives and other clitics ('s, 're, 'll): keep the stem
        low = low.split("'", 1)[0]
    return [Word(_SYNONYMS.get(low, low), start, end)]


def words(text: str) -> list[Word]:
    out: list[Word] = []
    for found in _WORD.finditer(text):
        out.extend(_normal_words(found.group(), found.start(), found.end()))
    return out


def message_words(message: str) -> list[str]:
    """The normalised words of a product message, placeholders like {0} removed."""
    return [w.text for w in words(PLACEHOLDER.sub(" ", message))]


def code_key(code: str) -> str:
    """Case, spacing and separators do not matter: ESTS_TOKEN_ERROR == ests-token-error."""
    return re.sub(r"[^a-z0-9]", "", code.lower())


def code_parts(code: str) -> list[str]:
    """ESTS_TOKEN_ERROR -> [ests, token, error]; OathCodeIncorrect -> [oath, code, incorrect]."""
    if "_" in code or "-" in code:
        return [p.lower() for p in re.split(r"[_-]+", code) if p]
    return [p.lower() for p in _CAMEL_PARTS.findall(code)]


def is_snake(token: str) -> bool:
    return "_" in token or "-" in token


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
