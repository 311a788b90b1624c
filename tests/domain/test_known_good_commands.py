"""Every command, registry path and registry value on the cards is written as Microsoft's
public pages write it, and carries the context those pages require (where to run it, the
warning that goes with a restart, the sign-in it needs first).

The known-good forms live in ``known_good_commands.yaml`` next to this file, each with its
source. The knowledge files are read as raw YAML so that every text on a card is checked,
whatever field holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import default_knowledge_dir

FORMS_FILE = Path(__file__).with_name("known_good_commands.yaml")
_SPAN = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Form:
    form: str
    source: str
    say: tuple[str, ...] = ()
    when: str = ""
    after: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Family:
    name: str
    match: re.Pattern[str]
    forms: tuple[Form, ...]
    wrong: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    """One step (or meaning, intro...) of one card, with the code spans it names."""

    card: str
    index: int
    text: str
    spans: tuple[str, ...]


def load_families(data: dict[str, Any]) -> tuple[Family, ...]:
    return tuple(
        Family(
            name=f["name"],
            match=re.compile(f["match"]),
            forms=tuple(
                Form(form=x["form"], source=x["source"], say=tuple(x.get("say", ())),
                     when=x.get("when", ""), after=x.get("after", ""),
                     values=tuple(x.get("values", ())))
                for x in f["forms"]
            ),
            wrong=tuple(f.get("wrong", ())),
        )
        for f in data["families"]
    )


def _texts(node: Any) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(text, extra spans) for every text under ``node``; a log-collection step is one text
    whose commands count as spans even without backticks."""
    if isinstance(node, dict) and "commands" in node:
        commands = tuple(str(c) for c in node.get("commands") or ())
        prose = " ".join(str(v) for k, v in node.items() if k not in ("commands", "id"))
        yield " ".join((prose, *commands)), commands
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("links", "code", "message", "aliases", "id"):
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
    elif isinstance(node, str):
        yield node, ()


def card_units(document: dict[str, Any], name: str) -> Iterator[Unit]:
    cards: list[tuple[str, Any]] = []
    for i, entry in enumerate(document.get("entries") or ()):
        label = entry.get("code") or entry.get("message") or f"entry {i}"
        cards.append((f"{name}: {label} #{i}", entry))
    if "procedure" in document:
        cards.append((f"{name}: procedure", document["procedure"]))
    for card, node in cards:
        for index, (text, commands) in enumerate(_texts(node)):
            yield Unit(card, index, text, (*_SPAN.findall(text), *commands))


