"""Conditions over a case's attributes: read from a framework file, evaluated, put in words."""

from __future__ import annotations

import pytest

from probity.framework.conditions import (
    AllOf,
    AnyOf,
    ConditionSyntaxError,
    Is,
    Not,
    condition_data,
    describe,
    holds,
    parse_condition,
)


def words(attribute: str, value: object) -> tuple[str, str]:
    labels = {"stage": ("Stage", {"released": "Released", "court": "At court"})}
    label, values = labels.get(attribute, (attribute.title(), {}))
    return label, values.get(
        value, "Yes" if value is True else "No" if value is False else str(value)
    )


def test_a_mapping_of_several_attributes_means_all_of_them():
    c = parse_condition({"stage": "released", "flagged": True})
    assert c == AllOf((Is("stage", ("released",)), Is("flagged", (True,))))
    assert holds(c, {"stage": "released", "flagged": True})
    assert not holds(c, {"stage": "released", "flagged": False})


def test_a_list_of_values_means_any_of_them_and_combiners_nest():
    c = parse_condition({"any": [{"level": [3, 4]}, {"not": {"stage": "court"}}]})
    assert c == AnyOf((Is("level", (3, 4)), Not(Is("stage", ("court",)))))
    assert holds(c, {"level": 4, "stage": "court"})
    assert holds(c, {"level": 1, "stage": "released"})
    assert not holds(c, {"level": 1, "stage": "court"})
    assert condition_data(c) == {"any": [{"level": [3, 4]}, {"not": {"stage": "court"}}]}


def test_true_is_not_the_number_one_and_a_missing_attribute_matches_nothing():
    assert not holds(parse_condition({"level": 1}), {"level": True})
    assert not holds(parse_condition({"flagged": True}), {"level": 1})
    assert holds(parse_condition({"not": {"flagged": True}}), {})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "a condition is a mapping"),
        ({}, "a condition is a mapping"),
        ({"any": []}, "any takes a list of conditions"),
        ({"stage": [{"x": 1}]}, "stage: a value is text, a number, true or false"),
        ({1: "x"}, "1 is not an attribute name"),
    ],
)
def test_a_condition_in_another_shape_is_refused_with_a_reason(data, message):
    with pytest.raises(ConditionSyntaxError, match=message):
        parse_condition(data)


def test_a_condition_reads_in_words():
    assert describe(parse_condition({"stage": "released"}), words) == "Stage is Released"
    assert describe(parse_condition({"not": {"stage": "released"}}), words) == (
        "Stage is not Released"
    )
    assert describe(parse_condition({"stage": ["released", "court"], "flagged": True}), words) == (
        "(Stage is Released or At court) and Flagged is Yes"
    )
