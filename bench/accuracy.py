"""Matcher accuracy: the evaluation set (tests/data/eval_set.py), the fresh set
(tests/data/fresh_set.py: its holdout misses are counted, never printed), then the
matcher's own labelled pastes and the held-out ones.

    python bench/accuracy.py        # figures, the channel curve, then every paste that missed

Evaluation set, per split (thresholds are calibrated on "calibrate" only):
  top-1                asked directly (slash command, mention, CLI), the first answer (a
                       match, else the "Most likely" entry) is the labelled entry;
  channel answered     the same as an unaddressed channel paste: answered, and right;
  channel false match  for negatives: the share the bot would answer in a channel;
  curve                channel recall on descriptions against false matches on negatives
                       as the channel's score bar moves (the chosen bar is marked).

Older sets, per kind of paste:
Figures per kind of paste:
  precision / recall   of confident matches, counted per code (a pinned "CODE|message"
                       label counts only when the match names that message);
  exact                share of pastes whose matches are exactly the labels, in order;
  FP rate              for pastes that must stay unmatched: the share that got a match;
  hit rate             for descriptions in words: the share with no confident match and
                       an acceptable entry among the suggestions.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain import matching
from bot.domain.matching import Matcher
from bot.knowledge_files import load_knowledge
from tests.data.eval_set import CASES
from tests.data.fresh_set import CASES as FRESH
from tests.domain import heldout_pastes, labelled_pastes
from tests.domain.eval_scoring import Outcome, run, share

CURVE = (0.0, 4.0, 6.0, 8.0, 9.0, 10.0, 10.5, 11.0, 12.0, 14.0, 16.0, 20.0)


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    labels: tuple[str, ...]  # expected confident matches; () = stay unmatched
    explicit: bool = False
    suggest: tuple[str, ...] = ()  # for descriptions: acceptable suggested codes


@dataclass
class Tally:
    pastes: int = 0
    exact: int = 0
    expected: int = 0
    found: int = 0
    right: int = 0
    negatives: int = 0
    false_alarms: int = 0
    described: int = 0
    suggested: int = 0
    labelled_exact: int = 0  # pastes with labels whose matches are exactly those
    misses: list[str] = field(default_factory=list)


def cases() -> dict[str, list[Case]]:
    own = [Case(k, t, tuple(e)) for k, t, e in labelled_pastes.LABELLED]
    own += [Case("negative", t, ()) for t in labelled_pastes.NEGATIVE]
    own += [Case("described", t, (), True, (c,)) for t, c in labelled_pastes.DESCRIBED]
    held = [Case(p.kind, p.text, p.codes, p.explicit) for p in heldout_pastes.LABELLED]
    held += [Case("described", d.text, (), True, d.acceptable)
             for d in heldout_pastes.DESCRIBED]
    return {"labelled_pastes (matcher's own)": own, "heldout_pastes": held}


def score(matcher: Matcher, case: Case, tally: Tally) -> None:
    result = matcher.match(case.text, explicit=case.explicit)
    tally.pastes += 1
    if case.suggest:
        tally.described += 1
        hit = not result.matches and any(s.entry.code in case.suggest for s in result.suggestions)
        tally.suggested += hit
        tally.exact += hit
        if not hit:
            got = [s.entry.code for s in result.suggestions]
            tally.misses.append(f"{_short(case.text)}\n      want one of {list(case.suggest)} "
                                f"suggested, got matches {[m.code for m in result.matches]} "
                                f"suggestions {got}")
        return
    pending = Counter(case.labels)
    right = 0
    for match in result.matches:
        label = next((lb for lb in pending if pending[lb] and heldout_pastes.satisfies(match, lb)),
                     None)
        if label:
            pending[label] -= 1
            right += 1
    codes = [m.code for m in result.matches]
    exact = codes == [lb.partition("|")[0] for lb in case.labels] and right == len(case.labels)
    tally.expected += len(case.labels)
    tally.found += len(result.matches)
    tally.right += right
    tally.exact += exact
    tally.labelled_exact += exact and bool(case.labels)
    if not case.labels:
        tally.negatives += 1
        tally.false_alarms += bool(result.matches)
    if not exact:
        tally.misses.append(f"{_short(case.text)}\n      want {list(case.labels)}, got {codes}")


def _short(text: str, size: int = 90) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= size else "…" + flat[-size:])


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:6.1%}" if whole else "     -"


def report(name: str, by_kind: dict[str, Tally]) -> None:
    print(f"\n{name}")
    print(f"  {'kind':<12}{'pastes':>7}{'exact':>8}{'precision':>11}{'recall':>8}"
          f"{'FP rate':>9}{'hit rate':>10}")
    total = Tally()
    for kind, t in [*sorted(by_kind.items()), ("ALL", total)]:
        if kind != "ALL":
            for attr in ("pastes", "exact", "expected", "found", "right", "negatives",
                         "false_alarms", "described", "suggested"):
                setattr(total, attr, getattr(total, attr) + getattr(t, attr))
        fp = f"{t.false_alarms}/{t.negatives}" if t.negatives else "-"
        hits = f"{t.suggested}/{t.described}" if t.described else "-"
        print(f"  {kind:<12}{t.pastes:>7}{_ratio(t.exact, t.pastes):>8}"
              f"{_ratio(t.right, t.found):>11}{_ratio(t.right, t.expected):>8}"
              f"{fp:>9}{hits:>10}")
    print(f"  confident-match precision {_ratio(total.right, total.found).strip()}, recall "
          f"{_ratio(total.right, total.expected).strip()}; false positives on pastes that "
          f"must stay unmatched {_ratio(total.false_alarms, total.negatives).strip()}; "
          f"suggestion hit rate {_ratio(total.suggested, total.described).strip()}")


def _fraction(pair: tuple[int, int]) -> str:
    part, whole = pair
    return f"{part}/{whole} {_ratio(part, whole).strip()}"


def evaluation(matcher: Matcher) -> tuple[list[str], tuple[int, int]]:
    print("evaluation set (tests/data/eval_set.py)")
    print(f"  {'split':<11}{'descriptions top-1':>22}{'fragments top-1':>20}"
          f"{'channel answered':>20}{'channel false match':>22}")
    outcomes: dict[str, list[Outcome]] = {}
    for split in ("calibrate", "holdout", "all"):
        chosen = [c for c in CASES if split in ("all", c.split)]
        outcomes[split] = found = run(matcher, chosen)
        positives = [o for o in found if o.case.expect is not None]
        overall = (sum(o.top1 for o in positives), len(positives))
        print(f"  {split:<11}{_fraction(share(found, 'description', 'top1')):>22}"
              f"{_fraction(share(found, 'fragment', 'top1')):>20}"
              f"{_fraction(share(found, 'description', 'channel_right')):>20}"
              f"{_fraction(share(found, 'negative', 'channel_posts')):>22}"
              f"   overall top-1 {_fraction(overall)}")
    families: dict[str, list[int]] = {}
    for o in outcomes["all"]:
        if o.case.kind == "negative":
            tally = families.setdefault(o.case.note.split(":")[0] or "other", [0, 0])
            tally[0] += o.channel_posts
            tally[1] += 1
    print("  channel false matches by family: " + ", ".join(
        f"{name} {posted}/{total}" for name, (posted, total) in sorted(families.items())))
    print(f"\n  channel curve (score bar; margin: runner-up <= {matching.CHANNEL_MAX_RATIO:.0%} "
          "of the top)")
    print(f"  {'bar':>6}{'recall calibrate':>18}{'FP calibrate':>14}{'recall holdout':>16}"
          f"{'FP holdout':>12}")
    chosen_bar = matching.CHANNEL_MIN_SCORE
    for bar in sorted({*CURVE, chosen_bar}):
        matching.CHANNEL_MIN_SCORE = bar
        row = []
        for split in ("calibrate", "holdout"):
            found = [Outcome(o.case, o.asked, matcher.match(o.case.text))
                     for o in outcomes[split] if o.case.kind in ("description", "negative")]
            row += [share(found, "description", "channel_right"),
                    share(found, "negative", "channel_posts")]
        mark = "  <- chosen" if bar == chosen_bar else ""
        print(f"  {bar:>6.1f}" + "".join(f"{_ratio(*pair):>{w}}" for pair, w in
                                         zip(row, (18, 14, 16, 12), strict=True)) + mark)
    matching.CHANNEL_MIN_SCORE = chosen_bar
    holdout = [o for o in outcomes["holdout"] if o.case.expect is not None]
    return [f"  [eval:{o.case.kind}:{o.case.split}] {_short(o.case.text)}\n      want "
            f"{o.case.expect}, got {_top_name(o)}" for o in outcomes["all"]
            if (o.case.expect is not None and not o.top1)
            or (o.case.expect is None and o.channel_posts)], (
                sum(o.top1 for o in holdout), len(holdout))


def fresh(matcher: Matcher) -> list[str]:
    """tests/data/fresh_set.py per split; misses of the calibrate split only, so that the
    holdout split stays unseen by whoever tunes the matcher."""
    print("\nfresh set (tests/data/fresh_set.py)")
    print(f"  {'split':<11}{'descriptions top-1':>22}{'channel answered':>20}"
          f"{'pastes top-1':>16}{'pastes in channel':>20}{'channel false match':>22}")
    misses = []
    for split in ("calibrate", "holdout", "all"):
        found = run(matcher, [c for c in FRESH if split in ("all", c.split)])
        print(f"  {split:<11}{_fraction(share(found, 'description', 'top1')):>22}"
              f"{_fraction(share(found, 'description', 'channel_right')):>20}"
              f"{_fraction(share(found, 'paste', 'top1')):>16}"
              f"{_fraction(share(found, 'paste', 'channel_right')):>20}"
              f"{_fraction(share(found, 'negative', 'channel_posts')):>22}")
        if split == "calibrate":
            misses = [f"  [fresh:{o.case.kind}:calibrate] {_short(o.case.text)}\n      want "
                      f"{o.case.expect}, got {_top_name(o)}" for o in found
                      if (o.case.expect is not None and not o.top1)
                      or (o.case.expect is None and o.channel_posts)]
    return misses


def _top_name(o: Outcome) -> str:
    top = o.asked.top() if o.case.expect is not None else o.channel.top()
    return repr(top.entry.name) if top else "nothing"


def main() -> None:
    matcher = Matcher(load_knowledge())
    misses, (right, total) = evaluation(matcher)
    misses += fresh(matcher)
    for name, items in cases().items():
        by_kind: dict[str, Tally] = {}
        for case in items:
            score(matcher, case, by_kind.setdefault(case.kind, Tally()))
        report(name, by_kind)
        misses += [f"  [{name.split()[0]}:{k}] {m}" for k, t in by_kind.items() for m in t.misses]
        if name.startswith("heldout"):  # never seen either: counts with the eval holdout
            labelled = [t for k, t in by_kind.items() if k != "described"]
            right += sum(t.labelled_exact for t in labelled)
            total += sum(t.pastes - t.negatives for t in labelled)
    print(f"\noverall top-1 on unseen pastes (eval holdout and heldout_pastes, every kind): "
          f"{_fraction((right, total))}")
    print(f"\nmisses ({len(misses)}):")
    print("\n".join(misses) or "  none")


if __name__ == "__main__":
    main()
