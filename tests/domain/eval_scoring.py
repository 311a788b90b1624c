"""Scoring the matcher on tests/data/eval_set.py as a user meets it (shared by the target
test and bench/accuracy.py).

- top-1: asked directly (slash command, mention, CLI), is the first thing the bot answers
  with (a match, else a "Most likely" entry) the labelled entry?
- channel: an unaddressed paste in a channel; for a negative, any reply is a false match.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.matching import Matcher
from bot.domain.results import Match, MatchResult, Suggestion, worth_posting
from tests.data.eval_set import Case


def satisfies(found: Match | Suggestion | None, label: str) -> bool:
    """"CODE", "CODE|message fragment" or "|message fragment" (an entry without a code)."""
    if found is None:
        return False
    code, _, fragment = label.partition("|")
    if found.entry.code != code:
        return False
    known = found.message_known if isinstance(found, Match) else True
    return not fragment or (known and fragment in (found.entry.message or ""))


@dataclass(frozen=True)
class Outcome:
    case: Case
    asked: MatchResult  # explicit=True
    channel: MatchResult  # explicit=False

    @property
    def top1(self) -> bool:
        return self.case.expect is not None and satisfies(self.asked.top(), self.case.expect)

    @property
    def channel_posts(self) -> bool:
        return worth_posting(self.channel, asked=False)

    @property
    def channel_right(self) -> bool:
        return (self.case.expect is not None and self.channel_posts
                and satisfies(self.channel.top(), self.case.expect))


def run(matcher: Matcher, cases: tuple[Case, ...] | list[Case]) -> list[Outcome]:
    return [Outcome(c, matcher.match(c.text, explicit=True), matcher.match(c.text))
            for c in cases]


def share(outcomes: list[Outcome], kind: str, attr: str) -> tuple[int, int]:
    chosen = [o for o in outcomes if o.case.kind == kind]
    return sum(bool(getattr(o, attr)) for o in chosen), len(chosen)
