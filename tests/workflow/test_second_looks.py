"""Second looks over a fake store: the lead marks cases for a blind second assessment by a
named inspector, who answers without the first answers; a quality lead dip-samples a submitted
case; discrepancies are resolved (the ratings use the answer resolved, every answer is kept)
and publication waits for them."""

from __future__ import annotations

import pytest

from probity.pipeline import inspect_bundle
from probity.workflow import services
from probity.workflow.access import authorise
from probity.workflow.errors import ForbiddenError, InvalidError, NotAllowedNowError
from probity.workflow.model import CaseFacts, Part, ReportStage, Role
from probity.workflow.policy import Action, decide
from probity.workflow.reviews import move_report
from probity.workflow.second_looks import (
    Verdict,
    agreement_of,
    blind_form,
    list_discrepancies,
    my_second_looks,
    record_blind,
    record_review,
    request_second_looks,
    resolve,
    review_form,
    second_looks,
)

from .conftest import ID, World
from .test_reviews import rated
from .test_services import FW


def _a_case_of(world: World) -> str:
    return world.case_of(world.inspector_a.user_id).case_id


def _blind_answers(world: World, case_id: str, differ: str | None = None) -> dict[str, str]:
    """The blind form answered as the first assessor did (every answer "no" where allowed),
    except ``differ``, answered "yes"."""
    asked = blind_form(world.store, world.inspector_b, ID, case_id)
    first = world.store.answers(ID, case_id)
    return {q.question_id: "yes" if q.question_id == differ else first[q.question_id].answer
            for q in asked}  # fmt: skip


def _differing_question(world: World, case_id: str) -> str:
    """A key question of the case answered "no" first that allows "yes"."""
    first = world.store.answers(ID, case_id)
    return next(
        q.question_id
        for q in blind_form(world.store, world.inspector_b, ID, case_id)
        if "yes" in q.allowed and first[q.question_id].answer == "no"
    )


@pytest.fixture
def looked(ready: World) -> World:
    """Every case rated; inspector B named to look again, blind, at one of inspector A's."""
    rated(ready)
    request_second_looks(
        ready.store, ready.lead, ID, [_a_case_of(ready)], ready.inspector_b.user_id
    )
    return ready


def test_the_lead_names_a_second_inspector_and_they_see_their_open_second_look(looked):
    case_id = _a_case_of(looked)
    [mine] = my_second_looks(looked.store, looked.inspector_b, ID)
    assert (mine.case_id, mine.inspector_name, mine.requested_by, mine.open) == (
        case_id, "Ivo B", "Lee Lead", True
    )  # fmt: skip
    assert my_second_looks(looked.store, looked.inspector_a, ID) == []


def test_a_second_look_is_another_inspectors_of_the_team_who_reads_only_their_own_cases(ready):
    case_id = _a_case_of(ready)
    s = ready.store
    with pytest.raises(InvalidError, match="Ines A assessed it first"):
        request_second_looks(s, ready.lead, ID, [case_id], ready.inspector_a.user_id)
    with pytest.raises(InvalidError, match="not an inspector of this inspection"):
        request_second_looks(s, ready.lead, ID, [case_id], ready.quality.user_id)
    both = s.add_user(11, "Bo Both", Role.INSPECTOR, Role.QUALITY_LEAD)
    services.set_member(s, ready.lead, ID, both.user_id, Part.INSPECTOR)
    with pytest.raises(InvalidError, match="Bo Both is not an inspector"):
        request_second_looks(s, ready.lead, ID, [case_id], both.user_id)
    with pytest.raises(ForbiddenError, match="inspector may not mark cases"):
        request_second_looks(s, ready.inspector_b, ID, [case_id], ready.inspector_b.user_id)
    with pytest.raises(InvalidError, match="choose the cases"):
        request_second_looks(s, ready.lead, ID, [], ready.inspector_b.user_id)
    assert s.second_looks(ID) == []


def test_the_blind_form_holds_the_questions_and_no_answer_and_only_the_named_inspector_opens_it(
    looked,
):
    case_id = _a_case_of(looked)
    asked = blind_form(looked.store, looked.inspector_b, ID, case_id)
    asked_ids = [q.question_id for q in asked]
    assert asked_ids == [kq.id for kq in FW.key_questions if kq.id in set(asked_ids)]
    assert set(asked_ids) == set(looked.store.answers(ID, case_id)) & set(asked_ids)
    assert all(not hasattr(q, "answer") for q in asked)
    with pytest.raises(ForbiddenError, match="No second look at this case"):
        blind_form(looked.store, looked.inspector_a, ID, case_id)
    with pytest.raises(ForbiddenError, match="lead may not assess"):
        blind_form(looked.store, looked.lead, ID, case_id)


def test_the_second_inspector_may_not_read_the_first_answers_while_their_look_is_open(looked):
    case_id = _a_case_of(looked)
    s = looked.store
    # Blind by the policy too: were they its assessor as well, its answers would be hidden.
    case = s.case(ID, case_id)
    assert case.second_looks == frozenset({looked.inspector_b.user_id})
    with pytest.raises(ForbiddenError, match="assigned to another inspector"):
        authorise(s, looked.inspector_b, Action.READ_CASES, ID, case_id)
    own = CaseFacts(case.case_id, case.state, case.version, looked.inspector_b.user_id,
                     second_looks=case.second_looks)  # fmt: skip
    hidden = decide(looked.inspector_b, Action.READ_CASES, s.inspection(ID), own, today=s.today())
    assert not hidden.allowed
    assert "blind second look" in hidden.reason


