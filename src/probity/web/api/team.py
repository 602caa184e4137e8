"""The inspection's team and who each case is assigned to."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Router

from probity.web.api.auth import caller
from probity.web.api.people import user_ids
from probity.web.api.sample import case_list
from probity.web.api.schemas import AssignmentsIn, CaseOut, Member, MemberIn, ShareIn, answers
from probity.web.inspections.casework import display_name
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.model import Part
from probity.workflow.policy import Action

router = Router(tags=["The team and assignment"])


@router.get(
    "/inspections/{inspection_id}/members",
    response=answers(list[Member], 403, 404),
    summary="List the team",
    description="Every member of the inspection's team and their part (lead, inspector, viewer).",
)
def members_read(request: HttpRequest, inspection_id: str) -> list[Member]:
    store, actor = caller(request)
    services.authorise(store, actor, Action.READ_INSPECTION, inspection_id)
    return members(store, inspection_id)


def members(store: DjangoStore, inspection_id: str) -> list[Member]:
    """The team as stored now, by username."""
    team = store.inspection(inspection_id).team
    users = User.objects.filter(pk__in=team).order_by("username")
    return [Member(username=u.username, name=display_name(u), part=team[u.pk].value) for u in users]


@router.post(
    "/inspections/{inspection_id}/members",
    response=answers(list[Member], 400, 403, 404),
    summary="Add a member, or change their part",
    description="Give an active user a part in the team: a lead must be a lead inspector or "
    "an administrator, an inspector an inspector or a lead inspector, a viewer an "
    "organisation viewer. Answers the team.",
)
def members_add(request: HttpRequest, inspection_id: str, payload: MemberIn) -> list[Member]:
    store, actor = caller(request)
    # Refused before the username is looked up: the answer would say who has an account.
    services.authorise(store, actor, Action.MANAGE_TEAM, inspection_id)
    found = user_ids([("username", payload.username)])
    services.set_member(store, actor, inspection_id, found[payload.username], Part(payload.part))
    return members(store, inspection_id)


@router.delete(
    "/inspections/{inspection_id}/members/{username}",
    response=answers(list[Member], 400, 403, 404, 409),
    summary="Take a member off the team",
    description="The inspection keeps at least one lead (409). Answers the team.",
)
def members_remove(request: HttpRequest, inspection_id: str, username: str) -> list[Member]:
    store, actor = caller(request)
    services.authorise(store, actor, Action.MANAGE_TEAM, inspection_id)
    found = user_ids([("username", username)])
    services.set_member(store, actor, inspection_id, found[username], None)
    return members(store, inspection_id)


@router.post(
    "/inspections/{inspection_id}/assignments",
    response=answers(list[CaseOut], 400, 403, 404, 409),
    summary="Assign cases",
    description="Assign each case, at the version you read, to an inspector of the "
    "inspection: all or none (409 if a case has changed since). Answers the cases assigned.",
)
def assignments_make(
    request: HttpRequest, inspection_id: str, payload: AssignmentsIn
) -> list[CaseOut]:
    store, actor = caller(request)
    services.authorise(store, actor, Action.ASSIGN_CASES, inspection_id)
    found = user_ids(
        [(f"assignments[{i}].username", a.username) for i, a in enumerate(payload.assignments)]
    )
    plan = {a.case_id: (a.version, found[a.username]) for a in payload.assignments}
    return case_list(store, inspection_id, services.assign(store, actor, inspection_id, plan))


@router.post(
    "/inspections/{inspection_id}/assignments/share",
    response=answers(list[CaseOut], 400, 403, 404, 409),
    summary="Share the unassigned cases",
    description="Share the cases assigned to no one among these inspectors, each case to "
    "whoever has the fewest so far. Answers the cases assigned.",
)
def assignments_share(request: HttpRequest, inspection_id: str, payload: ShareIn) -> list[CaseOut]:
    store, actor = caller(request)
    services.authorise(store, actor, Action.ASSIGN_CASES, inspection_id)
    found = user_ids([(f"usernames[{i}]", n) for i, n in enumerate(payload.usernames)])
    done = services.share_unassigned(
        store, actor, inspection_id, [found[n] for n in payload.usernames]
    )
    return case_list(store, inspection_id, done)
