"""Integrity of the labelled evaluation sets themselves (not of the matcher)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.data import fresh_set
from tests.data.eval_set import CALIBRATE, CASES, HOLDOUT, Case

ERRORS_YAML = Path(__file__).resolve().parents[2] / "knowledge" / "errors.yaml"
MIN_SIZES = {"description": 150, "fragment": 50, "negative": 100}
# Message-only entries the knowledge base is about to gain; until then they may be absent.
PENDING = {"|AccessReject", "|AccessChallenge", "|Challenge requested in Authentication Ext",
           "|NAS Identifier"}


def _entries() -> list[dict[str, Any]]:
    with ERRORS_YAML.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    entries: list[dict[str, Any]] = data["entries"]
    return entries


def _codes(entry: dict[str, Any]) -> set[str]:
    codes = [entry.get("code") or "", *(entry.get("aliases") or [])]
    return {str(code).lower() for code in codes if code}


def _resolve(label: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries a label names: by code, by code and message fragment, or by message only."""
    code, _, fragment = label.partition("|")
    found = []
    for entry in entries:
        if code and code.lower() not in _codes(entry):
            continue
        if not code and _codes(entry):
            continue
        if fragment and fragment not in (entry.get("message") or ""):
            continue
        found.append(entry)
    return found


def test_sizes_per_kind() -> None:
    counts = Counter(case.kind for case in CASES)
    assert set(counts) == set(MIN_SIZES)
    for kind, minimum in MIN_SIZES.items():
        assert counts[kind] >= minimum, (kind, counts[kind])


@pytest.mark.parametrize("kind", sorted(MIN_SIZES))
def test_both_splits_in_each_kind(kind: str) -> None:
    splits = Counter(case.split for case in CASES if case.kind == kind)
    assert set(splits) == {CALIBRATE, HOLDOUT}
    share = splits[CALIBRATE] / sum(splits.values())
    assert 0.5 <= share <= 0.7, share


def test_entries_with_three_descriptions_are_in_both_splits() -> None:
    splits: dict[str, set[str]] = {}
    sizes: Counter[str] = Counter()
    for case in CASES:
        if case.kind == "description" and case.expect is not None:
            splits.setdefault(case.expect, set()).add(case.split)
            sizes[case.expect] += 1
    lopsided = [label for label, n in sizes.items() if n >= 3 and len(splits[label]) < 2]
    assert lopsided == []


def test_negatives_have_no_label_and_others_do() -> None:
    for case in CASES:
        assert (case.expect is None) == (case.kind == "negative"), case
        assert case.text.strip(), case


BOTH_SETS = pytest.mark.parametrize("cases", [CASES, fresh_set.CASES],
                                    ids=["eval_set", "fresh_set"])


@BOTH_SETS
def test_every_label_names_an_entry(cases: tuple[Case, ...]) -> None:
    entries = _entries()
    for label in sorted({case.expect for case in cases if case.expect is not None}):
        found = _resolve(label, entries)
        if "|" in label:
            assert len(found) == 1 or (not found and label in PENDING), (label, len(found))
        else:
            assert found, label


def test_descriptions_cover_every_entry() -> None:
    entries = _entries()
    labels = {case.expect for case in CASES if case.kind == "description" and case.expect}
    pinned_codes = {label.partition("|")[0].lower() for label in labels if "|" in label}
    for entry in entries:
        by_pin = any("|" in label and entry in _resolve(label, entries) for label in labels)
        codes = _codes(entry)
        by_code = any(
            "|" not in label and label.lower() in codes and label.lower() not in pinned_codes
            for label in labels
        )
        assert by_pin or by_code, (entry.get("code"), entry.get("message"))
    assert labels >= PENDING


@BOTH_SETS
def test_no_duplicate_texts(cases: tuple[Case, ...]) -> None:
    def key(case: Case) -> str:
        return " ".join(case.text.lower().split())

    repeated = [text for text, n in Counter(key(case) for case in cases).items() if n > 1]
    assert repeated == []
