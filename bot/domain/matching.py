"""Which known NPS-extension errors is this paste about?

The matcher is built once per knowledge base and is pure: ``match(text)`` looks at the
text only. Its guiding rule is that a false match in a channel is worse than silence:
  - exact codes (any case or separator) and exact product messages are confident;
  - codes made of plain English words (AccessDenied, UserNotFound, ...) and very short
    messages ("Tenant is blocked") also appear in other products' errors, so unasked they
    are confident only next to the NPS extension's own context (RADIUS or MFA alone is
    not), and plain-word codes and messages never in a paste that names another product;
  - unasked, a code the paste calls gone ("not ests token error anymore, fixed") is history;
  - a code with a typo is confident only at edit distance 1 (2 for long codes), and only
    when the token has the same shape (snake_case vs CamelCase) as the code;
  - symptom phrases and near misses only ever become "did you mean" suggestions.

Cost is linear in the paste: every index lookup is a dict hit per distinct word or token,
and fuzzy scoring runs only on short windows around anchor words.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, compress
from operator import add, itemgetter

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from bot.domain.knowledge import Cause, Entry, KnowledgeBase
from bot.domain.ranking import Ranked, Ranker, stem
from bot.domain.results import MAX_PASTE_CHARS, Match, MatchResult, Suggestion
from bot.domain.words import (
    PLACEHOLDER,
    Spans,
    code_key,
    code_parts,
    is_snake,
    message_words,
    tokens,
    word_spans,
    words,
)

CONFIDENT = 85  # a match at or above this score is posted; below, it can only be suggested
MESSAGE_CONFIDENT = 90
SUGGEST_MIN = 60
MAX_SUGGESTIONS = 3
MIN_PREFIX = 8  # a code cut short must keep this many letters to name one code
PREFIX_SCORE = 88
PIN_MIN = 75  # a near message that picks one of a matched code's messages
PIN_LEAD = 1.3  # or the ranking, when its first sibling leads the second by this factor
PIN_MAX_CHARS = 2_000
PART_MIN_CHARS = 40  # a contiguous part of a message this long names it
PART_SCORE = 92  # ... confidently, below the message quoted whole
ANCHOR_LIMIT = 64  # windows scored per message: bounds the cost of 10,000 repeats of one line
MAX_CAUSE_FINDS = 20  # places one cause pattern is weighed at: bounds a repetitive paste
TOKENS_KEPT = 4_096  # readings of recent tokens kept: log pastes repeat their words
KEPT_TOKEN_CHARS = 64  # longer ones (a token may be 40,000 characters) are read each time
_TEXT = itemgetter(0)  # a token's text, from tokens()

# Codes whose every word is plain English also occur in other products' logs (S3's
# "AccessDenied", ARM's "InternalError"); they need NPS context to count.
_GENERIC_WORDS = frozenset({
    "access", "denied", "internal", "error", "invalid", "parameter", "user", "not", "found",
    "format", "session", "version", "supported", "tenant", "is", "blocked", "request", "code",
})
# Spelled out in lower case, codes made of these words read as ordinary English.
_ORDINARY_WORDS = _GENERIC_WORDS | {
    "http", "https", "connect", "communication", "missing",
    "registry", "config", "contact", "support", "username",
}
# Messages made only of these words ("Request must not be null") occur in other products.
_COMMON_MESSAGE_WORDS = _GENERIC_WORDS | {"must", "be", "null", "or", "empty", "the"}
# Other products' error shapes around a plain-English code: JSON ("code": "InternalError")
# and the AWS CLI ("(AccessDenied) when calling"). The NPS extension writes neither.
_FOREIGN_BEFORE = re.compile(r'"(?:code|error|errorCode)"\s{0,3}:\s{0,3}"$|\($')
_FOREIGN_AFTER = re.compile(r'"|\) when calling')
# Other products with RADIUS and MFA logs of their own: in a paste that names one, plain
# words ("AccessDenied", "Tenant is blocked") are that product's, not the extension's.
_OTHER_PRODUCTS = frozenset({"duo", "rsa", "securid", "okta", "cisco", "asa", "globalprotect",
                             "pulse", "cognito", "aws", "freeradius", "google", "pingid",
                             "jumpcloud"})
# Near-domain errors of other products and of NPS itself: a description ranked from these
# words is never posted unasked (NPS 6273/6274 reason codes, NPS events no entry names,
# RRAS 691/812/789, Windows 4625, other MFA vendors, AWS and Cognito errors, ARM JSON, a
# bare AADSTS code with no extension code). Word-set checks first: a regex over 40,000
# characters costs milliseconds.
_FOREIGN_WORDS = _OTHER_PRODUCTS | {"4625", "4771", "6273", "6274", "4402"}
_RRAS_ERRORS = frozenset({"691", "812", "789", "720", "619"})
_FOREIGN_PHRASE = re.compile(r"reason[ -]?code|account failed to log on|when calling the \w+ "
                             r"operation", re.IGNORECASE)
_FOREIGN_JSON = re.compile(r'"(?:code|error|errorCode)"\s{0,3}:')
_EVENT_NUMBER = re.compile(r"\bevent(?:[ \t]?id)?[ \t]{0,3}[:#]?[ \t]{0,3}(\d{2,6})\b",
                           re.IGNORECASE)


def _names_other_product(text: str, present: set[str]) -> bool:
    if present & _OTHER_PRODUCTS:
        return True
    # the search in the whole text first: it is 40 times cheaper than a loop over the words
    return "forti" in text.lower() and any(w.startswith("forti") for w in present)


def _foreign(text: str, present: set[str], known_events: frozenset[str]) -> bool:
    if present & _FOREIGN_WORDS or (present & _RRAS_ERRORS and present & {"error", "code"}):
        return True
    if any(w.startswith(("forti", "aadsts")) or (w.endswith("exception") and len(w) > 9)
           for w in present):
        return True
    if ({"reason", "code"} <= present or {"account", "log"} <= present
            or {"calling", "operation"} <= present) and _FOREIGN_PHRASE.search(text):
        return True
    # "NPS event 13", "ADFS event 364": an event the knowledge base never names
    if "event" in present and any(n not in known_events for n in _EVENT_NUMBER.findall(text)):
        return True
    return '"' in text and bool(_FOREIGN_JSON.search(text))


# What names the NPS extension itself: NPS (or a server nps01), Azure MFA, its log's names
# and labels, "extension" beside RADIUS/MFA/VPN. RADIUS, MFA, VPN or RD Gateway alone do
# not: Duo, Okta, RSA and Entra sign-ins speak of them too.
_EXTENSION_CONTEXT = re.compile(
    r"\b(?:nps\d{0,3}|ias|azure ?mfa|azuremfa|azure multi-?factor|mfa ?ext(?:ension)?|authn|"
    r"authz|auth[nz]optch)\b|msg::|errorcode::|\bcid\s?:",
    re.IGNORECASE,
)
_DOMAIN_WORDS = frozenset({"radius", "mfa", "vpn"})
_EXTENSION_WORDS = frozenset({"extension", "ext", "extention", "plugin"})
# Unasked, a code whose own clause says it is over is not the paste's problem: "not ests
# token error anymore", "no longer seeing X", "fixed X", "X resolved" (but "X still not fixed").
_NEGATORS = frozenset({"not", "no", "never", "longer"})  # "no longer"
_RESOLVED = frozenset({"fixed", "resolved", "solved", "anymore", "gone"})
_SETTLING_WORDS = _NEGATORS | _RESOLVED
_CLAUSE_BREAKS = frozenset(".!?;\n")
_PHRASE_BREAKS = _CLAUSE_BREAKS | frozenset(":,()[]")


@dataclass(frozen=True, slots=True)
class _Hit:
    entries: tuple[Entry, ...]  # one entry, or every entry sharing a code
    score: int
    start: int
    end: int
    weak: bool = False  # confident only with NPS context
    from_message: bool = False
    plain: bool = False  # a message in plain words: another product's, when one is named


@dataclass(frozen=True, slots=True)
class _Resolved:
    """A hit settled on one entry: ``known`` when its message pins the entry, else the
    code's ``alternatives`` go on the card."""

    hit: _Hit
    entry: Entry
    known: bool
    alternatives: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True)
