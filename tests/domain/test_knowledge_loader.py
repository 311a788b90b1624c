"""Broken knowledge files are reported as ``file:line: problem``, never as a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge_files import MAX_FILE_BYTES, KnowledgeError, load_knowledge

PROCEDURE = """\
procedure:
  title: Collect logs
  intro: Run these on the NPS server.
  steps:
    - id: first-step
      title: Do the first thing
      commands: ['netsh trace stop']
  links:
    - {title: Errors, url: 'https://learn.microsoft.com/x'}
"""


def entry(code: str = "SOME_ERROR", message: str | None = None, **fields: str) -> str:
    """One valid entry as YAML lines; ``fields`` replace or add raw ``key: value`` lines."""
    values = {
        "code": code,
        "category": "error",
        "actor": "admin",
        "summary": "Something broke.",
        "meaning": "It means something broke.",
        "steps": "['Fix the thing.']",
        "links": "[{title: Docs, url: 'https://learn.microsoft.com/y'}]",
    }
    if message is not None:
        values["message"] = f"'{message}'"
    values.update(fields)
    lines = [f"{key}: {value}" for key, value in values.items()]
    return "  - " + "\n    ".join(lines) + "\n"


def entries(*items: str) -> str:
    return "entries:\n" + "".join(items)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(directory: Path) -> list[str]:
    """Load ``directory`` expecting failure; every problem must read ``<path>:<line>: ...``."""
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    problems = caught.value.problems
    assert problems
    for problem in problems:
        assert re.match(rf"{re.escape(str(directory))}[^:]*:\d+: \S", problem), problem
    return problems


def at(path: Path, line: int) -> str:
    return f"{path}:{line}: "


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    write(tmp_path, "procedure.yaml", PROCEDURE)
    return tmp_path


def test_valid_files_load(kb_dir: Path) -> None:
    text = entries(entry("A_ERROR"), entry("B_ERROR", "One message."), entry("B_ERROR", "Other."))
    path = write(kb_dir, "errors.yaml", text)
    kb = load_knowledge(kb_dir)
    assert [e.code for e in kb.entries] == ["A_ERROR", "B_ERROR", "B_ERROR"]
    assert kb.entries[2].source == f"{path}:{line_of(text, 'B_ERROR', 2)}"
    assert kb.procedure.steps[0].commands == ("netsh trace stop",)


def test_invalid_yaml_reports_the_line_of_the_error(kb_dir: Path) -> None:
    text = entries(entry(summary="a summary: with a colon"))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "with a colon")))
    assert "invalid YAML" in problem


def test_unknown_key_reports_its_line(kb_dir: Path) -> None:
    text = entries(entry(), entry("OTHER", colour="red"))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "colour:")))
    assert "unknown key 'colour'" in problem


def test_missing_field_reports_the_entry_line(kb_dir: Path) -> None:
    without_meaning = entry("NO_MEANING").replace("    meaning: It means something broke.\n", "")
    text = entries(entry(), without_meaning)
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "NO_MEANING")))
    assert "missing field 'meaning'" in problem


def test_every_problem_is_reported_not_just_the_first(kb_dir: Path) -> None:
    text = entries(entry(category="oops"), entry("B", actor="robot"), entry("C", steps="[]"))
    path = write(kb_dir, "errors.yaml", text)
    problems = problems_of(kb_dir)
    assert [p.split(": ", 1)[0] for p in problems] == [
        f"{path}:{line_of(text, 'oops')}",
        f"{path}:{line_of(text, 'robot')}",
        f"{path}:{line_of(text, 'steps: []')}",
    ]


def test_duplicate_code_and_message_in_one_file(kb_dir: Path) -> None:
    text = entries(entry("DUP", "Same words."), entry("OTHER"), entry("DUP", "Same words."))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    first, second = line_of(text, "DUP"), line_of(text, "DUP", 2)
    assert problem.startswith(at(path, second))
    assert "duplicate code+message 'DUP'" in problem
    assert f"first at {path}:{first}" in problem


def test_duplicate_code_without_message_across_two_files(kb_dir: Path) -> None:
    a_text, b_text = entries(entry("DUP")), entries(entry("OTHER"), entry("DUP"))
    a = write(kb_dir, "a.yaml", a_text)
    b = write(kb_dir, "b.yaml", b_text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(b, line_of(b_text, "DUP")))
    assert f"first at {a}:{line_of(a_text, 'DUP')}" in problem


def test_alias_and_code_case_count_as_duplicates(kb_dir: Path) -> None:
    text = entries(
        entry("First", "Msg.", aliases="[Second]"),
        entry("SECOND", "Msg."),
    )
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "SECOND")))


def test_same_code_with_different_messages_is_allowed(kb_dir: Path) -> None:
    write(kb_dir, "errors.yaml", entries(entry("X", "One."), entry("X", "Two."), entry("X")))
    assert len(load_knowledge(kb_dir).by_code("X")) == 3


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("category", "fatal", "bad category 'fatal' (allowed: error, user-warning, needs-support)"),
    ("actor", "robot", "bad actor 'robot' (allowed: admin, end-user, support)"),
])
def test_bad_enum_value_reports_its_line(kb_dir: Path, field: str, value: str,
                                         expected: str) -> None:
    text = entries(entry(), entry("B", **{field: value}))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem == at(path, line_of(text, f"{field}: {value}")) + expected


def test_duplicate_mapping_key_reports_the_second_occurrence(kb_dir: Path) -> None:
    text = entries(entry() + "    summary: Another summary.\n")
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem == at(path, line_of(text, "summary:", 2)) + "duplicate key 'summary'"


def test_non_https_link_is_rejected_at_the_url_line(kb_dir: Path) -> None:
    links = "\n      - title: Docs\n        url: 'http://example.com/page'"
    text = entries(entry(links=links))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "http://example.com")))
    assert "https://" in problem


def test_file_over_the_size_cap_is_refused_before_parsing(kb_dir: Path) -> None:
    text = entries(entry())
    write(kb_dir, "errors.yaml", text + "#" * (MAX_FILE_BYTES - len(text) - 1) + "\n")
    assert load_knowledge(kb_dir).entries  # exactly at the cap is fine
    big = write(kb_dir, "big.yaml", "#" * (MAX_FILE_BYTES + 1))
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(big, 1))
    assert str(MAX_FILE_BYTES) in problem


def test_empty_directory(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "not yaml")
    assert problems_of(tmp_path) == [f"{tmp_path}:1: no .yaml knowledge files found"]


def test_missing_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert problems_of(missing) == [f"{missing}:1: no such knowledge file or directory"]


def test_missing_procedure(tmp_path: Path) -> None:
    write(tmp_path, "errors.yaml", entries(entry()))
    (problem,) = problems_of(tmp_path)
    assert problem == f"{tmp_path}:1: expected exactly one 'procedure' document, found 0"


def test_two_procedures(kb_dir: Path) -> None:
    write(kb_dir, "errors.yaml", entries(entry()) + PROCEDURE)
    (problem,) = problems_of(kb_dir)
    assert problem.endswith("expected exactly one 'procedure' document, found 2")


def test_procedure_problems_report_their_lines(tmp_path: Path) -> None:
    text = PROCEDURE.replace("      commands:", "      colour: red\n      commands:")
    text = text.replace("  links:", "    - id: first-step\n      title: Again\n  links:")
    path = write(tmp_path, "procedure.yaml", text)
    write(tmp_path, "errors.yaml", entries(entry()))
    problems = problems_of(tmp_path)
    assert problems[0].startswith(at(path, line_of(text, "colour: red")))
    assert any(p.startswith(at(path, line_of(text, "id: first-step", 2))) and
               "duplicate step id 'first-step'" in p for p in problems)


def test_python_tags_are_rejected_and_never_run(kb_dir: Path) -> None:
    marker = kb_dir / "pwned"
    text = entries(entry(code=f"!!python/object/apply:os.system ['touch {marker}']"))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "!!python")))
    assert "python/object" in problem
    assert not marker.exists()


def test_nested_aliases_do_not_explode(kb_dir: Path) -> None:
    """A "billion laughs" file is reported like any other bad file."""
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    lines.append("entries: *i")
    path = write(kb_dir, "errors.yaml", "\n".join(lines) + "\n")
    problems = problems_of(kb_dir)
    assert problems[0] == at(path, 1) + (
        "unknown key 'a' in a knowledge file (allowed: entries, procedure)")


def test_empty_file_is_a_problem_not_a_crash(kb_dir: Path) -> None:
    path = write(kb_dir, "errors.yaml", "")
    assert problems_of(kb_dir) == [at(path, 1) + "a knowledge file must be a mapping"]


def test_non_utf8_file_is_a_problem_not_a_crash(kb_dir: Path) -> None:
    path = kb_dir / "errors.yaml"
    path.write_bytes(b"entries:\n  - code: \xff\xfe\n")
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, 1) + "cannot read")


def test_an_unclosed_quote_is_reported_where_it_opened(kb_dir: Path) -> None:
    # The parser notices only lines later, at the stray backslash escape.
    text = entries(entry(summary='"unclosed summary'), entry("NEXT", meaning="'C:\\Mfa'"))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    opened = line_of(text, "unclosed summary")
    assert problem.startswith(at(path, opened)), problem
    assert "quote opened on this line is not closed" in problem
    assert f"noticed at line {line_of(text, 'C:')}" in problem


def test_messages_differing_only_in_spacing_or_case_are_duplicates(kb_dir: Path) -> None:
    text = entries(entry("DUP", "Tenant is blocked."), entry("DUP", "tenant  is\tBLOCKED. "))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, "DUP", 2)))
    assert "duplicate code+message 'DUP'" in problem


@pytest.mark.parametrize("markup", [
    "<!channel>", "<!here>", "<!everyone>", "<@U0123ABC>", "<@W0123ABC|jo>", "<#C0123ABC>",
    "<!subteam^S0123ABC>",
])
@pytest.mark.parametrize("field", ["summary", "meaning", "steps", "keywords"])
def test_slack_mentions_in_any_text_are_refused_at_their_line(
        kb_dir: Path, markup: str, field: str) -> None:
    text_value = f"'Tell {markup} about it.'"
    value = f"[{text_value}]" if field in ("steps", "keywords") else text_value
    text = entries(entry("FINE"), entry("PINGS", **{field: value}))
    path = write(kb_dir, "errors.yaml", text)
    (problem,) = problems_of(kb_dir)
    assert problem.startswith(at(path, line_of(text, markup))), problem
    assert "would ping or link in Slack" in problem


def test_angle_brackets_that_are_not_slack_markup_stay_allowed(kb_dir: Path) -> None:
    write(kb_dir, "errors.yaml", entries(entry(
        "FINE", steps="['Run `Update-MgServicePrincipal -ServicePrincipalId <object ID>`.']")))
    assert load_knowledge(kb_dir).by_code("FINE")
