"""A key question's answer against its prompts' answers: a warning where it runs against most
of those answered yes or no."""

from __future__ import annotations

import pytest

from probity.framework import load_framework
from probity.workflow.consistency import inconsistency, of_key_question, of_standards

FW = load_framework("hmip-adult-pdu-2021")


@pytest.mark.parametrize(
    ("answer", "prompts", "against"),
    [
        ("yes", ["no", "no", "yes"], 2),
        ("no", ["yes", "yes", "no"], 2),
        ("yes", ["no"], 1),
        ("no", ["yes", "yes", "yes", "no", "na", None], 3),
    ],
)
def test_a_key_question_answered_against_most_of_its_prompts_is_warned_of(answer, prompts, against):
    found = inconsistency("9.9.9", answer, prompts)
    assert found is not None
    assert (found.answer, found.against) == (answer, against)
    assert found.counted == sum(p in ("yes", "no") for p in prompts)


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_exactly_half_of_the_prompts_against_is_not_most(answer):
    other = "no" if answer == "yes" else "yes"
    assert inconsistency("9.9.9", answer, [other, answer]) is None
    assert inconsistency("9.9.9", answer, [other, other, answer, answer]) is None
    assert inconsistency("9.9.9", answer, [other, other, other, answer, answer]) is not None


def test_prompts_answered_not_applicable_or_not_answered_are_not_counted():
    # One "no" of the prompts counted is all of them: most.
    found = inconsistency("9.9.9", "yes", ["na", None, "na", "no", None])
    assert found is not None
    assert (found.against, found.counted) == (1, 1)
    # Without the na and unanswered prompts it is one against one: exactly half.
    assert inconsistency("9.9.9", "yes", ["na", "na", "na", "no", "yes"]) is None


def test_no_prompts_or_none_answered_yes_or_no_gives_no_warning():
    assert inconsistency("9.9.9", "yes", []) is None
    assert inconsistency("9.9.9", "no", ["na", None]) is None


def test_a_key_question_not_answered_yes_or_no_gives_no_warning():
    assert inconsistency("9.9.9", None, ["no", "no"]) is None
    assert inconsistency("9.9.9", "na", ["no", "no"]) is None


def test_a_key_question_agreeing_with_its_prompts_gives_no_warning():
    assert inconsistency("9.9.9", "yes", ["yes", "yes", "no"]) is None
    assert inconsistency("9.9.9", "no", ["no", "no", "yes"]) is None


def test_the_warning_says_the_answer_and_how_many_prompts_run_against_it():
    found = inconsistency("2.2.1", "yes", ["no", "no", "yes"])
    assert found is not None
    assert found.sentence.startswith(
        "Key question 2.2.1 is answered Yes, but 2 of its 3 prompts answered yes or no are "
        "answered No."
    )


def test_the_framework_s_key_questions_are_checked_against_their_own_prompts_only():
    kq = next(kq for s in FW.standards for kq in s.key_questions if len(kq.prompts) >= 2)
    answers = {kq.id: "yes", **{p.id: "no" for p in kq.prompts}}
    found = of_key_question(kq, answers)
    assert found is not None
    assert found.counted == len(kq.prompts)
    # Another key question's prompts do not count towards it.
    other = next(o for s in FW.standards for o in s.key_questions if o.prompts and o != kq)
    assert of_key_question(other, {other.id: "yes", **{p.id: "no" for p in kq.prompts}}) is None
    standard = FW.standard_of[kq.id]
    assert [i.key_question for i in of_standards([standard], answers)] == [kq.id]