class _Message:
    entry: Entry
    text: str  # normalised words joined by single spaces, placeholders removed
    words: tuple[str, ...]  # the same words, split once here rather than per paste
    distinct: tuple[str, ...]  # each word once, in message order
    places: dict[str, tuple[int, ...]]  # where each word occurs in ``words``
    marks: frozenset[str]  # its camelCase words (userName, AccessReject), lower-cased
    pattern: re.Pattern[str] | None  # for messages with {0} placeholders
    weak: bool
    plain: bool  # no identifier or acronym in it ("Wrong code and pin entered.")


@dataclass(frozen=True, slots=True)
class _Keyword:
    entry: Entry
    words: tuple[str, ...]
    text: str


# A camelCase word in a message (userName, CompanyName, AccessReject): its own wording.
_CAMEL_WORD = re.compile(r"\b[A-Za-z]*[a-z][A-Z][A-Za-z]*")
# An identifier or acronym in a message (TenantId, userObjectSid, MSODS, OATH) marks it as
# the extension's own wording rather than plain English.
_IDENTIFIER = re.compile(r"[A-Za-z][a-z]*[A-Z]")


def _rarest(candidates: Iterable[str], df: dict[str, int], count: int) -> list[str]:
    ranked = sorted(set(candidates), key=lambda w: (df.get(w, 0), -len(w), w))
    return [w for w in ranked if not w.isdigit()][:count]