def test_blind_answers_are_kept_the_look_is_done_and_a_difference_is_a_discrepancy(looked):
    case_id = _a_case_of(looked)
    differ = _differing_question(looked, case_id)
    answers = _blind_answers(looked, case_id, differ)
    with pytest.raises(InvalidError, match="choose an answer"):
        record_blind(looked.store, looked.inspector_b, ID, case_id, {differ: "yes"})
    record_blind(looked.store, looked.inspector_b, ID, case_id, answers)
    assert my_second_looks(looked.store, looked.inspector_b, ID) == []
    assert len(looked.store.bundle(ID).second_answers) == len(answers)
    [found] = list_discrepancies(looked.store, looked.lead, ID)
    assert (found.case_id, found.question_id, found.first_answer, found.second_answer,
            found.second_inspector, found.mode, found.resolved) == (
        case_id, differ, "no", "yes", "Ivo B", "blind", None)  # fmt: skip
    with pytest.raises(ForbiddenError, match="No second look"):
        record_blind(looked.store, looked.inspector_b, ID, case_id, answers)


def test_the_ratings_use_the_resolved_answer_and_every_answer_is_kept(looked):
    case_id = _a_case_of(looked)
    differ = _differing_question(looked, case_id)
    record_blind(looked.store, looked.inspector_b, ID, case_id,
                 _blind_answers(looked, case_id, differ))  # fmt: skip
    before = inspect_bundle(looked.store.bundle(ID), FW).figures[differ].count
    with pytest.raises(ForbiddenError):
        resolve(looked.store, looked.inspector_a, ID, case_id, differ, "yes")
    with pytest.raises(InvalidError, match="resolve it as yes or no"):
        resolve(looked.store, looked.lead, ID, case_id, differ, "na")
    resolve(looked.store, looked.quality, ID, case_id, differ, "yes")
    after = inspect_bundle(looked.store.bundle(ID), FW).figures[differ].count
    # One more "Yes" of the same cases: the second answer, resolved, is counted.
    assert (after.part, after.whole) == (before.part + 1, before.whole)
    assert looked.store.answers(ID, case_id)[differ].answer == "no"  # the first, kept
    [found] = list_discrepancies(looked.store, looked.lead, ID)
    assert (found.first_answer, found.second_answer, found.resolved) == ("no", "yes", "yes")


def test_publication_is_refused_while_a_discrepancy_is_unresolved(looked):
    case_id = _a_case_of(looked)
    differ = _differing_question(looked, case_id)
    record_blind(looked.store, looked.inspector_b, ID, case_id,
                 _blind_answers(looked, case_id, differ))  # fmt: skip
    move_report(looked.store, looked.lead, ID, ReportStage.FINAL)
    with pytest.raises(NotAllowedNowError) as refused:
        services.publish(looked.store, looked.lead, ID)
    assert (
        f"1 discrepancy between first and second answers is not resolved (case {case_id}: "
        f"{differ})" in str(refused.value)
    )
    resolve(looked.store, looked.lead, ID, case_id, differ, "no")
    services.publish(looked.store, looked.lead, ID)
    assert looked.store.inspection(ID).published


def test_a_quality_lead_dip_samples_a_case_a_disagreement_with_its_reason(looked):
    case_id = looked.case_of(looked.inspector_b.user_id).case_id
    s = looked.store
    shown = review_form(s, looked.quality, ID, case_id)
    assert all(first == s.answers(ID, case_id)[q.question_id].answer for q, first in shown)
    differ = next(q.question_id for q, first in shown if first == "no" and "yes" in q.allowed)
    verdicts = {q.question_id: Verdict(True) for q, _ in shown}
    verdicts[differ] = Verdict(False, "yes", "")
    with pytest.raises(InvalidError, match=f"{differ}: reason: say why you disagree"):
        record_review(s, looked.quality, ID, case_id, verdicts)
    verdicts[differ] = Verdict(False, "yes", "The plan  addresses the risk.")
    record_review(s, looked.quality, ID, case_id, verdicts)
    [found] = [d for d in list_discrepancies(s, looked.lead, ID) if d.mode == "review"]
    assert (found.question_id, found.second_answer, found.second_inspector) == (
        differ, "yes", "Quinn Quality"
    )  # fmt: skip
    kept = next(a for a in s.bundle(ID).second_answers if a.question_id == differ
                and a.mode == "review")  # fmt: skip
    assert kept.reason == "The plan addresses the risk."
    with pytest.raises(ForbiddenError):
        review_form(s, looked.inspector_a, ID, case_id)


def test_agreement_is_read_by_the_lead_and_quality_lead_and_counts_the_pairs(looked):
    case_id = _a_case_of(looked)
    differ = _differing_question(looked, case_id)
    answers = _blind_answers(looked, case_id, differ)
    record_blind(looked.store, looked.inspector_b, ID, case_id, answers)
    report = agreement_of(looked.store, looked.quality, ID)
    assert report.overall is not None
    assert len(report.groups.overall) == len(answers)
    # Observed agreement: every pair but one agrees.
    assert report.overall.observed.value == pytest.approx((len(answers) - 1) / len(answers))
    with pytest.raises(ForbiddenError):
        agreement_of(looked.store, looked.inspector_a, ID)


def test_the_lead_lists_every_second_look_and_an_inspector_only_their_own(looked):
    [listed] = second_looks(looked.store, looked.lead, ID)
    assert (listed.case_id, listed.inspector) == (_a_case_of(looked), looked.inspector_b.user_id)
    assert second_looks(looked.store, looked.inspector_b, ID) == [listed]
    assert second_looks(looked.store, looked.inspector_a, ID) == []
