"""No module of Probity names a fact of the adult probation framework: its case attributes,
their values and its words for the people and work it inspects live in the framework files
alone (and in the migrations that carried stored data over). The list below is closed: a test
holds that it covers every attribute and value the 2021 adult framework declares."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

SRC = Path(__file__).parent.parent / "src" / "probity"
ADULT_2021 = SRC / "framework" / "frameworks" / "hmip-adult-pdu-2021.yaml"

# Words no other use would give: named anywhere (code, strings, comments, templates), they
# are a framework's fact written into code.
DISTINCTIVE = {
    "case_type", "unpaid_work_only", "court_report", "rosh", "RoSH", "gender",
    "ethnic_group", "disability", "drug_misuse", "alcohol_misuse", "practitioner_grade",
    "post_custody", "very_high", "not_recorded", "PQiP", "PSO", "SPO", "PO",
    "people on probation", "person on probation", "probation practitioner",
    "probation practitioners", "Probation Service", "post-release", "post-custody",
    "unpaid work", "court report", "court reports", "pre-sentence", "community sentence",
    "women on probation", "probation delivery unit",
}  # fmt: skip
# Ordinary words that are also values of the 2021 case profile: a fact of the framework only
# where code compares or looks up the value itself, as a quoted string or a field name.
ORDINARY = {
    "community", "low", "medium", "high", "female", "male", "other", "white", "black",
    "asian", "mixed",
}  # fmt: skip

SUFFIXES = {".py", ".html", ".j2", ".css", ".js", ".txt"}


def scanned_files() -> list[Path]:
    return sorted(
        p
        for p in SRC.rglob("*")
        if p.suffix in SUFFIXES
        and "migrations" not in p.parts
        and "frameworks" not in p.parts
        and not (p.parent.name == "govuk" and "static" in p.parts)  # vendored GOV.UK Frontend
    )


def _distinctive(text: str) -> set[str]:
    found = set()
    for word in DISTINCTIVE:
        flags = 0 if word.isupper() or any(c.isupper() for c in word[1:]) else re.IGNORECASE
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags):
            found.add(word)
    return found


def _ordinary_in_python(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and node.value in ORDINARY:
            found.add(node.value)
        elif isinstance(node, ast.Attribute) and node.attr in ORDINARY:
            found.add(node.attr)
    return found


def _ordinary_in_template(text: str) -> set[str]:
    return {w for w in ORDINARY if re.search(rf"""(["']){w}\1|\.{w}(?![\w-])""", text)}


@pytest.mark.parametrize("path", scanned_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_names_a_fact_of_the_adult_framework(path):
    text = path.read_text(encoding="utf-8")
    found = _distinctive(text)
    found |= _ordinary_in_python(text) if path.suffix == ".py" else _ordinary_in_template(text)
    assert not found, (
        f"{path.relative_to(SRC)} names {sorted(found)}: move it to the framework file"
    )


def test_the_list_covers_every_attribute_and_value_of_the_2021_framework():
    data = yaml.safe_load(ADULT_2021.read_text(encoding="utf-8"))
    declared = set()
    for attribute in data["case_profile"]["attributes"]:
        declared.add(attribute["id"])
        declared.update(v["id"] for v in attribute.get("values", ()))
    assert declared <= DISTINCTIVE | ORDINARY, sorted(declared - DISTINCTIVE - ORDINARY)


def test_the_scan_finds_a_planted_literal():
    assert _distinctive("if case.court_report:") == {"court_report"}
    assert _distinctive("the people on probation") == {"people on probation"}
    assert _ordinary_in_python('x = case["gender"] == "female"') == {"female"}
    assert _ordinary_in_python("x = attributes.high") == {"high"}
    assert _ordinary_in_python('x = "a high bar"') == set()
    assert _ordinary_in_template('{% if c == "community" %}') == {"community"}
    assert _ordinary_in_template("high-quality work") == set()