@dataclass(init=False)
class MatchIndex:
    """What the matcher looks up, built once per knowledge base: code spellings, message
    texts and keywords, each with the rare words that find them."""

    causes: dict[str, list[tuple[str, Cause]]]  # entry ID -> (" pattern words ", cause)
    codes: dict[str, tuple[Entry, ...]]  # code key -> the entries sharing that code
    generic: set[str]
    spaced: dict[str, str]
    spaced_first: set[str]
    spaced_max: int
    spaced_stems: set[str]
    shouty: set[str]
    ordinary: set[str]
    near: dict[str, set[str]]
    prefixes: dict[str, str | None]
    suffixed: dict[str, set[str]]
    wrap_tails: frozenset[str]
    messages: list[_Message]
    message_anchors: dict[str, list[int]]
    keywords: list[_Keyword]
    keyword_anchors: dict[str, list[int]]
    events: frozenset[str]  # event IDs the knowledge base names ("SChannel event ID 36871")

    def __init__(self, kb: KnowledgeBase) -> None:
        self.events = frozenset(
            n for e in kb.entries
            for t in (e.summary, e.meaning, *e.steps, *(f"{c.pattern} {c.cause}" for c in e.causes))
            for n in _EVENT_NUMBER.findall(t))
        self.causes = {
            entry.id: [(f" {' '.join(w.text for w in words(c.pattern))} ", c)
                       for c in entry.causes]
            for entry in kb.entries if entry.causes
        }
        self.codes = {}
        self.generic = set()
        self.spaced = {}  # joined words -> code key, multi-word spellings
        self.spaced_first = set()
        self.spaced_max = 1
        self.shouty = set()  # two-word snake codes: spaced form only in capitals
        self.ordinary = set()  # "http connect error" in words needs NPS context
        self.near = defaultdict(set)  # prefix/suffix -> code keys
        # Code cut short or missing its last word: prefix -> the one code key it starts.
        self.prefixes = {}
        self.suffixed = defaultdict(set)  # code without its last word
        by_key: dict[str, list[Entry]] = defaultdict(list)
        for entry in kb.entries:
            for code in entry.codes:
                by_key[code_key(code)].append(entry)
        for key, entries in by_key.items():
            self.codes[key] = tuple(entries)
            code = next(c for c in entries[0].codes if code_key(c) == key)
            parts = code_parts(code)
            if not is_snake(code) and set(parts) <= _GENERIC_WORDS:
                self.generic.add(key)
            if key in self.generic:
                pass  # "user not found" in words is chat, not the code UserNotFound
            elif len(parts) >= 3 or (len(parts) == 2 and is_snake(code)):
                self.spaced[key] = key
                self.spaced_first.add(parts[0])
                self.spaced_max = max(self.spaced_max, len(parts))
                if len(parts) == 2:
                    self.shouty.add(key)
                if set(parts) <= _ORDINARY_WORDS:
                    self.ordinary.add(key)
            self.near[key[:4]].add(key)
            self.near[key[-4:]].add(key)
            self.suffixed["".join(parts[:-1])].add(key)
            # A cut-short code reaches into its second word: "User-Name", a RADIUS attribute,
            # is not USERNAME_CANONICALIZATION_ERROR cut short.
            for size in range(max(MIN_PREFIX, len(parts[0]) + 1), len(key)):
                prefix = key[:size]
                self.prefixes[prefix] = key if self.prefixes.get(prefix, key) == key else None
        # Words joined so far that a spaced code, or the start of one, may still continue.
        self.spaced_stems = {joined[:size] for joined in (*self.spaced, *self.suffixed)
                             for size in range(len(joined) + 1)}
        # What a code cut by a line wrap can go on with on the next line.
        self.wrap_tails = frozenset(key[size:] for key in self.codes for size in range(1, len(key)))
        self._index_texts(kb)

    def _index_texts(self, kb: KnowledgeBase) -> None:
        """Messages and keywords, anchored on their rarest words."""
        df: dict[str, int] = defaultdict(int)
        raw_messages = [(e, message_words(e.message)) for e in kb.entries if e.message]
        raw_keywords = [(e, message_words(k)) for e in kb.entries for k in e.keywords]
        for _, ws in (*raw_messages, *raw_keywords):
            for w in set(ws):
                df[w] += 1
        self.messages = []
        self.message_anchors = defaultdict(list)
        for entry, ws in raw_messages:
            assert entry.message is not None
            pattern = None
            if PLACEHOLDER.search(entry.message):
                pieces = [" ".join(message_words(p)) for p in PLACEHOLDER.split(entry.message)]
                # Up to 8 words for the placeholder, the first maybe glued to the text
                # before it. Written so that each string splits into words one way only:
                # the looser "(?: ?\S+){0,8}" tried every split of every word (85 µs a
                # search against 0.7 µs, the same matches).
                gap = r"(?:\S+(?: \S+){0,7}|(?: \S+){0,8}) ?"
                pattern = re.compile(gap.join(re.escape(p) for p in pieces if p))
            weak = len(ws) <= 3 or set(ws) <= _COMMON_MESSAGE_WORDS
            plain = weak or not _IDENTIFIER.search(PLACEHOLDER.sub(" ", entry.message))
            self.messages.append(_Message(
                entry, " ".join(ws), tuple(ws), tuple(dict.fromkeys(ws)),
                {w: tuple(i for i, x in enumerate(ws) if x == w) for w in ws},
                frozenset(t.lower() for t in _CAMEL_WORD.findall(entry.message)),
                pattern, weak, plain))
            for anchor in _rarest(ws, df, 2):
                self.message_anchors[anchor].append(len(self.messages) - 1)
        self.keywords = []
        self.keyword_anchors = defaultdict(list)
        for entry, ws in raw_keywords:
            if not ws:
                continue
            self.keywords.append(_Keyword(entry, tuple(ws), " ".join(ws)))
            for anchor in _rarest(ws, df, 1):
                self.keyword_anchors[anchor].append(len(self.keywords) - 1)


