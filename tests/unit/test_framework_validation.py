"""Loading refuses a broken framework file with every problem, each naming its place."""

from __future__ import annotations

import pytest

from probity.framework import FrameworkError, parse_framework

from ..conftest import standard_data


def problems_of(framework_variant, alter) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        framework_variant(alter)
    return [f"{place}: {reason}" for place, reason in caught.value.problems]


def test_a_duplicate_prompt_id_is_refused_and_named(framework_variant):
    def alter(data):
        prompts = standard_data(data, "2.2")["key_questions"][0]["prompts"]
        prompts[1]["id"] = prompts[0]["id"]

    assert problems_of(framework_variant, alter) == [
        "id '2.2.1.a': is used 2 times among standards, key questions and prompts"
    ]


def test_a_duplicate_standard_id_is_refused(framework_variant):
    def alter(data):
        standard_data(data, "1.2")["id"] = "1.1"

    assert any("id '1.1': is used 2 times" in p for p in problems_of(framework_variant, alter))


def test_a_key_question_without_prompts_is_refused_and_named(framework_variant):
    def alter(data):
        standard_data(data, "2.3")["key_questions"][1]["prompts"] = []

    assert problems_of(framework_variant, alter) == [
        "standards[id=2.3].key_questions[id=2.3.2]: key question has no prompts"
    ]


def test_an_unknown_rule_kind_is_refused_and_named(framework_variant):
    def alter(data):
        standard_data(data, "2.5")["rule"] = "band_of_the_average"

    (problem,) = problems_of(framework_variant, alter)
    assert problem.startswith("domains[id=2].standards[id=2.5].rule: Input should be ")
    assert "band_of_lowest_key_question" in problem


def test_a_decision_rule_naming_a_missing_standard_is_refused(framework_variant):
    def alter(data):
        data["decision_rules"][1]["of_standard"] = "2.9"

    assert problems_of(framework_variant, alter) == [
        "decision_rules[id=services-follow-implementation].of_standard: "
        "names standard '2.9', which does not exist"
    ]


def test_a_decision_rule_capping_a_missing_standard_is_refused(framework_variant):
    def alter(data):
        data["decision_rules"][0]["standard"] = "1.9"

    problems = problems_of(framework_variant, alter)
    assert (
        "decision_rules[id=leadership-delivers-results]: names standard '1.9', which does "
        "not exist" in problems
    )
    # 1.1 is left judgement_capped with no rule naming it: that is reported too, at once.
    assert (
        "standards[id=1.1]: rule judgement_capped needs a decision rule naming this standard"
        in problems
    )


def test_an_unknown_decision_rule_kind_is_refused(framework_variant):
    def alter(data):
        data["decision_rules"][0]["kind"] = "cap_by_mood"

    (problem,) = problems_of(framework_variant, alter)
    assert problem.startswith("decision_rules[id=leadership-delivers-results]")
    assert "cap_when_all_at_most" in problem


def test_overlapping_bands_are_refused(framework_variant):
    def alter(data):
        data["bands"]["ranges"][1]["max"] = 82

    assert problems_of(framework_variant, alter) == [
        "bands.ranges: bands overlap: good 65–82 and outstanding 80–100"
    ]


def test_bands_that_leave_a_gap_are_refused(framework_variant):
    def alter(data):
        data["bands"]["ranges"][2]["min"] = 52

    assert problems_of(framework_variant, alter) == [
        "bands.ranges: bands leave a gap: nothing covers 50–51"
    ]


def test_overall_bands_must_cover_every_possible_score(framework_variant):
    def alter(data):
        data["overall"]["ranges"][0]["max"] = 26

    assert problems_of(framework_variant, alter) == [
        "overall.ranges: bands must end at 27; the highest ends at 26"
    ]


def test_bands_must_rise_with_the_rating(framework_variant):
    def alter(data):
        ranges = data["bands"]["ranges"]
        ranges[0]["rating"], ranges[1]["rating"] = ranges[1]["rating"], ranges[0]["rating"]

    (problem,) = problems_of(framework_variant, alter)
    assert "must be a better rating than" in problem


def test_a_band_naming_an_unknown_rating_is_refused(framework_variant):
    def alter(data):
        data["bands"]["ranges"][0]["rating"] = "excellent"

    problems = problems_of(framework_variant, alter)
    assert "bands.ranges[rating=excellent]: unknown rating 'excellent'" in problems
    assert "bands.ranges: no band for outstanding" in problems


def test_an_unknown_rounding_setting_is_refused(framework_variant):
    def alter(data):
        data["bands"]["rounding"] = "banker"

    (problem,) = problems_of(framework_variant, alter)
    assert problem.startswith("bands.rounding: Input should be 'half_up' or 'exact'")


def test_a_single_key_question_rule_with_two_key_questions_is_refused(framework_variant):
    def alter(data):
        standard_data(data, "2.2")["rule"] = "band_of_single_key_question"

    assert problems_of(framework_variant, alter) == [
        "standards[id=2.2]: rule band_of_single_key_question needs exactly one key question, "
        "found 3"
    ]


def test_every_problem_in_a_file_is_reported_at_once(framework_variant):
    def alter(data):
        standard_data(data, "2.3")["key_questions"][1]["prompts"] = []
        data["bands"]["ranges"][2]["min"] = 52
        data["decision_rules"][1]["of_standard"] = "2.9"

    assert len(problems_of(framework_variant, alter)) == 3


