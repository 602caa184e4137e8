"""The shipped framework file: the 2021 adult PDU framework, worded as the seed report words it."""

from __future__ import annotations

from probity.framework import RuleKind, available_frameworks
from probity.framework.applicability import NA_ONLY, NOT_ASKED, YES_NO, question_rules


def test_the_adult_pdu_framework_is_shipped_and_is_the_default(adult):
    assert "hmip-adult-pdu-2021" in {f.id for f in available_frameworks()}
    assert adult.id == "hmip-adult-pdu-2021"


def test_it_has_two_domains_and_the_ten_standards_of_the_report(adult):
    assert [d.name for d in adult.domains] == [
        "Organisational delivery",
        "Court work and case supervision",
    ]
    assert [(s.id, s.name) for s in adult.standards] == [
        ("1.1", "Leadership"),
        ("1.2", "Staff"),
        ("1.3", "Services"),
        ("1.4", "Information and facilities"),
        ("2.1", "Court work"),
        ("2.2", "Assessment"),
        ("2.3", "Planning"),
        ("2.4", "Implementation and delivery"),
        ("2.5", "Reviewing"),
        ("2.6", "Outcomes"),
    ]


def test_headline_standards_are_worded_as_published(adult):
    assert adult.standard("1.1").text == (
        "The leadership of the PDU enables delivery of a high quality, personalised and "
        "responsive service for all people on probation."
    )
    assert adult.standard("2.4").text == (
        "High-quality well-focused, personalised and coordinated services are delivered, "
        "engaging the person on probation."
    )


def test_nine_standards_are_rated_for_a_maximum_score_of_27(adult):
    assert len(adult.rated_standards) == 9
    assert adult.max_score == 27
    assert not adult.standard("2.6").rated


def test_each_standard_names_its_rule_kind(adult):
    rules = {s.id: s.rule for s in adult.standards}
    assert rules["1.1"] is RuleKind.JUDGEMENT_CAPPED
    assert rules["1.2"] is RuleKind.JUDGEMENT
    assert rules["1.3"] is RuleKind.JUDGEMENT_CAPPED
    assert rules["1.4"] is RuleKind.JUDGEMENT
    assert rules["2.1"] is RuleKind.BAND_OF_SINGLE_KEY_QUESTION
    assert {rules[s] for s in ("2.2", "2.3", "2.4", "2.5")} == {
        RuleKind.BAND_OF_LOWEST_KEY_QUESTION
    }
    assert rules["2.6"] is RuleKind.REPORTED_NOT_RATED


def test_key_questions_and_prompts_have_nested_ids(adult):
    assert [kq.id for kq in adult.standard("2.2").key_questions] == ["2.2.1", "2.2.2", "2.2.3"]
    assert [p.id for p in adult.standard("2.2").key_questions[2].prompts] == [
        "2.2.3.a",
        "2.2.3.b",
        "2.2.3.c",
    ]
    assert len(adult.key_questions) == 14


def test_every_annexe_three_prompt_is_present(adult):
    per_standard = {s.id: len(s.prompts) for s in adult.standards if s.key_questions}
    assert per_standard == {"2.1": 9, "2.2": 10, "2.3": 13, "2.4": 20, "2.5": 11, "2.6": 3}


def test_applicability_markers_follow_annexe_three(adult):
    prompts = {p.id: p for p in adult.prompts}
    assert prompts["2.2.1.a"].markers == ()
    assert prompts["2.3.2.a"].markers == ("*",)
    assert prompts["2.4.3.e"].markers == ("*", "**")
    assert adult.marker("*").na_when is not None
    assert adult.marker("**").may_be_na
    marked = sum(1 for p in adult.prompts if p.markers)
    assert marked == 35  # the lines of Annexe three that carry * or **


def test_a_star_prompt_must_be_na_on_an_unpaid_work_only_case_and_not_otherwise(adult):
    unpaid = {"case_type": "community", "unpaid_work_only": True, "court_report": False}
    other = {"case_type": "community", "unpaid_work_only": False, "court_report": False}
    assert question_rules(adult, unpaid)["2.3.2.a"].allowed == NA_ONLY
    assert question_rules(adult, other)["2.3.2.a"].allowed == YES_NO
    assert "na" in question_rules(adult, other)["2.2.2.b"].allowed  # **: the inspector's call


def test_post_custody_prompts_belong_to_implementation_but_to_no_key_question(adult):
    s = adult.standard("2.4")
    assert s.other_prompts is not None
    ids = [p.id for p in s.other_prompts.prompts]
    assert ids == ["2.4.pc.a", "2.4.pc.b", "2.4.pc.c"]
    in_key_questions = {p.id for kq in s.key_questions for p in kq.prompts}
    assert not in_key_questions & set(ids)
    community = {"case_type": "community", "unpaid_work_only": False, "court_report": False}
    licence = {**community, "case_type": "post_custody"}
    for p in s.other_prompts.prompts:
        assert question_rules(adult, community)[p.id].allowed == NA_ONLY
        assert question_rules(adult, licence)[p.id].allowed == YES_NO


def test_court_work_is_not_asked_on_a_case_without_a_court_report(adult):
    without = {"case_type": "community", "unpaid_work_only": False, "court_report": False}
    rules = question_rules(adult, without)
    assert rules["2.1.1"].allowed == rules["2.1.1.a"].allowed == NOT_ASKED
    assert "Court report is No" not in rules["2.1.1"].reason
    assert "Court report is Yes" in rules["2.1.1"].reason
    assert question_rules(adult, {**without, "court_report": True})["2.1.1"].allowed == YES_NO
    assert adult.standard("2.2").applies_when is None


def test_the_decision_rules_of_sections_1_1_and_1_3_are_data(adult):
    rules = {r.id: r for r in adult.decision_rules}
    leadership = rules["leadership-delivers-results"]
    assert leadership.standard == "1.1"
    assert "can only be rated inadequate or requires improvement" in leadership.text
    services = rules["services-follow-implementation"]
    assert (services.standard, services.of_standard) == ("1.3", "2.4")


def test_the_footnotes_on_how_ratings_are_driven_are_in_the_file(adult):
    assert (
        "lowest score on each of the key questions"
        in adult.rule_texts[RuleKind.BAND_OF_LOWEST_KEY_QUESTION]
    )
