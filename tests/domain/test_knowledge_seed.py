"""The shipped knowledge base covers the source article completely.

The seed (a text dump of Microsoft's NPS extension errors article, tables as ``|`` rows)
lives in ``<repo>/../shared/seeds``. Its tables are parsed here rather than copied, so a
code or message that is missing from ``knowledge/`` fails the suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.domain.knowledge import Category, KnowledgeBase, load_knowledge

SEED_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

_CODE = re.compile(r"[A-Za-z][A-Za-z_]*")
# A command line in the log-collection section starts with one of these verbs (case matters:
# ``netsh trace start`` must not split at "start").
_COMMAND_START = re.compile(r"\s+(?=(?:Mkdir|Cd|netsh|logman|wevtutil|Start)\s)")
# A sentence boundary inside a step: end punctuation, space, capital letter.
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_GENERIC_KEYWORDS = {"error", "errors", "user", "users", "mfa", "nps", "failed", "problem"}
MAX_STEP_CHARS = 300


@dataclass(frozen=True)
class SeedRow:
    codes: tuple[str, ...]  # several when the article writes "A or B"
    message: str | None
    section: str  # the prose paragraph just before the table


@dataclass(frozen=True)
class Seed:
    rows: tuple[SeedRow, ...]
    commands: tuple[str, ...]


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    return cells[:-1] if cells[-1] == "" else cells  # the trailing "|" closes the row


def _row(cells: list[str], has_message: bool, section: str) -> SeedRow:
    first = cells[0]
    if has_message:
        message = cells[1] if len(cells) > 1 else ""
    else:
        # Two-column tables sometimes put the message after the code in the first cell.
        first, _, message = first.partition(" ")
    codes = tuple(c.strip() for c in first.split(" or "))
    for code in codes:
        assert _CODE.fullmatch(code), f"seed table row with an unparsable code: {cells!r}"
    return SeedRow(codes, message.strip() or None, section)


def parse_tables(text: str) -> list[SeedRow]:
    """Rows of every "Error code | ..." table; a row may wrap onto the next line."""
    rows: list[SeedRow] = []
    columns: list[str] | None = None
    pending: list[str] = []
    section = ""
    prose = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("Error code |"):
            if columns is not None and pending:
                rows.append(_row(pending, "Error message" in columns, section))
                pending = []
            columns = _cells(line)
            section = prose
            continue
        if columns is None:
            prose = line or prose
            continue
        if line and set(line) <= set("-|"):
            continue  # header separator
        if "|" in line:
            pending.extend(_cells(line))
            if len(pending) >= len(columns):
                rows.append(_row(pending, "Error message" in columns, section))
                pending = []
            continue
        if pending:  # a last row with fewer cells than columns
            rows.append(_row(pending, "Error message" in columns, section))
            pending = []
        columns = None
        prose = line or prose
    if columns is not None and pending:
        rows.append(_row(pending, "Error message" in columns, section))
    return rows


def parse_commands(text: str) -> list[str]:
    """Commands of the log-collection section, in order."""
    commands: list[str] = []
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        if line.rstrip().endswith("commands:"):
            commands.extend(c.strip() for c in _COMMAND_START.split(lines[i + 1].strip()))
    return [c for c in commands if c]


@pytest.fixture(scope="module")
def seed() -> Seed:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    texts = [f.read_text(encoding="utf-8") for f in files]
    texts = [t for t in texts if "Error code |" in t]
    if not texts:
        pytest.fail(
            f"No seed article found: expected a text dump of the NPS extension errors article "
            f"with 'Error code |' tables in {SEED_DIR.resolve()} (shared/seeds next to the repo)."
        )
    rows = [row for text in texts for row in parse_tables(text)]
    commands = [cmd for text in texts for cmd in parse_commands(text)]
    assert rows, "the seed parser found no table rows"
    assert commands, "the seed parser found no log-collection commands"
    return Seed(tuple(rows), tuple(commands))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


def _pairs(kb: KnowledgeBase) -> set[tuple[str, str | None]]:
    return {(code, e.message) for e in kb.entries for code in e.codes}


# --- the parser itself --------------------------------------------------------------------

def test_parser_reads_wrapped_rows_inline_messages_and_short_rows() -> None:
    text = "\n".join([
        "Intro prose.",
        "Error code | Troubleshooting steps |",
        "---|---|",
        "CODE_A | Fix it. |",
        "CODE_B Some message.Here |",
        "Steps for B. |",
        "Between the tables.",
        "Error code | Error message |",
        "---|---|",
        "One or Other | A message |",
        "Bare | |",
        "Last |",
        "Trailing prose.",
    ])
    assert parse_tables(text) == [
        SeedRow(("CODE_A",), None, "Intro prose."),
        SeedRow(("CODE_B",), "Some message.Here", "Intro prose."),
        SeedRow(("One", "Other"), "A message", "Between the tables."),
        SeedRow(("Bare",), None, "Between the tables."),
        SeedRow(("Last",), None, "Between the tables."),
    ]


def test_parser_splits_one_line_of_commands() -> None:
    text = "Run these commands:\nMkdir c:\\X Cd X netsh trace start a=b logman stop \"N\" -ets\n"
    assert parse_commands(text) == ["Mkdir c:\\X", "Cd X", "netsh trace start a=b",
                                    'logman stop "N" -ets']


# --- coverage of the seed -----------------------------------------------------------------

def test_every_seed_code_is_known(seed: Seed, kb: KnowledgeBase) -> None:
    known = {code for e in kb.entries for code in e.codes}
    missing = sorted({c for row in seed.rows for c in row.codes} - known)
    assert not missing, f"codes from the seed with no knowledge entry: {missing}"


def test_every_seed_code_and_message_pair_is_known(seed: Seed, kb: KnowledgeBase) -> None:
    pairs = _pairs(kb)
    missing = sorted(
        (code, row.message)
        for row in seed.rows
        if row.message is not None
        for code in row.codes
        if (code, row.message) not in pairs
    )
    assert not missing, f"(code, message) pairs from the seed not in knowledge/: {missing}"


def test_codes_written_as_alternatives_share_one_entry(seed: Seed, kb: KnowledgeBase) -> None:
    multi = [row for row in seed.rows if len(row.codes) > 1]
    assert multi, "the seed is expected to list at least one 'A or B' code"
    for row in multi:
        owners = {e.id for code in row.codes for e in kb.by_code(code)
                  if e.message == row.message}
        assert len(owners) == 1, f"{row.codes} should be one entry with aliases, got {owners}"


def test_section_categories_follow_the_article(seed: Seed, kb: KnowledgeBase) -> None:
    """Rows under "aren't errors" are user warnings; rows under "contact support" need support."""
    expected = {"aren't errors": Category.USER_WARNING, "contact support": Category.NEEDS_SUPPORT}
    seen: set[Category] = set()
    for row in seed.rows:
        want = next((cat for phrase, cat in expected.items() if phrase in row.section), None)
        if want is None:
            continue
        for code in row.codes:
            entries = [e for e in kb.by_code(code) if row.message in (None, e.message)]
            assert entries and all(e.category is want for e in entries), (code, row.message)
        seen.add(want)
    assert seen == set(expected.values()), "the seed's section headings were not recognised"


def test_a_code_listed_with_and_without_message_is_one_entry(kb: KnowledgeBase) -> None:
    (entry,) = kb.by_code("OathCodePinIncorrect")
    assert entry.message == "Wrong code and pin entered."
    assert entry.category is Category.NEEDS_SUPPORT


@pytest.mark.parametrize("code", [
    "CONTACT_SUPPORT", "AuthenticationMethodNotSupported", "SMSAuthFailedWrongCodePinEntered",
    "TenantIsBlocked",
])
def test_errors_the_article_sends_to_support_need_support(kb: KnowledgeBase, code: str) -> None:
    entries = kb.by_code(code)
    assert entries and all(e.category is Category.NEEDS_SUPPORT for e in entries)


@pytest.mark.parametrize(("code", "message"), [
    ("AuthenticationThrottled", "Too many attempts by user in a short period of time. Throttling."),
    ("AuthenticationMethodLimitReached", "Authentication Method Limit Reached. Throttling."),
])
def test_newer_throttling_codes_are_user_warnings(kb: KnowledgeBase, code: str,
                                                  message: str) -> None:
    (entry,) = kb.by_code(code)
    assert entry.message == message
    assert entry.category is Category.USER_WARNING


# --- quality of every entry ---------------------------------------------------------------

def test_entry_ids_are_unique(kb: KnowledgeBase) -> None:
    ids = [e.id for e in kb.entries]
    assert len(ids) == len(set(ids))


def test_every_entry_links_only_to_https_pages(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert e.links, e.source
        assert all(link.url.startswith("https://") and link.title for link in e.links), e.source


def test_steps_are_short_single_sentences(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert e.steps, e.source
        for step in e.steps:
            prose = re.sub(r"`[^`]*`", "`code`", step)  # commands may contain dots
            assert len(step) <= MAX_STEP_CHARS, f"{e.source}: step too long: {step}"
            assert not _SENTENCE_BREAK.search(prose), f"{e.source}: one sentence per step: {step}"
            assert step.endswith("."), f"{e.source}: a step is a full sentence: {step}"


def test_summary_and_meaning_are_one_line(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert "\n" not in e.summary and "\n" not in e.meaning, e.source
        assert not _SENTENCE_BREAK.search(re.sub(r"`[^`]*`", "", e.meaning)), e.source


def test_card_text_has_no_slack_link_or_mention_syntax(kb: KnowledgeBase) -> None:
    """``<...>`` is Slack's link/mention syntax; placeholders must not look like it."""
    for e in kb.entries:
        for text in (e.summary, e.meaning, *e.steps):
            assert "<" not in text, f"{e.source}: {text}"


def test_keywords_are_few_and_specific(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert 3 <= len(e.keywords) <= 8, f"{e.source}: {len(e.keywords)} keywords"
        generic = [k for k in e.keywords if k.lower() in _GENERIC_KEYWORDS]
        assert not generic, f"{e.source}: generic keywords {generic}"


# --- the log-collection procedure ---------------------------------------------------------

def test_procedure_contains_every_seed_command_in_order(seed: Seed, kb: KnowledgeBase) -> None:
    ours = [cmd for step in kb.procedure.steps for cmd in step.commands]
    missing = [cmd for cmd in seed.commands if cmd not in ours]
    assert not missing, f"seed commands missing (or not byte-exact) in the procedure: {missing}"
    positions = [ours.index(cmd) for cmd in seed.commands]
    assert positions == sorted(positions), "procedure commands are out of the article's order"


def test_procedure_steps_have_stable_ids_and_links(kb: KnowledgeBase) -> None:
    steps = kb.procedure.steps
    assert all(_KEBAB.fullmatch(s.id) for s in steps)
    assert len({s.id for s in steps}) == len(steps)
    assert kb.procedure.links
    assert all(link.url.startswith("https://") for link in kb.procedure.links)