class Matcher:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._ranker = Ranker(kb.entries)
        self._ix = MatchIndex(kb)
        # Which of a shared code's messages does the paste mean? Only what tells them apart
        # (message, keywords, summary) spelled right, never the code's words or the advice.
        self._evidence = {key: Ranker(entries, fields=("message", "keywords", "summary"),
                                      typos=False)
                          for key, entries in self._ix.codes.items() if len(entries) > 1}
        # The same log lines come paste after paste ("Description", "AuthNOptCh"): a token
        # read once (~1 µs) is looked up (~0.1 µs) from then on.
        self._read_token = lru_cache(maxsize=TOKENS_KEPT)(self._read)

    # -- public ---------------------------------------------------------------------------

    def match(self, text: str, *, explicit: bool = False) -> MatchResult:
        """Match ``text``. ``explicit`` says the person asked us directly (slash command,
        DM, mention, CLI): plain-English codes then count without NPS context."""
        truncated = len(text) > MAX_PASTE_CHARS
        text = text[:MAX_PASTE_CHARS]
        spans = word_spans(text)
        present = set(spans.texts)
        found = tokens(text)
        hits = [*self._code_hits(text, spans, present, found),
                *self._message_hits(spans, present)]
        extension = bool((present & _EXTENSION_WORDS and present & _DOMAIN_WORDS)
                         or _EXTENSION_CONTEXT.search(text))
        other_product = not explicit and _names_other_product(text, present)
        may_be_settled = not explicit and bool(present & _SETTLING_WORDS)
        settled = False

        def counts(hit: _Hit) -> bool:
            """Unasked, plain words need the extension's context and no other product
            named, and a hit its own clause calls over does not count."""
            nonlocal settled
            if explicit:
                return True
            if (hit.weak and not extension) or (other_product and (hit.weak or hit.plain)):
                return False
            if may_be_settled and _settled(text, spans, hit):
                settled = True
                return False
            return True

        # Overlapping messages are settled before the channel's rules drop any, so that a
        # message which doesn't count unasked still hides the one it overlaps, as when asked.
        quoted = [h for h in hits if h.from_message and h.score >= CONFIDENT]
        kept = {id(h) for h in _drop_overlaps(quoted)}
        confident = [h for h in hits if h.score >= CONFIDENT
                     and (not h.from_message or id(h) in kept) and counts(h)]
        shared = {e.code for h in confident if len(h.entries) > 1 for e in h.entries}
        # A message quoted loosely still tells which of a code's messages it is.
        confident += [h for h in hits if h.from_message and PIN_MIN <= h.score < CONFIDENT
                      and h.entries[0].code in shared and counts(h)]
        matches = [self._pin(text, spans, m) for m in self._resolve(text, confident)]
        suggestions: tuple[Suggestion, ...] = ()
        most_likely = False
        if not matches:
            ranked = self._ranker.rank(text, spans.words())
            # a paste that calls a known error gone is not asking about another one
            most_likely = _likely(text, present, ranked, explicit=explicit,
                                  extension=extension and not settled,
                                  known_events=self._ix.events)
            suggestions = self._suggest(spans.texts, present, hits, found)
            if most_likely:  # the ranking decided: its order is the answer's
                suggestions = tuple(Suggestion(r.entry, _points(r)) for r in ranked)
            else:
                suggestions = _merge(suggestions, ranked)
        if any(m.entry.causes for m in matches):
            matches = [replace(m, cause=self._cause(m.entry, spans, *_block(text, matches, i),
                                                    (m.start, m.end)))
                       if m.entry.causes else m for i, m in enumerate(matches)]
        if any(s.entry.causes for s in suggestions):
            suggestions = tuple(replace(s, cause=self._cause(s.entry, spans, 0, len(text)))
                                for s in suggestions)
        return MatchResult(tuple(matches), suggestions, truncated, most_likely)

    def _pin(self, text: str, spans: Spans, match: Match) -> Match:
        """A code with several messages named without its message ("alternate login id is
        empty"): the paste's other words may still tell which one, by a clear lead."""
        if match.message_known or len(text) > PIN_MAX_CHARS:
            return match
        evidence = self._evidence.get(code_key(match.entry.code))
        if evidence is None:
            return match
        code = match.entry.code
        ignore = frozenset({stem(code.lower()), *(stem(p) for p in code_parts(code))})
        ranked = evidence.rank(text, spans.words(), limit=2, ignore=ignore)
        if not ranked or (len(ranked) > 1 and ranked[1].score * PIN_LEAD > ranked[0].score):
            return match  # nothing in the paste says which: the card offers them all
        return replace(match, entry=ranked[0].entry, message_known=True, alternatives=())

    def _cause(self, entry: Entry, spans: Spans, lo: int, hi: int,
               anchor: tuple[int, int] | None = None) -> Cause | None:
        """The entry's cause that the paste names word for word between ``lo`` and ``hi``:
        one labelled "Reason:" first, then the one nearest the error (``anchor``, its span),
        else the first in the paste."""
        causes = self._ix.causes.get(entry.id)
        if not causes:
            return None
        texts, starts, ends = spans
        begin = bisect_left(starts, lo)  # the block's first word
        block = texts[begin : bisect_left(starts, hi)]
        joined = f" {' '.join(block)} "
        offsets = _offsets(block, 1)  # where each word of the block starts in ``joined``
        best: tuple[bool, int, int] | None = None
        chosen = None
        for order, (pattern, cause) in enumerate(causes):
            at = joined.find(pattern)
            for _ in range(MAX_CAUSE_FINDS):
                if at < 0:
                    break
                index = bisect_left(offsets, at + 1)
                first, last = begin + index, begin + index + pattern.count(" ") - 2
                if anchor is None:
                    distance = starts[first]
                else:
                    distance = max(starts[first] - anchor[1], anchor[0] - ends[last], 0)
                key = (not (index and texts[first - 1] == "reason"), distance, order)
                if best is None or key < best:
                    best, chosen = key, cause
                at = joined.find(pattern, at + 1)
        return chosen

    # -- codes ----------------------------------------------------------------------------

    def _code_hits(self, text: str, spans: Spans, present: set[str],
                   found: list[tuple[str, int, int]]) -> list[_Hit]:
        hits: list[_Hit] = []
        named = self._named_codes(found)
        # compress() picks the named tokens' places in C: a long paste has 2,500 tokens
        for token, start, end in compress(found, map(named.__contains__, map(_TEXT, found))):
            key, score = named[token]
            if score == 100 and key in self._ix.generic and _foreign_shape(text, start, end):
                continue  # a plain-English code in another product's JSON or CLI output
            hits.append(self._code_hit(key, score, start, end))
        hits.extend(self._spaced_hits(text, spans, present))
        hits.extend(self._wrapped_hits(text))
        return hits

    def _named_codes(self, found: list[tuple[str, int, int]]) -> dict[str, tuple[str, int]]:
        """The code key and score of each distinct token that names a code (100: exactly).

        A 40,000-character log paste has 2,500 tokens but only ~800 distinct ones, so each
        spelling is weighed once."""
        named: dict[str, tuple[str, int]] = {}
        fuzzy_seen: dict[str, tuple[str, int] | None] = {}
        for token in dict.fromkeys(map(_TEXT, found)):
            reading = (self._read_token(token) if len(token) <= KEPT_TOKEN_CHARS
                       else self._read(token))
            if reading is None:
                continue
            key, score = reading
            if score is not None:
                named[token] = (key, score)
                continue
            # by key: the first spelling of a key decides for all its spellings
            if key not in fuzzy_seen:
                fuzzy_seen[key] = self._closest_code(token, key)
            near = fuzzy_seen[key]
            if near:
                code, distance = near
                named[token] = (code, 90 if distance == 1 else 85)
        return named

    def _read(self, token: str) -> tuple[str, int | None] | None:
        """What a token says on its own: a code key and its score, exact (100) or cut short
        (PREFIX_SCORE); its key and None when only a typo could make it a code; else None."""
        key = code_key(token)
        if key in self._ix.codes:
            return key, 100
        if len(key) < 8 or not _code_shaped(token):
            return None
        whole = self._ix.prefixes.get(key)
        # snake_case shows a code from its second word on; CamelCase ("ProofData" in a
        # message) only from its third
        if whole and len(code_parts(token)) >= (2 if is_snake(token) else 3):
            return whole, PREFIX_SCORE
        return key, None

    def _wrapped_hits(self, text: str) -> list[_Hit]:
        """A code cut in two by a hard line wrap: "ESTS_TOKE\nN_ERROR"."""
        # The regex below costs 2.5 ms on a 40,000-character paste; a hit's second half
        # starts a line and is the end of a code, and finding line starts is cheap.
        if not any(code_key(tail) in self._ix.wrap_tails
                   for tail in set(_LINE_START.findall(text))):
            return []
        hits = []
        for found in _WRAPPED.finditer(text):
            head, tail = code_key(found.group(1)), code_key(found.group(2))
            key = head + tail
            if key in self._ix.codes and head not in self._ix.codes and tail not in self._ix.codes:
                hits.append(self._code_hit(key, 90, found.start(1), found.end(2)))
        return hits

    def _code_hit(self, key: str, score: int, start: int, end: int) -> _Hit:
        return _Hit(self._ix.codes[key], score, start, end, weak=key in self._ix.generic)

    def _closest_code(self, token: str, key: str) -> tuple[str, int] | None:
        best: tuple[str, int] | None = None
        # Sorted: of two codes as near, the same one wins whatever the hash seed.
        for candidate in sorted(self._ix.near.get(key[:4], set())
                                | self._ix.near.get(key[-4:], set())):
            limit = 2 if len(candidate) >= 14 else 1
            if abs(len(candidate) - len(key)) > limit:
                continue
            code = self._ix.codes[candidate][0].codes[0]
            if is_snake(code) != is_snake(token):
                continue
            distance = Levenshtein.distance(key, candidate, score_cutoff=limit)
            if distance <= limit and (best is None or distance < best[1]):
                best = (candidate, distance)
        return best

    def _spaced_hits(self, text: str, spans: Spans, present: set[str]) -> list[_Hit]:
        """"ests token error", "Client Cert Install Error": a code typed as words."""
        hits: list[_Hit] = []
        firsts = present & self._ix.spaced_first
        if not firsts:
            return hits
        texts, starts, ends = spans
        for i in compress(range(len(texts)), map(firsts.__contains__, texts)):
            joined = texts[i]
            for j in range(i + 1, min(i + self._ix.spaced_max, len(texts))):
                joined += texts[j]
                if joined not in self._ix.spaced_stems:
                    break  # "mfa cid": no code goes on like this
                gap = text[ends[j - 1] : starts[j]]
                if not gap or not gap.isspace() or "\n" in gap:
                    break
                key = self._ix.spaced.get(joined)
                if key is None:
                    # "ests token": the first words of one code, asked or next to NPS context
                    whole = self._ix.prefixes.get(joined)
                    suffixed = self._ix.suffixed.get(joined, ())
                    if whole not in self._ix.spaced or whole not in suffixed:
                        continue  # "request for": no code without its last word
                    after = texts[j + 1] if j + 1 < len(texts) else ""
                    span = text[starts[i] : ends[j]]
                    ordinary = all(w in _ORDINARY_WORDS for w in texts[i : j + 1])
                    if (not (after and self._ix.prefixes.get(joined + after))
                            and (span.isupper() or not ordinary)):
                        hits.append(replace(self._code_hit(whole, PREFIX_SCORE, starts[i],
                                                           ends[j]), weak=True))
                    continue
                span = text[starts[i] : ends[j]]
                if key in self._ix.shouty and not span.isupper():
                    continue
                hit = self._code_hit(key, 95, starts[i], ends[j])
                if key in self._ix.ordinary and not span.isupper():
                    hit = replace(hit, weak=True)
                hits.append(hit)
        return hits

    # -- messages -------------------------------------------------------------------------

    def _message_hits(self, spans: Spans, present: set[str]) -> list[_Hit]:
        anchors = self._ix.message_anchors
        candidates = {m for w in present & anchors.keys() for m in anchors[w]}
        counts: Counter[str] | None = None  # how often each word occurs, once one is needed
        hits = []
        for m_index in sorted(candidates):
            message = self._ix.messages[m_index]
            needed = message.words
            if sum(map(present.__contains__, needed)) < 0.6 * len(needed):
                continue
            counts = Counter(spans.texts) if counts is None else counts
            hit = self._align(message, spans, counts)
            if hit:
                hits.append(hit)
        return hits

    def _align(self, message: _Message, spans: Spans, counts: Counter[str]) -> _Hit | None:
        # The rarest of the message's words in the paste; of equally rare ones the first in
        # the message (dict order, not set order: the answer must not depend on the hash seed).
        anchor = min(filter(counts.__contains__, message.distinct), key=counts.__getitem__)
        texts, starts, ends = spans
        best: tuple[float, int, int] | None = None
        reach = len(message.words) + 3
        for index in _indexes(texts, anchor, min(counts[anchor], ANCHOR_LIMIT)):
            lo, hi = max(0, index - reach), min(len(texts), index + reach + 8)
            window = texts[lo:hi]
            score, a, b = _score(message, " ".join(window))
            if SUGGEST_MIN <= score < PART_SCORE:
                score, a, b = max((score, a, b), self._quoted_part(message, window))
            if best is None or score > best[0]:
                first, last = _word_range(window, a, b)
                best = (score, starts[lo + first], ends[lo + last])
                if score == 100:
                    break
        if best is None or best[0] < SUGGEST_MIN:
            return None
        score, start, end = best
        # Fuzzy message matches under MESSAGE_CONFIDENT can only be suggested.
        points = int(score) if score >= MESSAGE_CONFIDENT else min(int(score), CONFIDENT - 1)
        return _Hit((message.entry,), points, start, end, weak=message.weak,
                    from_message=True, plain=message.plain)

    def _quoted_part(self, message: _Message, window: list[str]) -> tuple[float, int, int]:
        """(PART_SCORE, span) when the window quotes a long part of ``message`` that no
        other message has, though the paste goes on ("...Identifier attribute' - but our
        NAS sends it") and the whole message aligns poorly; else (0, 0, 0)."""
        first, last = _longest_run(message, window)
        part = " ".join(window[first:last])
        if len(part) < PART_MIN_CHARS or any(
                part in other.text for other in self._ix.messages if other is not message):
            return 0.0, 0, 0  # short, or shared: "...in AccessAccept State" starts two
        if message.marks and message.marks.isdisjoint(window[first:last]):
            # English any product may write ("is longer than the maximum allowed length"),
            # without the message's own identifiers
            return 0.0, 0, 0
        start = _offsets(window)[first]
        return PART_SCORE, start, start + len(part)

    # -- resolution -----------------------------------------------------------------------

    def _resolve(self, text: str, hits: list[_Hit]) -> list[Match]:
        """Turn hits into one match per entry, in order of appearance.

        A code with several messages (ALTERNATE_LOGIN_ID_ERROR, InvalidParameter) takes
        its entry from the message found nearest to it; without one it stays ambiguous
        and the card offers the other messages.
        """
        messages = _drop_overlaps([h for h in hits if h.from_message])
        codes = sorted((h for h in hits if not h.from_message), key=lambda h: (h.start, -h.score))
        used: set[int] = set()
        resolved: list[_Resolved] = []
        for hit in codes:
            if len(hit.entries) == 1:
                resolved.append(_Resolved(hit, hit.entries[0], True))
                continue
            near = [
                (abs(m.start - hit.end), i) for i, m in enumerate(messages)
                if i not in used and m.entries[0] in hit.entries and abs(m.start - hit.end) < 600
            ]
            if near:
                _, i = min(near)
                used.add(i)
                m = messages[i]
                span = _Hit(m.entries, max(hit.score, m.score), min(hit.start, m.start),
                            max(hit.end, m.end))
                resolved.append(_Resolved(span, m.entries[0], True))
            else:
                resolved.append(_Resolved(hit, hit.entries[0], False, hit.entries[1:]))
        resolved.extend(_Resolved(m, m.entries[0], True) for i, m in enumerate(messages)
                        if i not in used)
        resolved.sort(key=lambda r: r.hit.start)

        specific = {r.entry.code for r in resolved if r.known}
        matches: dict[str, Match] = {}
        for r in resolved:
            hit, entry, known, alternatives = r.hit, r.entry, r.known, r.alternatives
            if not known and entry.code in specific:
                continue  # the same code is already pinned to one message elsewhere
            key = entry.id if known else f"?{entry.code}"
            if key in matches:
                old = matches[key]
                if hit.score > old.score:  # the better find's excerpt, and so its place
                    matches[key] = Match(old.entry, hit.score, hit.start, hit.end,
                                         text[hit.start : hit.end], old.message_known,
                                         old.alternatives)
                continue
            excerpt = text[hit.start : hit.end]
            matches[key] = Match(entry, hit.score, hit.start, hit.end, excerpt, known,
                                 alternatives)
        return sorted(matches.values(), key=lambda m: m.start)

    # -- suggestions ----------------------------------------------------------------------

    def _suggest(self, texts: list[str], present: set[str], hits: list[_Hit],
                 found: list[tuple[str, int, int]]) -> tuple[Suggestion, ...]:
        scores: dict[str, tuple[int, Entry]] = {}

        def offer(entry: Entry, score: int) -> None:
            if score >= SUGGEST_MIN and score > scores.get(entry.id, (0, entry))[0]:
                scores[entry.id] = (score, entry)

        for hit in hits:  # weak or not quite confident hits
            for entry in hit.entries:
                offer(entry, min(hit.score, 84))
        seen: set[str] = set()
        for token, _, _ in found[:2000]:
            key = code_key(token)
            if key in seen:
                continue
            seen.add(key)
            if len(key) >= 6 and _code_shaped(token):
                for candidate in self._ix.near.get(key[:4], ()):
                    if candidate.startswith(key) or key.startswith(candidate):
                        score = 60 + int(20 * min(len(key), len(candidate))
                                         / max(len(key), len(candidate)))
                    else:
                        score = int(fuzz.ratio(key, candidate)) - 10
                    for entry in self._ix.codes[candidate]:
                        offer(entry, score)
        self._keyword_scores(texts, present, offer)
        ranked = sorted(scores.values(), key=lambda s: (-s[0], s[1].code))
        return tuple(Suggestion(entry, score) for score, entry in ranked[:MAX_SUGGESTIONS])

    def _keyword_scores(
        self, texts: list[str], present: set[str], offer: Callable[[Entry, int], None]
    ) -> None:
        joined = f" {' '.join(texts)} "
        found: dict[str, list[int]] = defaultdict(list)
        # In the paste's order, not the set's: ties between entries must not depend on
        # the hash seed.
        for word in dict.fromkeys(texts):
            for k_index in self._ix.keyword_anchors.get(word, ()):
                keyword = self._ix.keywords[k_index]
                covered = sum(w in present for w in keyword.words) / len(keyword.words)
                if f" {keyword.text} " in joined:
                    found[keyword.entry.id].append(75 if len(keyword.words) > 1 else 65)
                elif covered == 1:
                    found[keyword.entry.id].append(65)
                elif covered >= 0.66 and len(keyword.words) >= 3:
                    found[keyword.entry.id].append(60)
        for entry_id, values in found.items():
            entry = self.kb.get(entry_id)
            if entry:
                offer(entry, min(84, max(values) + 5 * (len(values) - 1)))


