"""Shared fixtures: the shipped framework, the seed report's figures, framework variants."""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from probity.framework import Framework, load_framework, parse_framework

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
SEED_SUMMARY = ROOT / "examples" / "staffordshire-and-stoke.summary.yaml"

# The key-question percentages published for Staffordshire and Stoke PDU (sections 2.1–2.6).
SEED_KEY_QUESTIONS: dict[str, int] = {
    "2.1.1": 38,
    "2.2.1": 62, "2.2.2": 62, "2.2.3": 39,
    "2.3.1": 53, "2.3.2": 53, "2.3.3": 46,
    "2.4.1": 58, "2.4.2": 42, "2.4.3": 37,
    "2.5.1": 57, "2.5.2": 51, "2.5.3": 46,
    "2.6.1": 35,
}  # fmt: skip
SEED_JUDGEMENTS = {
    "1.1": "inadequate",
    "1.2": "requires_improvement",
    "1.3": "inadequate",
    "1.4": "requires_improvement",
}
SEED_RATINGS = {
    "1.1": "inadequate",
    "1.2": "requires_improvement",
    "1.3": "inadequate",
    "1.4": "requires_improvement",
    "2.1": "inadequate",
    "2.2": "inadequate",
    "2.3": "inadequate",
    "2.4": "inadequate",
    "2.5": "inadequate",
    "2.6": None,
}


@pytest.fixture(scope="session")
def adult() -> Framework:
    """The shipped 2021 adult PDU framework."""
    return load_framework()


def shipped_framework_data() -> dict[str, Any]:
    """The shipped framework's YAML as plain data, to alter in a test."""
    text = (
        resources.files("probity.framework") / "frameworks" / "hmip-adult-pdu-2021.yaml"
    ).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@pytest.fixture
def framework_variant() -> Callable[[Callable[[dict[str, Any]], None]], Framework]:
    """Build a framework from the shipped file after ``alter`` changes its data."""

    def build(alter: Callable[[dict[str, Any]], None]) -> Framework:
        data = copy.deepcopy(shipped_framework_data())
        alter(data)
        return parse_framework(yaml.safe_dump(data, sort_keys=False), source="variant.yaml")

    return build


def standard_data(data: dict[str, Any], standard_id: str) -> dict[str, Any]:
    """The plain data of one standard in a framework's data."""
    for domain in data["domains"]:
        for standard in domain["standards"]:
            if standard["id"] == standard_id:
                result: dict[str, Any] = standard
                return result
    raise KeyError(standard_id)
