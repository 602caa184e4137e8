"""The rating engine: each rule kind, each decision rule, the score and the overall rating."""

from __future__ import annotations

import pytest

from probity.framework import RuleKind
from probity.rating import RatingInputError, rate

from ..conftest import SEED_JUDGEMENTS, SEED_KEY_QUESTIONS, SEED_RATINGS


def with_kqs(**changes: float) -> dict[str, float]:
    """The seed's key-question figures with some changed (``k2_2_3=70`` sets 2.2.3)."""
    kqs: dict[str, float] = dict(SEED_KEY_QUESTIONS)
    for name, value in changes.items():
        kqs[name.removeprefix("k").replace("_", ".")] = value
    return kqs


def all_kqs(value: float) -> dict[str, float]:
    return dict.fromkeys(SEED_KEY_QUESTIONS, value)


def test_the_seed_summary_rates_to_the_published_ratings_page(adult):
    result = rate(adult, SEED_KEY_QUESTIONS, SEED_JUDGEMENTS)
    assert {s.standard_id: s.rating for s in result.standards} == SEED_RATINGS
    assert (result.score, result.max_score, result.overall) == (2, 27, "inadequate")


def test_the_single_key_question_is_banded_for_court_work(adult):
    result = rate(adult, with_kqs(k2_1_1=65), SEED_JUDGEMENTS).result("2.1")
    assert result.rule is RuleKind.BAND_OF_SINGLE_KEY_QUESTION
    assert result.rating == "good"
    assert result.driver is not None
    assert result.driver.id == "2.1.1"


def test_lowest_key_question_drives_the_rating(adult):
    result = rate(adult, with_kqs(k2_2_1=90, k2_2_2=81, k2_2_3=66), SEED_JUDGEMENTS).result("2.2")
    assert result.rule is RuleKind.BAND_OF_LOWEST_KEY_QUESTION
    assert result.rating == "good"
    assert result.driver is not None
    assert (result.driver.id, result.driver.pct) == ("2.2.3", 66)


def test_the_driving_figure_is_reported_with_every_key_question(adult):
    result = rate(adult, SEED_KEY_QUESTIONS, SEED_JUDGEMENTS).result("2.4")
    assert [(k.id, int(k.pct), k.rating) for k in result.key_questions] == [
        ("2.4.1", 58, "requires_improvement"),
        ("2.4.2", 42, "inadequate"),
        ("2.4.3", 37, "inadequate"),
    ]
    assert result.driver == result.key_questions[2]


def test_outcomes_are_reported_never_rated_and_score_nothing(adult):
    high = rate(adult, with_kqs(k2_6_1=100), SEED_JUDGEMENTS)
    low = rate(adult, with_kqs(k2_6_1=0), SEED_JUDGEMENTS)
    outcomes = high.result("2.6")
    assert outcomes.rule is RuleKind.REPORTED_NOT_RATED
    assert (outcomes.rating, outcomes.points) == (None, None)
    assert outcomes.key_questions[0].pct == 100
    assert high.score == low.score


def test_a_plain_judgement_stands_as_given(adult):
    judgements = {**SEED_JUDGEMENTS, "1.2": "outstanding", "1.4": "good"}
    result = rate(adult, SEED_KEY_QUESTIONS, judgements)
    assert result.rating_of("1.2") == "outstanding"
    assert result.rating_of("1.4") == "good"
    assert result.result("1.2").rule is RuleKind.JUDGEMENT
    assert result.score == 2 + 3 - 1 + 2 - 1


def test_leadership_is_capped_when_every_casework_standard_is_below_good(adult):
    judgements = {**SEED_JUDGEMENTS, "1.1": "good"}
    with pytest.raises(RatingInputError) as caught:
        rate(adult, SEED_KEY_QUESTIONS, judgements)
    (problem,) = caught.value.problems
    assert problem.field == "judgements.1.1"
    assert "'leadership-delivers-results'" in problem.message
    assert "Good is above Requires improvement" in problem.message
    assert "2.1 Court work: Inadequate" in problem.message
    assert "2.5 Reviewing: Inadequate" in problem.message