# Calibrated on the "calibrate" split of tests/data/eval_set.py (bench/accuracy.py prints
# the curve): a ranked entry is the answer when its BM25 score and its lead over the
# runner-up clear these bars.
ASKED_MIN_SCORE = 4.0  # asked directly, the "Or is it…?" buttons make up for a close second
RANKED_SUGGEST_MIN = 3.0  # below this a ranked entry is not even a "did you mean"
CHANNEL_MIN_SCORE = 8.0
CHANNEL_MAX_RATIO = 0.95  # runner-up score / top score


def _likely(text: str, present: set[str], ranked: list[Ranked], *, explicit: bool,
            extension: bool, known_events: frozenset[str]) -> bool:
    if not ranked:
        return False
    top = ranked[0].score
    ratio = ranked[1].score / top if len(ranked) > 1 else 0.0
    if explicit:
        return top >= ASKED_MIN_SCORE
    return (extension and top >= CHANNEL_MIN_SCORE and ratio <= CHANNEL_MAX_RATIO
            and not _foreign(text, present, known_events))


def _points(ranked: Ranked) -> int:
    """A ranked entry as a suggestion score: never as high as a confident match."""
    return max(SUGGEST_MIN, min(CONFIDENT - 1, SUGGEST_MIN + int(ranked.score)))


