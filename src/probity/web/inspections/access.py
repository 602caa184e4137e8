"""What the pages list: the inspections a user sees and the cases of one they see, as
querysets, so that every list starts from what the user may read.

Who may do what is the workflow's policy (:func:`probity.workflow.policy.decide`); pages ask
it for each inspection and case they show (:func:`probity.workflow.services.authorise`).
These querysets agree with it (tests/web/test_access.py holds them to it):

- an inspection is listed to a user with a standing in it (:func:`~probity.workflow.policy.
  standing`): administrators and quality leads see every inspection; its lead and inspectors
  see it; analysts see every published one, and viewers the published ones of the units they
  view (of every unit of a region they view), or those whose team they are viewers of;
- its cases are listed as the policy lets the standing read them (``READ_CASES``): every case,
  an inspector's assigned cases only, or none.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from probity.web.inspections.models import Case, Inspection, Membership, Part
from probity.web.inspections.store import inspection_facts
from probity.workflow.model import Actor, InspectionFacts, Role
from probity.workflow.model import Part as WorkflowPart
from probity.workflow.policy import RULES, Action, Condition, Standing, standing

# The parts in an inspection's team that work on it (a viewer's part does not).
TEAM_PARTS = (Part.LEAD, Part.INSPECTOR)


def visible_inspections(actor: Actor) -> QuerySet[Inspection]:
    """The inspections the actor has a standing in."""
    if actor.has(Role.ADMIN) or actor.has(Role.QUALITY_LEAD):
        return Inspection.objects.all()
    parts = Membership.objects.filter(user_id=actor.user_id)
    team = Q(pk__in=parts.filter(role__in=TEAM_PARTS).values("inspection"))
    if actor.has(Role.ANALYST):
        return Inspection.objects.filter(team | Q(is_published=True))
    nominated = parts.filter(role=Part.VIEWER).values("inspection")
    published_to_them = Q(pk__in=nominated)
    # A nominated viewer reads the draft while it is with them for factual accuracy.
    under_embargo = Q(pk__in=nominated, is_published=False, report_stage="factual_accuracy")
    if actor.has(Role.VIEWER) and actor.organisations:
        viewed = list(actor.organisations)
        published_to_them |= Q(unit__slug__in=viewed) | Q(unit__parent__slug__in=viewed)
    return Inspection.objects.filter(
        team | (Q(is_published=True) & published_to_them) | under_embargo
    )


def listed(actor: Actor) -> list[tuple[Inspection, Standing]]:
    """The inspections the actor sees, newest fieldwork first, each with their standing in it
    (two queries)."""
    rows = (
        visible_inspections(actor)
        .select_related("unit__parent")
        .order_by("-fieldwork_start", "inspection_id")
    )
    parts = dict(
        Membership.objects.filter(user_id=actor.user_id).values_list("inspection_id", "role")
    )
    found = []
    for row in rows:
        # The actor's own part is all of the team their standing depends on.
        own = {actor.user_id: WorkflowPart(parts[row.pk])} if row.pk in parts else {}
        where = standing(actor, inspection_facts(row, own))
        if where is not None:
            found.append((row, where))
    return found


def visible_cases(actor: Actor, row: Inspection, facts: InspectionFacts) -> QuerySet[Case]:
    """The inspection's cases the actor may read: all of them, their assigned ones (an
    inspector), or none."""
    cases = Case.objects.filter(inspection=row)
    where = standing(actor, facts)
    condition = RULES[Action.READ_CASES].get(where) if where is not None else None
    if condition is Condition.ALWAYS:
        return cases
    if condition is Condition.OWN_CASE_READ:
        return cases.filter(assessor_id=actor.user_id)
    return cases.none()


def sees_every_case(actor: Actor, facts: InspectionFacts) -> bool:
    """Whether the actor reads every case of the inspection (not only those assigned to
    them)."""
    where = standing(actor, facts)
    return where is not None and RULES[Action.READ_CASES].get(where) is Condition.ALWAYS