def test_leadership_at_the_cap_is_allowed(adult):
    judgements = {**SEED_JUDGEMENTS, "1.1": "requires_improvement"}
    result = rate(adult, SEED_KEY_QUESTIONS, judgements)
    assert result.rating_of("1.1") == "requires_improvement"
    (cap,) = result.result("1.1").caps
    assert (cap.rule_id, cap.cap) == ("leadership-delivers-results", "requires_improvement")


def test_leadership_is_free_once_one_casework_standard_is_good(adult):
    # 2.2 rated Good lifts the rule; outcomes (2.6) are not rated and do not count.
    kqs = with_kqs(k2_2_1=70, k2_2_2=70, k2_2_3=70, k2_6_1=0)
    result = rate(adult, kqs, {**SEED_JUDGEMENTS, "1.1": "outstanding"})
    assert result.rating_of("1.1") == "outstanding"
    assert result.result("1.1").caps == ()


def test_outcomes_do_not_lift_the_leadership_cap(adult):
    kqs = with_kqs(k2_6_1=100)
    with pytest.raises(RatingInputError, match="leadership-delivers-results"):
        rate(adult, kqs, {**SEED_JUDGEMENTS, "1.1": "good"})


def test_services_can_be_rated_no_higher_than_implementation_and_delivery(adult):
    kqs = with_kqs(k2_4_1=70, k2_4_2=70, k2_4_3=66)  # 2.4 Good
    assert rate(adult, kqs, {**SEED_JUDGEMENTS, "1.3": "good"}).rating_of("1.3") == "good"
    with pytest.raises(RatingInputError) as caught:
        rate(adult, kqs, {**SEED_JUDGEMENTS, "1.3": "outstanding"})
    (problem,) = caught.value.problems
    assert problem.field == "judgements.1.3"
    assert "'services-follow-implementation'" in problem.message
    assert "2.4 Implementation and delivery: Good" in problem.message


def test_services_below_the_cap_is_allowed(adult):
    kqs = all_kqs(90)
    judgements = {**SEED_JUDGEMENTS, "1.3": "requires_improvement"}
    assert rate(adult, kqs, judgements).rating_of("1.3") == "requires_improvement"


def test_two_judgements_above_their_caps_are_both_refused(adult):
    judgements = {**SEED_JUDGEMENTS, "1.1": "outstanding", "1.3": "good"}
    with pytest.raises(RatingInputError) as caught:
        rate(adult, SEED_KEY_QUESTIONS, judgements)
    assert [p.field for p in caught.value.problems] == ["judgements.1.1", "judgements.1.3"]


def test_everything_outstanding_scores_27_and_is_outstanding_overall(adult):
    judgements = dict.fromkeys(SEED_JUDGEMENTS, "outstanding")
    result = rate(adult, all_kqs(80), judgements)
    assert (result.score, result.max_score, result.overall) == (27, 27, "outstanding")


def test_bad_input_is_reported_all_at_once(adult):
    kqs = with_kqs(k2_2_1=101, k2_3_2=-1)
    del kqs["2.5.3"]
    kqs["2.7.1"] = 50
    judgements = {"1.1": "excellent", "1.2": "good", "2.1": "good", "9.9": "good"}
    with pytest.raises(RatingInputError) as caught:
        rate(adult, kqs, judgements)
    assert sorted(str(p) for p in caught.value.problems) == sorted(
        [
            "key_questions.2.7.1: unknown key question",
            "key_questions.2.2.1: 101 is outside 0–100",
            "key_questions.2.3.2: -1 is outside 0–100",
            "key_questions.2.5.3: missing: every key question needs its % 'Yes'",
            "judgements.1.1: unknown rating 'excellent'; expected one of outstanding, good, "
            "requires_improvement, inadequate",
            "judgements.2.1: this standard is rated from casework, not by inspectors' judgement",
            "judgements.9.9: unknown standard",
            "judgements.1.3: missing judgement",
            "judgements.1.4: missing judgement",
        ]
    )
