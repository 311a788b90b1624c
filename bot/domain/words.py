"""Word and code tokenisation shared by the knowledge index and the paste scanner.

Offsets always point into the original text, so a match can say which part of the
paste it came from even after normalisation.
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from typing import NamedTuple

# A word, with an optional apostrophe suffix so that contractions stay one token.
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]{1,3})?")
# A code-shaped token: letters, digits, underscores and hyphens (ESTS_TOKEN_ERROR,
# https-communication-error, OathCodeIncorrect). "E_ACCESSDENIED" stays one token, so it
# is never read as the code AccessDenied.
# Tokens shorter than this can be neither a code nor a typo of one, so are never built.
_LONG_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{5,}")
_CAMEL_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
PLACEHOLDER = re.compile(r"\{\d+\}")
# The same patterns as one group, for _split_spans.
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_LONG_TOKEN_SPLIT = re.compile(f"({_LONG_TOKEN.pattern})")

# The newer article wording uses contractions and "might be expired"; both read the same.
_IRREGULAR = {"can't": ("can", "not"), "won't": ("will", "not"), "cannot": ("can", "not")}
_SYNONYMS = {"might": "may"}
_SPECIAL = _IRREGULAR.keys() | _SYNONYMS.keys()
_CARE_MARKERS = ("'", "’", "cannot", "might")  # words that need _clitic_words


class Word(NamedTuple):
    text: str  # normalised: lower case, contractions expanded
    start: int
    end: int


def _clitic_words(low: str, start: int, end: int) -> list[Word]:
    low = low.replace("’", "'")
    if low in _IRREGULAR:
        return [Word(w, start, end) for w in _IRREGULAR[low]]
    if low.endswith("n't"):
        return [Word(low[:-3], start, end), Word("not", start, end)]
    # possessives and other clitics ('s, 're, 'll): keep the stem
    stem = low.split("'", 1)[0]
    return [Word(_SYNONYMS.get(stem, stem), start, end)]


class Spans(NamedTuple):
    """The words of a text as three parallel lists, what words() returns as Word tuples.

    A 40,000-character paste has ~6,000 words: building a Word for each costs 0.65 ms, and
    the matcher mostly needs the texts (sets, joins) and only a few offsets."""

    texts: list[str]
    starts: list[int]
    ends: list[int]

    def words(self) -> list[Word]:
        # Word(...) goes through a Python-level __new__, so the tuple is built directly.
        return list(map(tuple.__new__, repeat(Word), zip(*self, strict=True)))


def _split_spans(split: re.Pattern[str], text: str) -> tuple[list[str], list[int], list[int]]:
    """The matches of ``split`` (a pattern in one group) with their start and end offsets.

    re.split hands back separators and matches in turn, so running lengths give every
    offset without a Match object per word: 1.2 ms for 6,000 words, where finditer took 2.6.
    """
    parts = split.split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    return parts[1::2], offsets[1:-1:2], offsets[2::2]


def word_spans(text: str) -> Spans:
    """words(text), as parallel lists."""
    # Lower-casing ASCII text keeps every offset; other text is lowered word by word.
    lowered = text.isascii()
    source = text.lower() if lowered else text
    texts, starts, ends = _split_spans(_WORD_SPLIT, source)
    if not lowered:
        texts = [t.lower() for t in texts]
    low = source if lowered else source.lower()
    if not any(marker in low for marker in _CARE_MARKERS):
        return Spans(texts, starts, ends)
    out = Spans([], [], [])
    for word in zip(texts, starts, ends, strict=True):
        if word[0] in _SPECIAL or "'" in word[0] or "’" in word[0]:
            for clitic in _clitic_words(*word):
                _append(out, clitic)
        else:
            _append(out, word)
    return out


def _append(spans: Spans, word: tuple[str, int, int]) -> None:
    spans.texts.append(word[0])
    spans.starts.append(word[1])
    spans.ends.append(word[2])


def words(text: str) -> list[Word]:
    return word_spans(text).words()


def message_words(message: str) -> list[str]:
    """The normalised words of a product message, placeholders like {0} removed."""
    return [w.text for w in words(PLACEHOLDER.sub(" ", message))]


def code_key(code: str) -> str:
    """Case, spacing and separators do not matter: ESTS_TOKEN_ERROR == ests-token-error."""
    return code.lower().replace("_", "").replace("-", "").replace(" ", "")


def code_parts(code: str) -> list[str]:
    """ESTS_TOKEN_ERROR -> [ests, token, error]; OathCodeIncorrect -> [oath, code, incorrect]."""
    if "_" in code or "-" in code:
        return [p.lower() for p in re.split(r"[_-]+", code) if p]
    return [p.lower() for p in _CAMEL_PARTS.findall(code)]


def is_snake(token: str) -> bool:
    return "_" in token or "-" in token


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Code-shaped tokens of six characters or more, with their offsets."""
    return list(zip(*_split_spans(_LONG_TOKEN_SPLIT, text), strict=True))
