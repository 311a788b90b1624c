"""The fields issue 11 added to the knowledge format: ``causes:`` and entries without a code,
validated with ``file:line`` problems like every other field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge_files import load_knowledge
from tests.domain.test_knowledge_loader import (
    PROCEDURE,
    at,
    entries,
    entry,
    line_of,
    problems_of,
    write,
)

CAUSES = """[{pattern: 'AADSTS7000112', cause: 'the app is disabled.', steps: ['Enable it.']},
             {pattern: '401 Unauthorized', cause: 'the token was refused.', steps: ['A.', 'B.']}]"""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    write(tmp_path, "procedure.yaml", PROCEDURE)
    return tmp_path


def test_causes_and_an_entry_without_a_code_load(kb_dir: Path) -> None:
    no_code = entry(message="Challenge requested for User {0}.").replace("code: SOME_ERROR\n    ",
                                                                         "")
    write(kb_dir, "errors.yaml", entries(entry(causes=CAUSES), no_code))
    first, second = load_knowledge(kb_dir).entries
    assert [c.pattern for c in first.causes] == ["AADSTS7000112", "401 Unauthorized"]
    assert first.causes[1].steps == ("A.", "B.")
    assert second.code == "" and second.codes == () and second.id.startswith("message:")
    assert second.name == "Challenge requested for User …."


def test_an_entry_needs_a_code_or_a_message(kb_dir: Path) -> None:
    text = entries(entry().replace("code: SOME_ERROR\n    ", ""))
    path = write(kb_dir, "errors.yaml", text)
    assert problems_of(kb_dir) == [at(path, 2) + "an entry needs a 'code', a 'message' or both"]


def test_two_entries_without_a_code_may_not_share_a_message(kb_dir: Path) -> None:
    same = entry(message="Radius request is missing NAS Identifier").replace(
        "code: SOME_ERROR\n    ", "")
    text = entries(same, same)
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "category:", 2))
                              + "duplicate code+message no code with message")


def test_bad_causes_are_reported_at_their_line(kb_dir: Path) -> None:
    bad = """
      - {pattern: 'AADSTS90038', cause: 'national cloud.', steps: []}
      - {pattern: 'aadsts90038', cause: 'again.', steps: ['One.', 'Two.', 'Three.']}
      - {pattern: '!!!', cause: 'no letters.', steps: ['One.']}
      - {pattern: 'X1', steps: ['One.']}"""
    text = entries(entry(causes=bad))
    path = write(kb_dir, "errors.yaml", text)
    problems = problems_of(kb_dir)
    assert problems == [
        at(path, line_of(text, "national cloud")) + "a cause needs 1 or 2 steps (got 0)",
        at(path, line_of(text, "again.")) + "duplicate cause pattern 'aadsts90038'",
        at(path, line_of(text, "again.")) + "a cause needs 1 or 2 steps (got 3)",
        at(path, line_of(text, "no letters")) + "cause pattern '!!!' has no letter or digit",
        at(path, line_of(text, "X1")) + "missing field 'cause' in cause",
    ]
    write(kb_dir, "errors.yaml", entries(entry(causes="[]")))
    (problem,) = problems_of(kb_dir)
    assert "'causes' must be a non-empty list of {pattern, cause, steps}" in problem
