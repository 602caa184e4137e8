"""What changed between two versions of a framework, in words."""

from __future__ import annotations

from pathlib import Path

from probity.framework import parse_framework
from probity.framework.diff import framework_changes

ADULT = Path(__file__).parents[2] / "src/probity/framework/frameworks/hmip-adult-pdu-2021.yaml"


def test_the_same_framework_has_no_changes():
    text = ADULT.read_text(encoding="utf-8")
    assert framework_changes(parse_framework(text), parse_framework(text)) == []


def test_each_change_is_named_by_its_place_with_old_and_new_values():
    text = ADULT.read_text(encoding="utf-8")
    changed = (
        text.replace("name: Assessment", "name: Assessing")
        .replace("min: 65, max: 79", "min: 66, max: 79")
        .replace("min: 50, max: 64", "min: 50, max: 65")
    )
    changes = framework_changes(parse_framework(text), parse_framework(changed))
    assert changes == [
        "bands.ranges[good].min: 65 → 66",
        "bands.ranges[requires_improvement].max: 64 → 65",
        "domains[2].standards[2.2].name: 'Assessment' → 'Assessing'",
    ]


def test_an_added_or_removed_prompt_is_named_and_a_long_list_is_cut_short():
    text = ADULT.read_text(encoding="utf-8")
    without = text.replace(
        """              - id: "2.2.1.d"
                text: >-
                  Is the person on probation meaningfully involved in their assessment, and are
                  their views taken into account?
""",
        "",
    )
    changes = framework_changes(parse_framework(text), parse_framework(without))
    assert len(changes) == 1
    assert changes[0].startswith(
        "domains[2].standards[2.2].key_questions[2.2.1].prompts[2.2.1.d]: removed"
    )
    many = text.replace("Does", "Do")
    assert framework_changes(parse_framework(text), parse_framework(many), limit=3)[-1].startswith(
        "… and "
    )
