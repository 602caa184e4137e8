"""The workflow's use cases, over a fake store: each checks who may, the case's state and the
input, and changes everything or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from probity.framework import load_framework
from probity.framework.applicability import question_rules
from probity.workflow import services
from probity.workflow.errors import (
    ForbiddenError,
    InvalidError,
    NotAllowedNowError,
    NotFoundError,
    PublishedError,
    StaleError,
)
from probity.workflow.model import CaseState, Part, ReportStage
from probity.workflow.store import InspectionSpec

from .conftest import FRAMEWORK, ID, World

FW = load_framework(FRAMEWORK)


def full_answers(world: World, case_id: str, answer: str = "yes") -> dict[str, str]:
    """An answer to every question the case is asked: ``answer`` where allowed, else na."""
    rules = question_rules(FW, world.store.case_attributes(ID, case_id))
    return {q: (answer if answer in r.allowed else "na") for q, r in rules.items() if r.asked}


# --- Setting up -----------------------------------------------------------------------------


def test_a_lead_inspector_creates_an_inspection_and_leads_it(world):
    world.set_up()
    facts = world.store.inspection(ID)
    assert facts.team[world.lead.user_id] is Part.LEAD
    assert facts.organisation == "north-pdu"
    assert facts.region == "north-region"


def test_an_inspector_cannot_create_an_inspection(world):
    spec = InspectionSpec("x-2026", FRAMEWORK, "north-pdu", date(2026, 6, 8), date(2026, 6, 12))
    with pytest.raises(ForbiddenError, match="administrators and lead inspectors"):
        services.create_inspection(world.store, world.inspector_a, spec)


def test_every_problem_with_a_new_inspection_is_named_at_once(world):
    spec = InspectionSpec(
        "North/2026", "no-such-framework", "nowhere", date(2026, 6, 12), date(2026, 6, 8),
        ((date(2026, 7, 1), date(2026, 6, 30)),),
    )  # fmt: skip
    with pytest.raises(InvalidError) as raised:
        services.create_inspection(world.store, world.lead, spec)
    problems = raised.value.problems
    assert problems[0].startswith("inspection id: 'North/2026' must be")
    assert problems[1] == "framework: no framework 'no-such-framework' is installed"
    assert problems[2] == "organisation: no organisation 'nowhere' to inspect"
    assert "fieldwork end: 2026-06-08 is before its start 2026-06-12" in problems
    assert "sample window 1: its end 2026-06-30 is before its start" in problems
    assert not world.store.inspections


def test_the_set_up_can_be_edited_until_fieldwork_ends(ready):
    services.update_inspection(ready.store, ready.lead, ID, {"fieldwork_end": date(2026, 6, 19)})
    assert ready.store.bundle(ID).inspection.fieldwork_end == date(2026, 6, 19)
    ready.store.set_today(date(2026, 6, 20))
    with pytest.raises(ForbiddenError, match="Fieldwork ended on 2026-06-19"):
        services.update_inspection(ready.store, ready.lead, ID, {"lead_inspector": "X"})


def test_an_inspector_may_not_edit_the_set_up_and_an_outsider_is_told_nothing(ready):
    with pytest.raises(ForbiddenError, match="inspector may not edit the set-up"):
        services.update_inspection(ready.store, ready.inspector_a, ID, {"lead_inspector": "X"})
    with pytest.raises(NotFoundError, match="No such inspection"):
        services.update_inspection(ready.store, ready.other_lead, ID, {"lead_inspector": "X"})


# --- The sample ------------------------------------------------------------------------------


def test_the_sample_is_drawn_stratified_and_reproducibly_and_starts_not_started(world):
    world.set_up(cases=12)
    draw = world.store.draws[0]
    assert (draw.seed, draw.size, draw.strata_attributes) == (7, 12, ("case_type",))
    assert {s.values: (s.eligible, s.drawn) for s in draw.strata} == {
        (("case_type", "community"),): (30, 9),
        (("case_type", "post_custody"),): (10, 3),
    }
    cases = world.store.cases(ID)
    assert sorted(c.case_id for c in cases) == list(draw.case_ids)
    assert {c.state for c in cases} == {CaseState.NOT_STARTED}
    again = World()
    again.set_up(cases=12)
    assert again.store.draws[0].case_ids == draw.case_ids


def test_the_sample_is_drawn_once_then_changed_case_by_case_with_reasons(ready):
    with pytest.raises(NotAllowedNowError, match="drawn already"):
        services.draw(ready.store, ready.lead, ID, 5, seed=1)
    spare = next(
        c.case_id for c in ready.store.eligible(ID)
        if c.case_id not in {x.case_id for x in ready.store.cases(ID)}
    )  # fmt: skip
    with pytest.raises(InvalidError, match="reason: say why"):
        services.add_to_sample(ready.store, ready.lead, ID, [spare], "  ")
    services.add_to_sample(ready.store, ready.lead, ID, [spare], "a women's case, to balance")
    assert (ID, spare, "a women's case, to balance") in ready.store.added_reasons
    services.drop_from_sample(ready.store, ready.lead, ID, spare, "transferred out of the area")
    assert (ID, spare, "transferred out of the area") in ready.store.dropped
    with pytest.raises(InvalidError, match="not on the list of eligible cases"):
        services.add_to_sample(ready.store, ready.lead, ID, ["Z999"], "why not")


def test_a_case_already_started_cannot_be_dropped(ready):
    case = ready.case_of(ready.inspector_a.user_id)
    services.save_answers(
        ready.store, ready.inspector_a, ID, case.case_id, case.version, {"2.2.1": "yes"}
    )
    with pytest.raises(NotAllowedNowError, match="only a case not started"):
        services.drop_from_sample(ready.store, ready.lead, ID, case.case_id, "no reason")


def test_eligible_cases_with_bad_ids_or_missing_attributes_are_refused_whole(world):
    world.set_up()
    from probity.workflow.sampling import EligibleCase

    bad = [EligibleCase("A/1", {}), EligibleCase("ok-1", {"case_type": "community"})]
    with pytest.raises(InvalidError) as raised:
        services.load_eligible(world.store, world.lead, ID, bad)
    assert raised.value.problems[0].startswith("case 1: id 'A/1' must be")
    assert "case ok-1: rosh is missing" in raised.value.problems
    assert len(world.store.eligible(ID)) == 40  # the list uploaded before stands


# --- The team and assignment ----------------------------------------------------------------


def test_a_part_needs_its_role_and_the_last_lead_stays(ready):
    with pytest.raises(InvalidError, match="Ana Analyst is not a inspector or lead inspector"):
        services.set_member(ready.store, ready.lead, ID, ready.analyst.user_id, Part.INSPECTOR)
    with pytest.raises(NotAllowedNowError, match="at least one lead"):
        services.set_member(ready.store, ready.lead, ID, ready.lead.user_id, None)


def test_unassigned_cases_are_shared_evenly(ready):
    cases = ready.store.cases(ID)
    counts = [sum(1 for c in cases if c.assessor == u.user_id)
              for u in (ready.inspector_a, ready.inspector_b)]  # fmt: skip
    assert counts == [6, 6]


def test_assignment_is_all_or_nothing(ready):
    a, b = ready.store.cases(ID)[:2]
    plan = {a.case_id: (a.version, ready.inspector_b.user_id), b.case_id: (b.version, 99)}
    with pytest.raises(InvalidError, match="user 99 is not an inspector"):
        services.assign(ready.store, ready.lead, ID, plan)
    assert ready.store.case(ID, a.case_id).assessor == a.assessor


# --- Answers, submission, moderation ---------------------------------------------------------


def test_answers_are_checked_against_what_the_framework_allows_on_the_case(ready):
    case = ready.case_of(ready.inspector_a.user_id)
    attributes = ready.store.case_attributes(ID, case.case_id)
    bad = {"2.2.1": "maybe", "2.2.1.a": "na", "9.9.9": "yes"}
    if not attributes["court_report"]:
        bad["2.1.1"] = "yes"
    with pytest.raises(InvalidError) as raised:
        services.save_answers(ready.store, ready.inspector_a, ID, case.case_id, case.version, bad)
    problems = raised.value.problems
    assert f"2.2.1: answered yes or no on case {case.case_id}, not 'maybe'" in problems
    assert f"2.2.1.a: answered yes or no on case {case.case_id}, not 'na'" in problems
    assert "9.9.9: not a question of framework hmip-adult-pdu-2021" in problems
    assert ready.store.case(ID, case.case_id).version == case.version


def test_saving_a_standard_stores_its_not_applicable_prompts_and_starts_the_case(ready):
    case = next(
        c for c in ready.store.cases(ID)
        if ready.store.case_attributes(ID, c.case_id)["case_type"] == "community"
    )  # fmt: skip
    inspector = ready.store.actor(case.assessor)
    saved = services.save_answers(
        ready.store, inspector, ID, case.case_id, case.version, {"2.4.1": "yes"},
        standard_id="2.4",
    )  # fmt: skip
    assert saved.state is CaseState.IN_PROGRESS
    stored = ready.store.answers(ID, case.case_id)
    assert stored["2.4.pc.a"].answer == "na"  # post-custody only: na on a community case
    assert ready.store.events[-1].action == "answers saved"


def test_an_inspector_answers_only_their_own_cases(ready):
    theirs = ready.case_of(ready.inspector_b.user_id)
    with pytest.raises(ForbiddenError, match="assigned to another inspector"):
        services.save_answers(
            ready.store, ready.inspector_a, ID, theirs.case_id, theirs.version, {"2.2.1": "yes"}
        )


def test_a_save_on_a_version_moved_on_is_refused(ready):
    case = ready.case_of(ready.inspector_a.user_id)
    actor = ready.inspector_a
    services.save_answers(ready.store, actor, ID, case.case_id, case.version, {"2.2.1": "yes"})
    with pytest.raises(StaleError, match=f"Case {case.case_id} was changed"):
        services.save_answers(ready.store, actor, ID, case.case_id, case.version, {"2.2.1": "no"})
    assert ready.store.answers(ID, case.case_id)["2.2.1"].answer == "yes"


def test_a_case_is_submitted_once_every_key_question_is_answered(ready):
    case = ready.case_of(ready.inspector_a.user_id)
    actor = ready.inspector_a
    with pytest.raises(InvalidError, match=r"key question 2\.2\.1: not answered"):
        services.submit_case(ready.store, actor, ID, case.case_id, case.version)
    saved = services.save_answers(
        ready.store, actor, ID, case.case_id, case.version, full_answers(ready, case.case_id)
    )
    submitted = services.submit_case(ready.store, actor, ID, case.case_id, saved.version)
    assert submitted.state is CaseState.SUBMITTED


def _submitted(world: World, inspector) -> object:
    case = world.case_of(inspector.user_id)
    saved = services.save_answers(
        world.store, inspector, ID, case.case_id, case.version, full_answers(world, case.case_id)
    )
    return services.submit_case(world.store, inspector, ID, case.case_id, saved.version)


def test_a_case_is_returned_with_its_reason_and_submitted_again(ready):
    case = _submitted(ready, ready.inspector_a)
    with pytest.raises(InvalidError, match="reason: say why"):
        services.return_case(ready.store, ready.lead, ID, case.case_id, case.version, "")
    with pytest.raises(InvalidError, match="reason: must be 10,000 characters or fewer"):
        services.return_case(ready.store, ready.lead, ID, case.case_id, case.version, "x" * 10_001)
    returned = services.return_case(
        ready.store, ready.quality, ID, case.case_id, case.version, "2.2.3: no risk analysis"
    )
    assert returned.state is CaseState.RETURNED
    event = ready.store.events[-1]
    assert (event.reason, event.by, event.from_state) == (
        "2.2.3: no risk analysis", ready.quality.user_id, CaseState.SUBMITTED,
    )  # fmt: skip
    saved = services.save_answers(
        ready.store, ready.inspector_a, ID, case.case_id, returned.version, {"2.2.3": "no"}
    )
    assert saved.state is CaseState.RETURNED  # its reason in view until submitted again
    again = services.submit_case(ready.store, ready.inspector_a, ID, case.case_id, saved.version)
    assert again.state is CaseState.SUBMITTED


def test_quality_assurance_of_many_cases_is_all_or_nothing(ready):
    done = _submitted(ready, ready.inspector_a)
    other = ready.case_of(ready.inspector_b.user_id)  # not submitted
    versions = {done.case_id: done.version, other.case_id: other.version}
    with pytest.raises(NotAllowedNowError, match="is not started: it cannot be quality assured"):
        services.quality_assure(ready.store, ready.lead, ID, versions)
    assert ready.store.case(ID, done.case_id).state is CaseState.SUBMITTED
    [qa] = services.quality_assure(ready.store, ready.quality, ID, {done.case_id: done.version})
    assert qa.state is CaseState.QUALITY_ASSURED
    with pytest.raises(NotAllowedNowError, match="quality assured: its answers cannot be changed"):
        services.save_answers(ready.store, ready.lead, ID, qa.case_id, qa.version, {"2.2.1": "no"})


def test_an_inspector_cannot_quality_assure_or_return(ready):
    done = _submitted(ready, ready.inspector_a)
    with pytest.raises(ForbiddenError, match="inspector may not quality-assure"):
        services.quality_assure(ready.store, ready.inspector_a, ID, {done.case_id: done.version})
    with pytest.raises(ForbiddenError, match="inspector may not return"):
        services.return_case(ready.store, ready.inspector_a, ID, done.case_id, done.version, "x")


# --- Judgements and publication --------------------------------------------------------------


def _all_answered(world: World) -> None:
    for case in world.store.cases(ID):
        inspector = world.store.actor(case.assessor)
        services.save_answers(
            world.store, inspector, ID, case.case_id, case.version,
            full_answers(world, case.case_id, "no"),
        )  # fmt: skip


def test_a_judgement_above_a_cap_in_force_is_refused_with_the_rule(ready):
    _all_answered(ready)  # every key question "no": every casework standard Inadequate
    with pytest.raises(InvalidError, match="leadership-delivers-results"):
        services.judge(ready.store, ready.lead, ID, "1.1", "good", "Fictional.", 0)
    j = services.judge(ready.store, ready.lead, ID, "1.1", "inadequate", "Fictional.", 0)
    assert j.version == 1
    with pytest.raises(StaleError):
        services.judge(ready.store, ready.lead, ID, "1.1", "inadequate", "Again.", 0)


def test_publication_needs_a_full_rating_then_freezes_everything(ready):
    from .test_reviews import rated

    with pytest.raises(NotAllowedNowError, match="cannot be published until it is fully rated"):
        services.publish(ready.store, ready.lead, ID)
    rated(ready)
    ready.store.set_report_stage(ID, ReportStage.FINAL, ready.lead)  # (stages: test_reviews)
    services.publish(ready.store, ready.lead, ID)
    stored = ready.store.inspections[ID]
    assert stored.published == ready.store.today()
    assert "<html" in (stored.report_html or "")
    case = ready.case_of(ready.inspector_a.user_id)
    with pytest.raises(PublishedError):
        services.save_answers(
            ready.store, ready.inspector_a, ID, case.case_id, case.version, {"2.2.1": "yes"}
        )
    with pytest.raises(PublishedError):
        services.publish(ready.store, ready.lead, ID)


def test_a_change_caught_by_a_publication_on_its_way_changes_nothing(ready):
    case = ready.case_of(ready.inspector_a.user_id)
    ready.store.publish_during_next_transaction = ID
    with pytest.raises(PublishedError):
        services.save_answers(
            ready.store, ready.inspector_a, ID, case.case_id, case.version, {"2.2.1": "yes"}
        )
    assert ready.store.answers(ID, case.case_id) == {}


def test_an_export_is_recorded_and_allowed_to_the_lead_alone(ready):
    fw, bundle = services.export(ready.store, ready.lead, ID, "csv")
    assert (fw.id, bundle.inspection.inspection_id) == (FRAMEWORK, ID)
    assert ready.store.exports == [(ID, ready.lead.user_id, "csv")]
    with pytest.raises(ForbiddenError):
        services.export(ready.store, ready.inspector_a, ID, "csv")


def test_changing_the_answers_of_a_submitted_case_asks_for_a_reason_and_keeps_it(ready):
    case = _submitted(ready, ready.inspector_a)
    for missing in (None, "  "):
        with pytest.raises(InvalidError, match=r"reason: say why case .* is reopened"):
            services.save_answers(
                ready.store, ready.inspector_a, ID, case.case_id, case.version,
                {"2.2.3": "no"}, reason=missing,
            )  # fmt: skip
    assert ready.store.case(ID, case.case_id).state is CaseState.SUBMITTED
    reopened = services.save_answers(
        ready.store, ready.inspector_a, ID, case.case_id, case.version, {"2.2.3": "no"},
        reason="Fictional: the risk analysis was found later",
    )  # fmt: skip
    assert reopened.state is CaseState.IN_PROGRESS
    event = ready.store.events[-1]
    assert (event.from_state, event.to_state, event.reason) == (
        CaseState.SUBMITTED, CaseState.IN_PROGRESS, "Fictional: the risk analysis was found later",
    )  # fmt: skip
