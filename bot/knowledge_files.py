"""The knowledge files: every ``*.yaml`` of a directory, read and checked into a
bot.domain.knowledge.KnowledgeBase.

Every problem in a knowledge file is reported as ``file:line: what is wrong`` so that a
person editing the YAML can fix it without reading a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from bot.config import default_knowledge_dir
from bot.domain.knowledge import (
    Actor,
    Category,
    Cause,
    Entry,
    KnowledgeBase,
    Link,
    Procedure,
    ProcedureStep,
)

MAX_FILE_BYTES = 1024 * 1024  # knowledge files are hand-written; anything bigger is a mistake


class KnowledgeError(Exception):
    """The knowledge files are invalid; ``problems`` holds one ``file:line: ...`` each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))



E = TypeVar("E", bound=StrEnum)

_ENTRY_REQUIRED = ("category", "actor", "summary", "meaning", "steps", "links")
_ENTRY_OPTIONAL = ("code", "message", "aliases", "keywords", "causes")
_CAUSE_REQUIRED = ("pattern", "cause", "steps")
MAX_CAUSE_STEPS = 2
_STEP_REQUIRED = ("id", "title")
_STEP_OPTIONAL = ("detail", "commands")
_PROCEDURE_REQUIRED = ("title", "intro", "steps")
_PROCEDURE_OPTIONAL = ("links",)
_TOP_LEVEL = ("entries", "procedure")
# Slack's special mentions and links: a card containing one would ping a channel, a user
# or a group, or link a channel, wherever the bot posts it.
_SLACK_MARKUP = re.compile(r"<(?:!(?:channel|here|everyone|subteam\^)|@[UW]|#C)[^>]*>",
                           re.IGNORECASE)


class _Problems:
    """Collects ``file:line: message`` strings, resolving lines from YAML node marks."""

    def __init__(self, path: str, lines: dict[tuple[Any, ...], int]):
        self.path = path
        self.lines = lines
        self.items: list[str] = []

    def line(self, where: tuple[Any, ...]) -> int:
        while where not in self.lines and where:
            where = where[:-1]
        return self.lines.get(where, 1)

    def add(self, where: tuple[Any, ...], message: str) -> None:
        self.items.append(f"{self.path}:{self.line(where)}: {message}")


def _node_lines(
    node: yaml.Node, where: tuple[Any, ...], out: dict[tuple[Any, ...], int],
    problems: _Problems, walked: set[int],
) -> None:
    out[where] = node.start_mark.line + 1
    # An alias is the same node object as its anchor: walk it once, or a "billion laughs"
    # file of nested aliases takes exponential time.
    if id(node) in walked:
        return
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                out[(*where, key)] = key_node.start_mark.line + 1
                problems.add((*where, key), f"duplicate key '{key}'")
            seen.add(key)
            _node_lines(value_node, (*where, key), out, problems, walked)
            out[(*where, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*where, i), out, problems, walked)


def _text(value: Any, where: tuple[Any, ...], problems: _Problems, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"'{name}' must be non-empty text")
        return ""
    markup = _SLACK_MARKUP.search(value)
    if markup:
        problems.add(where, f"'{name}' contains Slack markup {markup.group()[:20]!r} that "
                     "would ping or link in Slack: write it out in plain words")
    return value.strip()