def _merge(suggestions: tuple[Suggestion, ...], ranked: list[Ranked]) -> tuple[Suggestion, ...]:
    """Near misses of codes and messages first, then the ranking fills up the list."""
    merged = list(suggestions)
    for r in ranked:
        if r.score < RANKED_SUGGEST_MIN:
            break
        if len(merged) < MAX_SUGGESTIONS and all(s.entry.id != r.entry.id for s in merged):
            merged.append(Suggestion(r.entry, _points(r)))
    return tuple(merged)


_WRAPPED = re.compile(r"(?<![A-Za-z0-9_-])([A-Za-z0-9][A-Za-z0-9_-]{0,60})[ \t]{0,4}\r?\n[ \t]{0,4}"
                      r"([A-Za-z0-9_-]{1,60})")
_LINE_START = re.compile(r"\n[ \t]{0,4}([A-Za-z0-9_-]{1,60})")  # _WRAPPED's second group


def _indexes(items: list[str], item: str, count: int) -> list[int]:
    """The first ``count`` places of ``item``, which occurs at least that often: list.index
    scans in C, where a loop over a 6,000-word paste costs a millisecond."""
    found: list[int] = []
    at = -1
    for _ in range(count):
        at = items.index(item, at + 1)
        found.append(at)
    return found


