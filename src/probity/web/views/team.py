"""The team pages: the inspection's members and their parts; a user who holds a suitable role
added (the workflow's :func:`~probity.workflow.services.set_member` checks the role), a member
removed (never the last lead), and a new person invited as an inspector: their account made
by :func:`probity.web.inspections.accounts.add_user` with the inspector's role, their part
given by the workflow, and their one-time link e-mailed by
:func:`~probity.web.inspections.accounts.invite`. The lead never chooses or sees a password,
nor the link."""

from __future__ import annotations

from smtplib import SMTPException

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from probity.web.inspections.accounts import add_user, invite
from probity.web.inspections.casework import display_name
from probity.web.inspections.govuk_fields import error_summary
from probity.web.inspections.models import Membership
from probity.web.inspections.team_forms import InviteForm, MemberForm
from probity.web.views.setup import SetupPage, setup_page
from probity.web.views.workflow import field_problems, problems, status_of
from probity.workflow import services
from probity.workflow.errors import InvalidError, NotFoundError, WorkflowError
from probity.workflow.model import Part, Role
from probity.workflow.policy import Action

PART_WORDS = {Part.LEAD: "Lead inspector", Part.INSPECTOR: "Inspector", Part.VIEWER: "Viewer"}
# The roles that may take a part in the team (the workflow's PART_NEEDS says which part).
TEAM_ROLES = (Role.LEAD.value, Role.INSPECTOR.value, Role.ADMIN.value)


def candidates(page: SetupPage) -> list[tuple[str, str]]:
    """The active users who hold a role that may inspect or lead, not yet in the team, as
    (user id, name) options."""
    users = (
        User.objects.filter(is_active=True)
        .filter(Q(roles__role__in=TEAM_ROLES) | Q(is_superuser=True))
        .exclude(memberships__inspection=page.inspection)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [(str(u.pk), f"{display_name(u)} ({u.get_username()})") for u in users]


def _team_page(
    request: HttpRequest,
    inspection_id: str,
    form: MemberForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = setup_page(request, inspection_id, Action.MANAGE_TEAM)
    form = form or MemberForm(None, candidates(page))
    members = (
        Membership.objects.filter(inspection=page.inspection)
        .select_related("user")
        .order_by("role", "user__first_name", "user__username")
    )
    rows = [
        {
            "user": m.user,
            "name": display_name(m.user),
            "part": PART_WORDS.get(Part(m.role), m.role),
            "active": m.user.is_active,
        }
        for m in members
    ]
    context = {
        "inspection": page.inspection,
        "page": page,
        "rows": rows,
        "form": form,
        "errors": error_summary(form),
    }
    return render(request, "probity/team/team.html", context, status=status)


@login_required
def team(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """The team, and the forms to change it."""
    return _team_page(request, inspection_id)


@login_required
@require_POST
def team_add(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Give a user a part in the team."""
    page = setup_page(request, inspection_id, Action.MANAGE_TEAM)
    services.authorise(page.store, page.actor, Action.MANAGE_TEAM, inspection_id)
    form = MemberForm(request.POST, candidates(page))
    chosen = form.chosen()
    if chosen is None:
        return _team_page(request, inspection_id, form, status=400)
    user_id, part = chosen
    try:
        services.set_member(page.store, page.actor, inspection_id, user_id, part)
    except (InvalidError, NotFoundError) as e:
        for problem in problems(e):
            form.add_problem("user", problem)
        return _team_page(request, inspection_id, form, status=status_of(e))
    name = display_name(User.objects.get(pk=user_id))
    messages.success(request, f"{name} is in the team: {PART_WORDS[part].lower()}")
    return redirect("team", inspection_id)


@login_required
@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, inspection_id: str, user_id: int) -> HttpResponse:
    """Take a member off the team, after a confirmation (never the last lead)."""
    page = setup_page(request, inspection_id, Action.MANAGE_TEAM)
    member = (
        Membership.objects.filter(inspection=page.inspection, user_id=user_id)
        .select_related("user")
        .first()
    )
    if member is None:
        raise NotFoundError("No such member")
    errors: list[tuple[str, str]] = []
    status = 200
    if request.method == "POST":
        try:
            services.set_member(page.store, page.actor, inspection_id, user_id, None)
        except WorkflowError as e:
            if status_of(e) in (403, 404):
                raise
            errors, status = field_problems(e, {}), status_of(e)
        else:
            messages.success(request, f"{display_name(member.user)} is no longer in the team")
            return redirect("team", inspection_id)
    context = {
        "inspection": page.inspection,
        "page": page,
        "member": member,
        "name": display_name(member.user),
        "part": PART_WORDS.get(Part(member.role), member.role),
        "errors": errors,
    }
    return render(request, "probity/team/remove.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def team_invite(request: HttpRequest, inspection_id: str) -> HttpResponse:
    """Invite a new person as an inspector of the inspection: their account is made with the
    inspector's role, they join the team, and their one-time link is e-mailed to them."""
    page = setup_page(request, inspection_id, Action.MANAGE_TEAM)
    form = InviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        services.authorise(page.store, page.actor, Action.MANAGE_TEAM, inspection_id)
        if form.is_valid():
            try:
                # The account and the part are made together, or neither.
                with transaction.atomic():
                    email = form.cleaned_data["email"]
                    user = add_user(
                        email, Role.INSPECTOR, email=email, full_name=form.cleaned_data["name"]
                    )
                    services.set_member(
                        page.store, page.actor, inspection_id, user.pk, Part.INSPECTOR
                    )
            except InvalidError as e:
                form.add_problems(e.problems)
            else:
                return _invited(request, page, user)
        status = 400
    context = {
        "inspection": page.inspection,
        "page": page,
        "form": form,
        "errors": error_summary(form),
    }
    return render(request, "probity/team/invite.html", context, status=status)


def _invited(request: HttpRequest, page: SetupPage, user: User) -> HttpResponse:
    """Send the invitation (the link is e-mailed, never shown), then back to the team."""
    name = display_name(user)
    assert isinstance(request.user, User)
    try:
        invite(user, request.user, inspection=page.inspection)
    except (OSError, SMTPException):
        messages.warning(
            request,
            f"{name} is in the team, but the e-mail with their one-time link could not be "
            "sent: an administrator can send them a new link from the people pages",
        )
    else:
        messages.success(
            request, f"{name} is invited as an inspector: their one-time link is e-mailed"
        )
    return redirect("team", page.inspection.inspection_id)


urlpatterns = [
    path("team/", team, name="team"),
    path("team/add/", team_add, name="team-add"),
    path("team/invite/", team_invite, name="team-invite"),
    path("team/<int:user_id>/remove/", team_remove, name="team-remove"),
]
