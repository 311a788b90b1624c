"""A synthetic knowledge base of N entries, for measuring the matcher at scale."""

from __future__ import annotations

import random

from bot.domain.knowledge import Actor, Category, Entry, KnowledgeBase, Link
from bot.knowledge_files import load_knowledge

_SYLLABLES = ("ka lo mi ne ra tu vo si pe da gri sto ven mar col bin fen tor lux "
              "qua zen dri pol han mer cas tiv ron bel").split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic_kb(size: int, seed: int = 7) -> KnowledgeBase:
    """The real knowledge base plus ``size`` generated entries with codes, messages and
    keywords drawn from a 3,000-word vocabulary."""
    rng = random.Random(seed)
    vocabulary = sorted({_word(rng) for _ in range(3000)})
    real = load_knowledge()
    entries = list(real.entries)
    seen = {c.lower() for e in entries for c in e.codes}
    while len(entries) < len(real.entries) + size:
        parts = rng.sample(vocabulary, rng.randint(2, 4))
        code = ("_".join(parts).upper() if rng.random() < 0.5
                else "".join(p.capitalize() for p in parts))
        if code.lower() in seen:
            continue
        seen.add(code.lower())
        message = " ".join(rng.sample(vocabulary, rng.randint(5, 14))).capitalize()
        entries.append(Entry(
            code=code, message=message, category=Category.ERROR, actor=Actor.ADMIN,
            summary="synthetic", meaning="synthetic", steps=("step",),
            links=(Link("x", "https://example.invalid"),),
            keywords=tuple(" ".join(rng.sample(vocabulary, 2)) for _ in range(3)),
        ))
    return KnowledgeBase(tuple(entries), real.procedure)


def log_filler(size: int, seed: int = 11) -> str:
    """Realistic-looking NPS/Windows log noise of about ``size`` characters."""
    rng = random.Random(seed)
    lines = []
    total = 0
    while total < size:
        line = (f"2026-11-29 10:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} "
                f"NPS Extension for Azure MFA: CID: {rng.getrandbits(128):032x} request "
                f"for user user{rng.randint(1, 999)}@contoso.com "
                f"state={rng.choice(['ok', 'pending'])}"
                f" latency={rng.randint(10, 900)}ms server=NPS0{rng.randint(1, 4)}")
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)[:size]
