"""Who may do what: standings, conditions, the transitions table, and docs/roles.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from probity.workflow.errors import NotAllowedNowError
from probity.workflow.model import Actor, CaseFacts, CaseState, InspectionFacts, Part, Role
from probity.workflow.policy import Action, Standing, decide, roles_table, standing
from probity.workflow.transitions import TRANSITIONS, Step, next_state

ROLES_DOC = Path(__file__).parents[2] / "docs" / "roles.md"
TODAY = date(2026, 5, 1)


def inspection(published: bool = False, **team: Part) -> InspectionFacts:
    return InspectionFacts(
        "i", "f", "north-pdu", "north-region", date(2026, 6, 12), published,
        {int(k.removeprefix("u")): v for k, v in team.items()},
    )  # fmt: skip


def actor(user_id: int, *roles: Role, organisations: tuple[str, ...] = ()) -> Actor:
    return Actor(user_id, f"User {user_id}", frozenset(roles), frozenset(organisations))


@pytest.mark.parametrize(
    ("who", "published", "expected"),
    [
        (actor(1, Role.ADMIN), False, Standing.ADMIN),
        (actor(2, Role.LEAD), False, Standing.LEAD),  # the lead of this inspection
        (actor(9, Role.LEAD), False, None),  # another inspection's lead
        (actor(3, Role.INSPECTOR), False, Standing.INSPECTOR),
        (actor(5, Role.QUALITY_LEAD), False, Standing.QUALITY_LEAD),
        (actor(6, Role.ANALYST), False, None),
        (actor(6, Role.ANALYST), True, Standing.ANALYST),
        (actor(7, Role.VIEWER, organisations=("north-pdu",)), False, None),
        (actor(7, Role.VIEWER, organisations=("north-pdu",)), True, Standing.VIEWER),
        (actor(8, Role.VIEWER, organisations=("north-region",)), True, Standing.VIEWER),
        (actor(8, Role.VIEWER, organisations=("south-pdu",)), True, None),
    ],
)
def test_a_users_standing_comes_from_their_roles_their_part_and_publication(
    who, published, expected
):
    facts = inspection(published, u2=Part.LEAD, u3=Part.INSPECTOR)
    assert standing(who, facts) is expected


def test_an_inspector_reads_and_answers_only_their_own_cases():
    facts = inspection(u3=Part.INSPECTOR)
    own = CaseFacts("C1", CaseState.IN_PROGRESS, 1, 3)
    other = CaseFacts("C2", CaseState.IN_PROGRESS, 1, 4)
    who = actor(3, Role.INSPECTOR)
    assert decide(who, Action.EDIT_CASE, facts, own, today=TODAY)
    refused = decide(who, Action.EDIT_CASE, facts, other, today=TODAY)
    assert (refused.allowed, refused.reason) == (False, "case C2 is assigned to another inspector")
    assert not decide(who, Action.READ_RATINGS, facts, today=TODAY)


def test_nothing_is_changed_once_published_and_no_one_is_told_an_unpublished_one_exists():
    facts = inspection(True, u2=Part.LEAD)
    published = decide(actor(2, Role.LEAD), Action.ASSIGN_CASES, facts, today=TODAY)
    assert (published.allowed, published.published) == (False, True)
    assert decide(actor(6, Role.ANALYST), Action.READ_REPORT, facts, today=TODAY)
    hidden = decide(actor(6, Role.ANALYST), Action.READ_REPORT, inspection(), today=TODAY)
    assert (hidden.allowed, hidden.visible) == (False, False)


def test_the_actions_across_inspections_go_by_role():
    assert decide(actor(2, Role.LEAD), Action.CREATE_INSPECTION, today=TODAY)
    assert not decide(actor(3, Role.INSPECTOR), Action.CREATE_INSPECTION, today=TODAY)
    assert decide(actor(1, Role.ADMIN), Action.MANAGE_USERS, today=TODAY)
    assert not decide(actor(2, Role.LEAD), Action.MANAGE_ORGANISATIONS, today=TODAY)


@pytest.mark.parametrize("state", list(CaseState))
@pytest.mark.parametrize("step", list(Step))
def test_every_step_from_every_state_is_in_the_table_or_refused_with_a_reason(state, step):
    to = TRANSITIONS[step].get(state)
    if to is None:
        with pytest.raises(NotAllowedNowError, match=f"cannot be {step.value}"):
            next_state("C1", state, step)
    else:
        assert next_state("C1", state, step) is to


def test_the_roles_document_holds_the_policy_table():
    text = ROLES_DOC.read_text(encoding="utf-8")
    assert roles_table() in text, "docs/roles.md is out of date: paste roles_table() into it"
    for role in Role:
        assert f"`{role.value}`" in text, role


def test_only_the_inspector_named_assesses_a_case_again_blind_and_meanwhile_reads_none_of_it():
    facts = inspection(u3=Part.INSPECTOR, u4=Part.INSPECTOR)
    named = CaseFacts("C1", CaseState.SUBMITTED, 1, 3, second_looks=frozenset({4}))
    assert decide(actor(4, Role.INSPECTOR), Action.ASSESS_SECOND_LOOK, facts, named, today=TODAY)
    other = decide(actor(3, Role.INSPECTOR), Action.ASSESS_SECOND_LOOK, facts, named, today=TODAY)
    assert other.reason == "no second look at this case is open for them"
    # Were the case theirs as well, their open look hides its answers from them.
    theirs = CaseFacts("C1", CaseState.SUBMITTED, 1, 4, second_looks=frozenset({4}))
    hidden = decide(actor(4, Role.INSPECTOR), Action.READ_CASES, facts, theirs, today=TODAY)
    assert hidden.reason == "their blind second look at case C1 is open: its answers are hidden"
    published = decide(
        actor(4, Role.INSPECTOR), Action.ASSESS_SECOND_LOOK, inspection(True, u4=Part.INSPECTOR),
        named, today=TODAY,
    )  # fmt: skip
    assert published.published