def knowledge_units(folder: Path) -> list[Unit]:
    units: list[Unit] = []
    for path in sorted(folder.glob("*.y*ml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        units.extend(card_units(document, path.name))
    return units


def problems(units: list[Unit], families: tuple[Family, ...],
             say_anywhere: list[dict[str, Any]]) -> list[str]:
    """Everything on the cards that strays from the known-good forms, one line each. A form's
    ``after`` counts when it is in an earlier step or earlier in the same step."""
    found: list[str] = []
    known = {f.form: f for family in families for f in family.forms}
    for unit in units:
        lower = unit.text.lower()
        earlier = [u for u in units if u.card == unit.card and u.index < unit.index]
        for family in families:
            found += [f"{unit.card}: wrong form {w!r} in: {unit.text}"
                      for w in family.wrong if w in unit.text]
        for span in unit.spans:
            family_of = next((f for f in families if f.match.search(span)), None)
            if family_of is None:
                continue
            form = known.get(span)
            if form is None or form not in family_of.forms:
                found.append(f"{unit.card}: {span!r} is not a known-good {family_of.name} form")
                continue
            if not form.when or re.search(form.when, unit.text):
                found += [f"{unit.card}: {span!r} needs {phrase!r} in the same step: {unit.text}"
                          for phrase in form.say if phrase.lower() not in lower]
            signed_in = any(form.after in u.spans for u in earlier) or (
                form.after in unit.spans and unit.text.find(form.after) < unit.text.find(span))
            if form.after and not signed_in:
                found.append(f"{unit.card}: {span!r} needs `{form.after}` before it")
            if form.values:
                bad = [s for s in unit.spans if re.fullmatch(r"(?i)true|false", s)
                       and s not in form.values]
                found += [f"{unit.card}: {span!r} takes {form.values}, not {b!r}" for b in bad]
        for rule in say_anywhere:
            if rule["text"].lower() in lower:
                found += [f"{unit.card}: {rule['text']!r} needs {phrase!r} alongside: {unit.text}"
                          for phrase in rule["say"] if phrase.lower() not in lower]
    return found


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def families(data: dict[str, Any]) -> tuple[Family, ...]:
    return load_families(data)


@pytest.fixture(scope="module")
def units() -> list[Unit]:
    return knowledge_units(default_knowledge_dir())


def test_every_command_and_registry_value_uses_a_known_good_form(
        units: list[Unit], families: tuple[Family, ...], data: dict[str, Any]) -> None:
    found = problems(units, families, data.get("say_anywhere", []))
    assert not found, "\n".join(found)


def test_every_family_is_used_so_the_list_stays_current(
        units: list[Unit], families: tuple[Family, ...]) -> None:
    spans = [s for u in units for s in u.spans]
    unused = [f.name for f in families if not any(f.match.search(s) for s in spans)]
    assert not unused, f"families no card uses (stale list?): {unused}"


def test_each_form_belongs_to_its_own_family(families: tuple[Family, ...]) -> None:
    for family in families:
        for form in family.forms:
            assert family.match.search(form.form), (family.name, form.form)
            assert form.source.startswith("https://"), form.form
            assert not any(w in form.form for w in family.wrong), form.form


# --- the checker itself catches what it is there to catch --------------------------------

def _cards(steps: list[str]) -> list[Unit]:
    document = {"entries": [{"code": "X", "steps": steps}]}
    return list(card_units(document, "test.yaml"))


@pytest.mark.parametrize(("steps", "expected"), [
    (["Register it with `netsh ras add registeredserver`."], "wrong form"),
    (["Restart NPS with `net stop ias` and then `net start ias`."], "'load balancer'"),
    (["List them with `Get-MgServicePrincipal -Property KeyCredentials`."],
     "not a known-good service principal certificates form"),
    (["Set `OVERRIDE_NUMBER_MATCHING_WITH_OTP` to `FALSE`."], "'string value'"),
    (["Set the string value `OVERRIDE_NUMBER_MATCHING_WITH_OTP` to `False`."], "not 'False'"),
    (["Sync with `Start-ADSyncSyncCycle -PolicyType Delta`."], "'Microsoft Entra Connect server'"),
    (["Re-run `AzureMfaNpsExtnConfigSetup.ps1` with the same tenant ID."], "'restarts NPS'"),
    (["Set `LDAP_LOOKUP_FOREST` to your forests."], "not a known-good registry value form"),
    (["Create it with `New-MgServicePrincipal -AppId 981f26a1-7f43-403b-a875-f8b09b8cd720 "
      "-DisplayName \"Azure Multi-Factor Auth Client\"` after "
      "`Connect-MgGraph -Scopes 'Application.ReadWrite.All'`."], "before it"),
])
def test_the_checker_flags_wrong_or_unguarded_forms(
        families: tuple[Family, ...], data: dict[str, Any], steps: list[str],
        expected: str) -> None:
    found = problems(_cards(steps), families, data.get("say_anywhere", []))
    assert any(expected in line for line in found), found


def test_graph_commands_need_the_sign_in_in_an_earlier_step(
        families: tuple[Family, ...]) -> None:
    listing = next(f.form for fam in families for f in fam.forms
                   if f.form.startswith("(Get-MgServicePrincipal"))
    alone = problems(_cards([f"List them with `{listing}`."]), families, [])
    assert any("before it" in line for line in alone), alone
    signed_in = _cards(["Sign in with `Connect-MgGraph -Scopes 'Application.Read.All'`.",
                        f"List them with `{listing}`."])
    assert problems(signed_in, families, []) == []


def test_option_4_is_never_named_without_its_warning(data: dict[str, Any],
                                                     families: tuple[Family, ...]) -> None:
    bare = {"procedure": {"intro": "Or run the health check script and pick option 4."}}
    units = list(card_units(bare, "test.yaml"))
    found = problems(units, families, data["say_anywhere"])
    assert any("'restarts NPS'" in line for line in found), found