def test_malformed_yaml_names_the_line():
    with pytest.raises(FrameworkError) as caught:
        parse_framework("id: x\nratings: [\n", source="broken.yaml")
    assert str(caught.value).startswith("broken.yaml: YAML: line 3, column 1:")


def test_an_unknown_field_is_refused_by_name(framework_variant):
    def alter(data):
        standard_data(data, "2.1")["colour"] = "blue"

    (problem,) = problems_of(framework_variant, alter)
    assert problem.startswith("domains[id=2].standards[id=2.1].colour: Extra inputs")


# The case profile and the conditions over it


def test_a_condition_naming_an_unknown_attribute_or_value_is_refused_and_named(framework_variant):
    def alter(data):
        standard_data(data, "2.1")["applies_when"] = {"court_papers": True}
        data["markers"][0]["na_when"] = {"unpaid_work_only": "sometimes"}
        data["characteristics"]["rows"][0]["when"] = {"gender": "unknown"}

    assert problems_of(framework_variant, alter) == [
        "standards[id=2.1].applies_when: names 'court_papers', which is not a case attribute",
        "markers[symbol=*].na_when: unpaid_work_only cannot be 'sometimes'",
        "characteristics.rows[id=female].when: gender cannot be 'unknown'",
    ]


def test_a_condition_in_a_shape_probity_does_not_read_is_refused(framework_variant):
    def alter(data):
        standard_data(data, "2.1")["applies_when"] = ["court_report"]

    (problem,) = problems_of(framework_variant, alter)
    assert problem.startswith("domains[id=2].standards[id=2.1].applies_when: ")
    assert "a condition is a mapping" in problem


def test_a_choice_attribute_needs_values_and_ids_are_unique_names(framework_variant):
    def alter(data):
        attributes = data["case_profile"]["attributes"]
        attributes[3]["values"] = []
        attributes[4]["id"] = "case_id"
        attributes[5]["id"] = attributes[6]["id"]

    found = problems_of(framework_variant, alter)
    assert "case_profile.attributes[id=rosh]: a choice attribute needs its values" in found
    assert any(
        p.startswith("case_profile.attributes[id=case_id]: an attribute id is a name")
        for p in found
    )
    assert (
        "case_profile.attributes[id=disability]: duplicate attribute id 'disability' (2 times)"
        in found
    )


def test_a_prompt_with_an_undeclared_marker_is_refused(framework_variant):
    def alter(data):
        standard_data(data, "2.2")["key_questions"][0]["prompts"][0]["markers"] = ["***"]

    assert problems_of(framework_variant, alter) == [
        "prompts[id=2.2.1.a].markers: unknown marker '***'"
    ]


def test_an_unscored_standard_leaves_the_maximum_and_the_overall_table_must_cover_it(
    framework_variant,
):
    def alter(data):
        standard_data(data, "1.4")["scored"] = False

    # 8 scored standards: the maximum is 24, and the published table ends at 27.
    assert problems_of(framework_variant, alter) == [
        "overall.ranges: bands must end at 24; the highest ends at 27"
    ]

    def fitted(data):
        alter(data)
        data["overall"]["ranges"][0] = {"rating": "outstanding", "min": 23, "max": 24}

    assert framework_variant(fitted).max_score == 24


def test_a_reported_standard_cannot_be_unscored(framework_variant):
    def alter(data):
        standard_data(data, "2.6")["scored"] = False

    assert problems_of(framework_variant, alter) == [
        "standards[id=2.6]: scored: false is for a rated standard; this one is reported, not rated"
    ]


def test_a_narrative_section_taking_a_report_section_s_name_is_refused(framework_variant):
    def alter(data):
        data["narrative_sections"] = [
            {"id": "foreword", "heading": "Another foreword"},
            {"id": "2.1", "heading": "A standard's name"},
            {"id": "thanks", "heading": "Thanks"},
        ]

    assert problems_of(framework_variant, alter) == [
        "narrative_sections[id=foreword]: section id 'foreword' is not a free name "
        "(letters, digits and _)",
        "narrative_sections[id=2.1]: section id '2.1' is not a free name (letters, digits and _)",
    ]


def test_a_glossary_term_defined_twice_and_a_bad_language_code_are_refused(framework_variant):
    def alter(data):
        data["glossary"].append({"term": data["glossary"][0]["term"].upper(), "definition": "x"})
        data["translations"]["EN"] = {"Ratings": "Ratings"}

    found = problems_of(framework_variant, alter)
    assert len(found) == 2
    assert found[0].endswith(": the term is defined twice")
    assert found[1] == "translations.EN: not a language code other than en (cy)"


def test_a_band_move_sentence_naming_an_unknown_field_is_refused_and_named(framework_variant):
    def alter(data):
        data["wording"]["band_move_up"] = "{count} more answers on {case} would move it"

    assert problems_of(framework_variant, alter) == [
        "wording.band_move_up: cannot be filled in (KeyError('case')); it may use {count}, "
        "{s}, {qs}, {questions}, {rating}"
    ]


def test_a_negative_closeness_threshold_is_refused(framework_variant):
    def alter(data):
        data["bands"]["close_within"] = -1

    assert any("close_within" in p for p in problems_of(framework_variant, alter))