def _block(text: str, matches: list[Match], i: int) -> tuple[int, int]:
    """The part of the paste that belongs to ``matches[i]``: up to the next match, and from
    the previous one's end or this match's line, whichever is later (the first match's
    block starts at the top)."""
    match = matches[i]
    lo = 0 if i == 0 else min(match.start, max(matches[i - 1].end,
                                               text.rfind("\n", 0, match.start) + 1))
    hi = matches[i + 1].start if i + 1 < len(matches) else len(text)
    return lo, max(hi, match.end)


def _settled(text: str, spans: Spans, hit: _Hit) -> bool:
    """Does the hit's own clause say the error is over? A negation just before it ("not",
    "no longer"), or "fixed"/"resolved"/"anymore" just before or after it, not negated
    itself and without "still"."""
    texts, starts, ends = spans
    first = bisect_left(starts, hit.start)
    after = bisect_left(starts, hit.end)
    if (_SETTLING_WORDS.isdisjoint(texts[max(first - 2, 0) : first])
            and _SETTLING_WORDS.isdisjoint(texts[after : after + 4])):
        return False  # no word around it could say so

    def clause(start: int, stop: int, step: int, breaks: frozenset[str]) -> list[str]:
        out: list[str] = []
        edge = hit.start if step < 0 else hit.end
        for i in range(start, stop, step):
            gap = text[ends[i] : edge] if step < 0 else text[edge : starts[i]]
            if not breaks.isdisjoint(gap):
                break
            out.append(texts[i])
            edge = starts[i] if step < 0 else ends[i]
        return out

    before = clause(first - 1, max(first - 3, -1), -1, _PHRASE_BREAKS)  # nearest first
    later = clause(after, min(after + 4, len(texts)), 1, _CLAUSE_BREAKS)
    if "still" in before or "still" in later:
        return False
    if any(w in _NEGATORS or w in _RESOLVED for w in before):
        return True  # "not X", "not seeing X", "no longer X", "fixed the X"
    for i, word in enumerate(later):  # "X resolved", "X no longer happens", not "X not fixed"
        before_word = later[i - 1] if i else ""
        if (word in _RESOLVED and before_word not in _NEGATORS) or (
                word == "longer" and before_word == "no"):
            return True
    return False