def _texts(value: Any, where: tuple[Any, ...], problems: _Problems, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(where, f"'{name}' must be a list of text")
        return ()
    return tuple(_text(v, (*where, i), problems, name) for i, v in enumerate(value))


def _keys(
    item: Any, where: tuple[Any, ...], problems: _Problems, what: str,
    required: tuple[str, ...], optional: tuple[str, ...],
) -> bool:
    if not isinstance(item, dict):
        problems.add(where, f"{what} must be a mapping")
        return False
    for key in item:
        if key not in required and key not in optional:
            allowed = ", ".join((*required, *optional))
            problems.add((*where, key), f"unknown key '{key}' in {what} (allowed: {allowed})")
    missing = [k for k in required if k not in item]
    for key in missing:
        problems.add(where, f"missing field '{key}' in {what}")
    return not missing


def _links(value: Any, where: tuple[Any, ...], problems: _Problems) -> tuple[Link, ...]:
    if not isinstance(value, list):
        problems.add(where, "'links' must be a list of {title, url}")
        return ()
    links = []
    for i, item in enumerate(value):
        at = (*where, i)
        if _keys(item, at, problems, "link", ("title", "url"), ()):
            url = _text(item["url"], (*at, "url"), problems, "url")
            if url and not url.startswith("https://"):
                problems.add((*at, "url"), f"link url must start with https:// (got '{url}')")
            links.append(Link(_text(item["title"], (*at, "title"), problems, "title"), url))
    return tuple(links)


def _enum(enum: type[E], value: Any, where: tuple[Any, ...], problems: _Problems, name: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        problems.add(where, f"bad {name} '{value}' (allowed: {allowed})")
        return next(iter(enum))


def _entry(item: dict[str, Any], where: tuple[Any, ...], problems: _Problems) -> Entry | None:
    if not _keys(item, where, problems, "entry", _ENTRY_REQUIRED, _ENTRY_OPTIONAL):
        if isinstance(item, dict):  # still report bad values in the fields that are there
            for name, enum in (("category", Category), ("actor", Actor)):
                if name in item:
                    _enum(enum, item[name], (*where, name), problems, name)
        return None
    message = item.get("message")
    if message is not None:
        message = _text(message, (*where, "message"), problems, "message")
    code = ""
    if "code" in item:
        code = _text(item["code"], (*where, "code"), problems, "code")
    elif message is None:
        problems.add(where, "an entry needs a 'code', a 'message' or both")
    steps = _texts(item["steps"], (*where, "steps"), problems, "steps")
    if not steps:
        problems.add((*where, "steps"), "an entry needs at least one step")
    return Entry(
        code=code,
        message=message or None,
        category=_enum(Category, item["category"], (*where, "category"), problems, "category"),
        actor=_enum(Actor, item["actor"], (*where, "actor"), problems, "actor"),
        summary=_text(item["summary"], (*where, "summary"), problems, "summary"),
        meaning=_text(item["meaning"], (*where, "meaning"), problems, "meaning"),
        steps=steps,
        links=_links(item["links"], (*where, "links"), problems),
        aliases=_texts(item.get("aliases"), (*where, "aliases"), problems, "aliases"),
        keywords=_texts(item.get("keywords"), (*where, "keywords"), problems, "keywords"),
        source=f"{problems.path}:{problems.line(where)}",
        causes=_causes(item.get("causes"), (*where, "causes"), problems),
    )


def _causes(value: Any, where: tuple[Any, ...], problems: _Problems) -> tuple[Cause, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        problems.add(where, "'causes' must be a non-empty list of {pattern, cause, steps}")
        return ()
    causes = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        at = (*where, i)
        if not _keys(item, at, problems, "cause", _CAUSE_REQUIRED, ()):
            continue
        pattern = _text(item["pattern"], (*at, "pattern"), problems, "pattern")
        if pattern and not any(c.isalnum() for c in pattern):
            problems.add((*at, "pattern"), f"cause pattern '{pattern}' has no letter or digit")
        if pattern.lower() in seen:
            problems.add((*at, "pattern"), f"duplicate cause pattern '{pattern}'")
        seen.add(pattern.lower())
        steps = _texts(item["steps"], (*at, "steps"), problems, "steps")
        if not 1 <= len(steps) <= MAX_CAUSE_STEPS:
            problems.add((*at, "steps"), f"a cause needs 1 or {MAX_CAUSE_STEPS} steps "
                                         f"(got {len(steps)})")
        causes.append(Cause(pattern, _text(item["cause"], (*at, "cause"), problems, "cause"),
                            steps))
    return tuple(causes)


def _procedure(item: Any, where: tuple[Any, ...], problems: _Problems) -> Procedure | None:
    if not _keys(item, where, problems, "procedure", _PROCEDURE_REQUIRED, _PROCEDURE_OPTIONAL):
        return None
    steps = []
    raw_steps = item["steps"] if isinstance(item["steps"], list) else []
    if not raw_steps:
        problems.add((*where, "steps"), "'steps' must be a non-empty list")
    seen: set[str] = set()
    for i, raw in enumerate(raw_steps):
        at = (*where, "steps", i)
        if not _keys(raw, at, problems, "procedure step", _STEP_REQUIRED, _STEP_OPTIONAL):
            continue
        step_id = _text(raw["id"], (*at, "id"), problems, "id")
        if step_id in seen:
            problems.add((*at, "id"), f"duplicate step id '{step_id}'")
        seen.add(step_id)
        detail = raw.get("detail")
        steps.append(
            ProcedureStep(
                id=step_id,
                title=_text(raw["title"], (*at, "title"), problems, "title"),
                detail=_text(detail, (*at, "detail"), problems, "detail") if detail else "",
                commands=_texts(raw.get("commands"), (*at, "commands"), problems, "commands"),
            )
        )
    links = item.get("links")
    return Procedure(
        title=_text(item["title"], (*where, "title"), problems, "title"),
        intro=_text(item["intro"], (*where, "intro"), problems, "intro"),
        steps=tuple(steps),
        links=_links(links, (*where, "links"), problems) if links is not None else (),
    )


def _parse_file(path: Path, problems_out: list[str]) -> tuple[list[Entry], list[Procedure]]:
    name = str(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems_out.append(f"{name}:1: file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems_out.append(f"{name}:1: cannot read: {exc}")
        return [], []
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problems_out.append(_yaml_problem(name, exc))
        return [], []
    lines: dict[tuple[Any, ...], int] = {}
    problems = _Problems(name, lines)
    if root is not None:
        _node_lines(root, (), lines, problems, set())
    entries: list[Entry] = []
    procedures: list[Procedure] = []
    if _keys(data, (), problems, "a knowledge file", (), _TOP_LEVEL):
        raw_entries = data.get("entries", [])
        if not isinstance(raw_entries, list):
            problems.add(("entries",), "'entries' must be a list")
            raw_entries = []
        for i, item in enumerate(raw_entries):
            entry = _entry(item, ("entries", i), problems)
            if entry:
                entries.append(entry)
        if "procedure" in data:
            procedure = _procedure(data["procedure"], ("procedure",), problems)
            if procedure:
                procedures.append(procedure)
    problems_out.extend(problems.items)
    return entries, procedures


def _yaml_problem(name: str, exc: yaml.YAMLError) -> str:
    """``file:line: invalid YAML: ...`` at the line where the trouble began: an unclosed
    quote is noticed lines later, where the parser gives up, but the context mark holds
    the line where the quote opened."""
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else 1
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    if context_mark is not None and context_mark.line + 1 != line and "quoted" in context:
        return (f"{name}:{context_mark.line + 1}: invalid YAML: the quote opened on this line "
                f"is not closed properly ({problem}, noticed at line {line})")
    return f"{name}:{line}: invalid YAML: {problem}"


def _same_message(message: str | None) -> str | None:
    """Messages that differ only in spacing or case are the same message."""
    return " ".join(message.split()).casefold() if message is not None else None


def _check_duplicates(entries: Iterable[Entry], problems: list[str]) -> None:
    seen: dict[tuple[str, str | None], Entry] = {}
    for entry in entries:
        for code in entry.codes or ("",):  # entries without a code are keyed by message
            key = (code.lower(), _same_message(entry.message))
            if key in seen:
                what = (f"'{code}'" if code else "no code") + (
                    f" with message '{entry.message}'" if entry.message else "")
                problems.append(f"{entry.source}: duplicate code+message {what} "
                                f"(first at {seen[key].source})")
            seen[key] = entry


def load_knowledge(directory: Path | str | None = None) -> KnowledgeBase:
    """Load and validate every ``*.yaml`` file in ``directory`` (default:
    ``default_knowledge_dir()``).

    Raises ``KnowledgeError`` listing every problem found, never a bare traceback.
    """
    directory = Path(directory) if directory is not None else default_knowledge_dir()
    if directory.is_file():
        files = [directory]
    elif directory.is_dir():
        files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
    else:
        raise KnowledgeError([f"{directory}:1: no such knowledge file or directory"])
    if not files:
        raise KnowledgeError([f"{directory}:1: no .yaml knowledge files found"])
    problems: list[str] = []
    entries: list[Entry] = []
    procedures: list[Procedure] = []
    for path in files:
        found_entries, found_procedures = _parse_file(path, problems)
        entries.extend(found_entries)
        procedures.extend(found_procedures)
    _check_duplicates(entries, problems)
    if not entries and not problems:
        problems.append(f"{directory}:1: no error entries found")
    if len(procedures) != 1 and not problems:
        problems.append(f"{directory}:1: expected exactly one 'procedure' document, "
                        f"found {len(procedures)}")
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(tuple(entries), procedures[0], tuple(str(p) for p in files))
