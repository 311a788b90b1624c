"""Slack's Block Kit limits, and a checker that lists every one a payload breaks.

Slack rejects a whole message or view for one oversized field (``invalid_blocks``), so the
builders keep within these numbers and the tests run every output through ``problems``.
"""

from __future__ import annotations

from typing import Any

MAX_BLOCKS = {"message": 50, "modal": 100, "home": 100}
FALLBACK_TEXT = 40_000
TEXT = 3000  # any text object
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
URL = 3000
ID = 255  # action_id, block_id, callback_id
CHECKBOX_OPTIONS = 10
OPTION_TEXT = 75
OPTION_DESCRIPTION = 75
OPTION_VALUE = 150
INPUT_LABEL = 2000
INPUT_HINT = 2000
PLACEHOLDER = 150
INPUT_VALUE = 3000  # plain_text_input max_length and initial_value
VIEW_TEXT = 24  # modal title, submit, close
PRIVATE_METADATA = 3000

_BLOCK_TYPES = {"section", "header", "context", "actions", "input", "divider"}
_BUTTON_STYLES = {"primary", "danger"}


class _Checker:
    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.found.append(f"{where}: {what}")

    def length(self, where: str, value: Any, limit: int, *, minimum: int = 0) -> None:
        if not isinstance(value, str):
            self.add(where, "missing or not a string")
        elif len(value) > limit:
            self.add(where, f"{len(value)} chars > {limit}")
        elif len(value) < minimum:
            self.add(where, f"{len(value)} chars < {minimum}")

    def count(self, where: str, items: Any, maximum: int) -> None:
        if not isinstance(items, list) or not 1 <= len(items) <= maximum:
            size = len(items) if isinstance(items, list) else 0
            self.add(where, f"{size} items, need 1-{maximum}")

    def text(self, where: str, obj: Any, limit: int = TEXT, *, plain_only: bool = False) -> None:
        if not isinstance(obj, dict):
            self.add(where, "missing text object")
            return
        allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
        if obj.get("type") not in allowed:
            self.add(where, f"text type must be one of {', '.join(allowed)}")
        self.length(f"{where}.text", obj.get("text"), limit, minimum=1)

    def view(self, payload: dict[str, Any], surface: str) -> None:
        if payload.get("type") != surface:
            self.add("type", f"must be '{surface}'")
        if "private_metadata" in payload:
            self.length("private_metadata", payload["private_metadata"], PRIVATE_METADATA)
        if "callback_id" in payload:
            self.length("callback_id", payload["callback_id"], ID)
        if surface != "modal":
            return
        self.text("title", payload.get("title"), VIEW_TEXT, plain_only=True)
        for key in ("submit", "close"):
            if key in payload:
                self.text(key, payload[key], VIEW_TEXT, plain_only=True)
        has_inputs = any(b.get("type") == "input" for b in payload.get("blocks", ()))
        if has_inputs and "submit" not in payload:
            self.add("submit", "a modal with inputs needs a submit button")

    def blocks(self, blocks: Any, surface: str) -> None:
        if not isinstance(blocks, list):
            self.add("blocks", "missing or not a list")
            return
        if len(blocks) > MAX_BLOCKS[surface]:
            self.add("blocks", f"{len(blocks)} blocks > {MAX_BLOCKS[surface]}")
        seen: set[str] = set()
        for i, block in enumerate(blocks):
            where = f"blocks[{i}]"
            block_id = block.get("block_id")
            if block_id is not None:
                self.length(f"{where}.block_id", block_id, ID, minimum=1)
                if block_id in seen:
                    self.add(f"{where}.block_id", f"duplicate block_id '{block_id}'")
                seen.add(block_id)
            self.block(where, block)

    def block(self, where: str, block: dict[str, Any]) -> None:
        kind = block.get("type")
        if kind not in _BLOCK_TYPES:
            self.add(where, f"unknown block type {kind!r}")
        elif kind == "header":
            self.text(f"{where}.text", block.get("text"), HEADER_TEXT, plain_only=True)
        elif kind == "section":
            self.section(where, block)
        elif kind == "context":
            elements = block.get("elements") or []
            self.count(f"{where}.elements", elements, CONTEXT_ELEMENTS)
            for j, element in enumerate(elements):
                self.text(f"{where}.elements[{j}]", element)
        elif kind == "actions":
            elements = block.get("elements") or []
            self.count(f"{where}.elements", elements, ACTIONS_ELEMENTS)
            action_ids = [e.get("action_id") for e in elements if e.get("action_id")]
            if len(action_ids) != len(set(action_ids)):
                self.add(f"{where}.elements", "duplicate action_id in one block")
            for j, element in enumerate(elements):
                self.element(f"{where}.elements[{j}]", element)
        elif kind == "input":
            self.text(f"{where}.label", block.get("label"), INPUT_LABEL, plain_only=True)
            if "hint" in block:
                self.text(f"{where}.hint", block["hint"], INPUT_HINT, plain_only=True)
            self.element(f"{where}.element", block.get("element") or {})

    def section(self, where: str, block: dict[str, Any]) -> None:
        if "text" not in block and "fields" not in block:
            self.add(where, "a section needs text or fields")
        if "text" in block:
            self.text(f"{where}.text", block["text"], SECTION_TEXT)
        if "fields" in block:
            items = block["fields"]
            self.count(f"{where}.fields", items, SECTION_FIELDS)
            for j, item in enumerate(items):
                self.text(f"{where}.fields[{j}]", item, FIELD_TEXT)
        if "accessory" in block:
            self.element(f"{where}.accessory", block["accessory"])

    def element(self, where: str, element: dict[str, Any]) -> None:
        kind = element.get("type")
        if "action_id" in element:
            self.length(f"{where}.action_id", element["action_id"], ID, minimum=1)
        if kind == "button":
            self.text(f"{where}.text", element.get("text"), BUTTON_TEXT, plain_only=True)
            if "value" in element:
                self.length(f"{where}.value", element["value"], BUTTON_VALUE)
            if "url" in element:
                self.length(f"{where}.url", element["url"], URL)
            if element.get("style", "primary") not in _BUTTON_STYLES:
                self.add(f"{where}.style", f"unknown style {element['style']!r}")
        elif kind == "checkboxes":
            self.checkboxes(where, element)
        elif kind == "plain_text_input":
            limit = element.get("max_length", INPUT_VALUE)
            if "initial_value" in element:
                self.length(f"{where}.initial_value", element["initial_value"], limit)
            if "placeholder" in element:
                self.text(f"{where}.placeholder", element["placeholder"], PLACEHOLDER,
                          plain_only=True)
        else:
            self.add(where, f"unknown element type {kind!r}")

    def checkboxes(self, where: str, element: dict[str, Any]) -> None:
        options = element.get("options") or []
        self.count(f"{where}.options", options, CHECKBOX_OPTIONS)
        values = []
        for j, option in enumerate(options):
            at = f"{where}.options[{j}]"
            self.text(f"{at}.text", option.get("text"), OPTION_TEXT)
            if "description" in option:
                self.text(f"{at}.description", option["description"], OPTION_DESCRIPTION)
            self.length(f"{at}.value", option.get("value"), OPTION_VALUE, minimum=1)
            values.append(option.get("value"))
        if len(values) != len(set(values)):
            self.add(f"{where}.options", "duplicate option value")
        for j, option in enumerate(element.get("initial_options", ())):
            if option not in options:
                self.add(f"{where}.initial_options[{j}]", "not one of the options")


def problems(payload: dict[str, Any], *, surface: str = "message") -> list[str]:
    """Every Block Kit limit ``payload`` breaks, as "where: what" lines; empty when fine.

    ``payload`` is ``Message.as_kwargs()`` for a message, or the view for a modal or home.
    """
    if surface not in MAX_BLOCKS:
        raise ValueError(f"unknown surface {surface!r}")
    check = _Checker()
    if surface == "message":
        check.length("text", payload.get("text"), FALLBACK_TEXT, minimum=1)
    else:
        check.view(payload, surface)
    check.blocks(payload.get("blocks"), surface)
    return check.found