def _foreign_shape(text: str, start: int, end: int) -> bool:
    return bool(_FOREIGN_BEFORE.search(text[max(0, start - 20) : start])
                and _FOREIGN_AFTER.match(text, end))


def _code_shaped(token: str) -> bool:
    """ESTS_TOKN_ERROR or OathCodeIncorect look like codes; "information" does not."""
    if is_snake(token):
        return any(c.isalpha() for c in token)
    tail = token[1:]
    return not token.islower() and not token.isupper() and tail != tail.lower()


def _score(message: _Message, window_text: str) -> tuple[float, int, int]:
    """Similarity of a message to the best part of a window, and that part's span."""
    if message.pattern is not None:
        found = message.pattern.search(window_text)
        if found:
            return 100.0, found.start(), found.end()
    at = window_text.find(message.text)
    if at >= 0 and window_text.find(message.text, at + 1) < 0:
        # quoted once, word for word: the alignment rapidfuzz finds, in a tenth of the time
        return 100.0, at, at + len(message.text)
    aligned = fuzz.partial_ratio_alignment(message.text, window_text)
    if aligned is None:
        return 0.0, 0, 0
    score = aligned.score
    part = aligned.src_end - aligned.src_start
    covered = part / max(1, len(message.text))
    if covered < 0.9:  # the window is shorter than the message: only part of it is there
        # a long enough part quoted exactly still names the message
        score = min(score, PART_SCORE) if score >= 95 and part >= PART_MIN_CHARS \
            else score * covered
    return score, aligned.dest_start, aligned.dest_end


def _longest_run(message: _Message, window: list[str]) -> tuple[int, int]:
    """The window's longest run of words that the message has in the same order, as
    (first, last + 1) indexes into the window."""
    best = (0, 0)
    for i, word in enumerate(window):
        for at in message.places.get(word, ()):
            k = 1
            while (i + k < len(window) and at + k < len(message.words)
                   and window[i + k] == message.words[at + k]):
                k += 1
            if k > best[1] - best[0]:
                best = (i, i + k)
    return best


def _word_range(window: list[str], start: int, end: int) -> tuple[int, int]:
    """Map character offsets in the space-joined window back to word indexes."""
    offsets = _offsets(window)
    return bisect_right(offsets, start) - 1, max(bisect_left(offsets, end) - 1, 0)


def _offsets(words: list[str], at: int = 0) -> list[int]:
    """Where each word starts in ``" ".join(words)`` put at ``at``: the lengths of the words
    before it and a space after each (a loop costs 0.5 ms for a 6,000-word paste)."""
    return list(map(add, accumulate(map(len, words), initial=at), range(len(words))))


def _drop_overlaps(hits: list[_Hit]) -> list[_Hit]:
    """Where two messages cover the same text keep the better match, and of two as good the
    longer one: "Wrong code and pin entered. (OneWaySMS)" is more specific than "Wrong code
    and pin entered.", and "...state AccessReject..." is not "...state AccessChallenge..."."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.score, -(len(h.entries[0].message or "")))):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
