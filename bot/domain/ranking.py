"""Which entries does a description in words most likely mean? BM25 over each entry's words.

Each entry is one document made of its own words, weighted by where they come from: code
words and product message count most, then keywords and summary, meaning, causes, and the
steps least (they name commands and tools that many entries share). The index is inverted:
a paste costs one dict hit per distinct word, plus the postings of the words it holds, so it
stays fast from 40 to thousands of entries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.knowledge import Entry
from bot.domain.words import Word, code_parts, words

K1 = 1.2
B = 0.6
MAX_QUERY_TERMS = 3_000  # distinct words of a paste that are looked up: bounds a long paste
TYPO_MIN, TYPO_MAX = 4, 24  # words this long with one letter wrong, missing or extra...
TYPO_WEIGHT = 0.7  # ...still count for this share of the word's weight
MAX_TYPO_LOOKUPS = 200  # unknown words tried per paste
TYPOS_KEPT = 4_096  # unknown words whose near word is kept for the next paste

_FIELD_WEIGHTS = {"code": 3.0, "message": 2.0, "keywords": 2.0, "summary": 1.5,
                  "meaning": 1.0, "causes": 1.0, "steps": 0.4}
# Words that say nothing about which error it is.
_STOP = frozenset("""
a an the and or but if then than so to of in on at by for with from into onto as is are was
were be been being am do does did done doing have has had having it its it's this that these
those there here what which who whom whose when where why how i me my we us our you your he
she they them their his her not no nor can could will would shall should may might must
just also too very still even any all some every each only about after before again over
under up down out off get gets got getting see seen seeing say says said try tried trying
anyone someone something anything hi hello hey thanks thank please help helps idea ideas
know knows guys team today now yesterday morning one two same other another keep keeps kept
like really since because while though getting im ive dont doesnt cant wont isnt
""".split()) | frozenset({  # the domain itself: every entry is about these
    "nps", "extension", "ext", "azure", "mfa", "microsoft", "entra", "radius", "vpn",
    "error", "errors", "issue", "problem", "fail", "fails", "failed", "failing", "working",
})
_SLACK_MARKUP = frozenset({"<!", "<@", "<#"})
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "e", "y")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light stemmer: "certificates", "certificate" and "certificated" share "certificat"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: -len(suffix)]
    return word


def terms(text: str, found: list[Word] | None = None) -> list[str]:
    """Stemmed content words, with CamelCase codes also split into words; ``found`` is
    ``words(text)`` when the caller has it already. Each distinct spelling is read once."""
    out: list[str] = []
    seen: set[str] = set()
    for word in words(text) if found is None else found:
        raw = text[word.start : word.end]
        if raw in seen or word.text in _STOP or len(word.text) < 2:
            continue
        if text[max(0, word.start - 2) : word.start] in _SLACK_MARKUP:
            continue  # <!channel>, <@U0123>, <#C0123>: Slack's markup, not the person's words
        seen.add(raw)
        out.append(stem(word.text))
        if not raw.islower() and not raw.isupper() and not raw.isdigit():
            parts = code_parts(raw)
            if len(parts) > 1:
                out.extend(stem(p) for p in parts if p not in _STOP)
    return out


@dataclass(frozen=True, slots=True)
class Ranked:
    entry: Entry
    score: float
    coverage: float  # share of the paste's distinct words that this entry holds


class Ranker:
    def __init__(self, entries: Iterable[Entry], fields: Iterable[str] = tuple(_FIELD_WEIGHTS),
                 typos: bool = True):
        """``fields``: which of an entry's fields make its document (all by default);
        ``typos``: whether a word one letter off a known one counts."""
        self.entries = tuple(entries)
        self._typos = MAX_TYPO_LOOKUPS if typos else 0
        weights = {f: _FIELD_WEIGHTS[f] for f in fields}
        docs: list[dict[str, float]] = []
        for entry in self.entries:
            doc: dict[str, float] = defaultdict(float)
            for field, text in _fields(entry):
                if field in weights:
                    for term in terms(text):
                        doc[term] += weights[field]
            docs.append(doc)
        count = max(1, len(docs))
        average = sum(sum(d.values()) for d in docs) / count or 1.0
        df: dict[str, int] = defaultdict(int)
        for doc in docs:
            for term in doc:
                df[term] += 1
        # BM25 with the query's own term frequency ignored (a paste repeating a word says no
        # more), so each (term, entry) weight is computed once here.
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        # Symmetric delete index: every word with one letter removed -> the words it came from.
        self._deletes: dict[str, set[str]] = defaultdict(set)
        for term in df:
            if TYPO_MIN <= len(term) <= TYPO_MAX and term.isalpha():
                for i in range(len(term)):
                    self._deletes[term[:i] + term[i + 1 :]].add(term)
        for index, doc in enumerate(docs):
            norm = K1 * (1 - B + B * sum(doc.values()) / average)
            for term, tf in doc.items():
                idf = math.log(1 + (count - df[term] + 0.5) / (df[term] + 0.5))
                self._postings[term].append((index, idf * tf * (K1 + 1) / (tf + norm)))
        # Chat repeats its unknown words ("lunch", "printer"): each costs ~3 µs to look up.
        self._near_postings = lru_cache(maxsize=TYPOS_KEPT)(self._near)

    def rank(self, text: str, found: list[Word] | None = None, limit: int = 3,
             ignore: frozenset[str] = frozenset()) -> list[Ranked]:
        """The best ``limit`` entries; ``ignore`` holds stemmed terms that do not count."""
        scores: dict[int, float] = defaultdict(float)
        hits: dict[int, int] = defaultdict(int)
        query = [t for t in dict.fromkeys(terms(text, found)) if t not in ignore]
        query = query[:MAX_QUERY_TERMS]
        typos = 0
        for term in query:
            postings = self._postings.get(term)
            factor = 1.0
            if postings is None and typos < self._typos \
                    and TYPO_MIN <= len(term) <= TYPO_MAX and term.isalpha():
                typos += 1
                postings, factor = self._near_postings(term), TYPO_WEIGHT
            for index, weight in postings or ():
                scores[index] += weight * factor
                hits[index] += 1
        best = sorted(scores.items(), key=lambda s: (-s[1], s[0]))[:limit]
        return [Ranked(self.entries[i], score, hits[i] / len(query)) for i, score in best]

    def _near(self, term: str) -> list[tuple[int, float]] | None:
        """The postings of the one known word at one edit from ``term``: a letter missing
        ("tokn"), else one too many ("tokken"), else one wrong ("tokan")."""
        shorter = [term[:i] + term[i + 1 :] for i in range(len(term))]
        for found in (self._deletes.get(term, set()),
                      {w for w in shorter if w in self._postings},
                      {w for d in shorter for w in self._deletes.get(d, ())} - {term}):
            if len(found) == 1:
                return self._postings[next(iter(found))]
            if found:
                return None
        return None


def _fields(entry: Entry) -> Iterable[tuple[str, str]]:
    for code in entry.codes:
        yield "code", " ".join(code_parts(code))
    if entry.message:
        yield "message", entry.message
    yield "summary", entry.summary
    yield "meaning", entry.meaning
    for keyword in entry.keywords:
        yield "keywords", keyword
    for cause in entry.causes:
        yield "causes", f"{cause.pattern} {cause.cause}"
    for step in entry.steps:
        yield "steps", step
