"""The people pages, for administrators (the policy's "manage users and their roles"): the
list of users, adding a user (who gets a one-time link to set their own password, e-mailed
when they have an address), a user's page with their roles, giving and taking away a role,
deactivating and reactivating an account, and a new one-time link. The rules are
:mod:`probity.web.inspections.user_management`'s and
:mod:`probity.web.inspections.accounts`'s; nobody is ever deleted."""

from __future__ import annotations

from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_POST

from probity.web.inspections import user_management as manage
from probity.web.inspections.accounts import add_user, invite, password_link
from probity.web.inspections.organisations import UserRole
from probity.web.inspections.people_forms import RoleFields, UserForm, add_problems, error_list
from probity.web.views.allowed import allowed_to, signed_in_user
from probity.workflow.errors import ForbiddenError, InvalidError
from probity.workflow.model import Role
from probity.workflow.policy import Action

MAY = allowed_to(Action.MANAGE_USERS)
# The one-time link to hand over (the user has no e-mail address, or it could not be sent),
# kept in the session from the step that made it to the page that shows it, once.
LINK_KEY = "probity.people.link"


def _with_roles(users: QuerySet[User]) -> QuerySet[User]:
    held = UserRole.objects.select_related("organisation").order_by("role", "organisation__name")
    return users.prefetch_related(Prefetch("roles", queryset=held))


def _row(user: User) -> dict[str, Any]:
    roles = [manage.roles_in_words(r) for r in user.roles.all()]
    if user.is_superuser and Role.ADMIN.label not in roles:
        roles.insert(0, f"{Role.ADMIN.label} (superuser)")
    return {"user": user, "name": user.get_full_name(), "roles": roles}


@MAY
def people_list(request: HttpRequest) -> HttpResponse:
    """Every user, with their roles, whether active, and when they last signed in; filtered by
    role (an administrator's filter counts superusers in)."""
    users = User.objects.order_by("username")
    chosen = request.GET.get("role", "")
    role = Role(chosen) if chosen in {r.value for r in Role} else None
    if role is not None:
        holds = Q(roles__role=role.value) | (Q(is_superuser=True) if role is Role.ADMIN else Q())
        users = users.filter(holds).distinct()
    context = {
        "rows": [_row(u) for u in _with_roles(users)],
        "roles": list(Role),
        "role": role,
    }
    return render(request, "probity/people/list.html", context)


@MAY
@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest) -> HttpResponse:
    """Add a user with one role; they are sent (or handed) a one-time link."""
    form = UserForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = add_user(
                data["username"],
                form.chosen_role(),
                organisation=data["organisation"] or None,
                email=data["email"],
                full_name=data["full_name"],
            )
        except InvalidError as e:  # a name taken meanwhile
            add_problems(form, e.problems)
        else:
            _send_link(request, user)
            return redirect("person-added", username=user.get_username())
    context = {"form": form, "errors": error_list(form), "link_days": _link_days()}
    return render(request, "probity/people/add.html", context)


def _send_link(request: HttpRequest, user: User) -> bool:
    """Send the user a one-time link (recorded as an invitation by the administrator), and
    keep it for the next page to show if it is to be handed over: they have no e-mail
    address, or the e-mail could not be sent. Whether it was e-mailed."""
    try:
        link = invite(user, signed_in_user(request))
    except (OSError, SMTPException) as e:
        request.session[LINK_KEY] = {
            "username": user.get_username(),
            "link": password_link(user),
            "unsent": f"{e}".strip() or type(e).__name__,
        }
        return False
    if not user.email:
        request.session[LINK_KEY] = {"username": user.get_username(), "link": link}
    return bool(user.email)


def _handed_link(request: HttpRequest, user: User) -> dict[str, str] | None:
    """The user's one-time link kept for this page, taken out of the session (shown once):
    ``link``, and ``unsent``, why the e-mail that should have carried it was not sent."""
    kept = request.session.get(LINK_KEY)
    if not isinstance(kept, dict) or kept.get("username") != user.get_username():
        return None
    del request.session[LINK_KEY]
    return {k: str(kept[k]) for k in ("link", "unsent") if kept.get(k)}


def _link_days() -> int:
    """How many days a one-time link works."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def _user(username: str) -> User:
    if "\x00" in username:  # no stored name holds it (and PostgreSQL refuses it)
        raise Http404("No such user")
    return get_object_or_404(User, username=username)


@MAY
def person_added(request: HttpRequest, username: str) -> HttpResponse:
    """The confirmation: the user is added, and their link was e-mailed (or is shown here,
    once, to be passed on)."""
    user = _user(username)
    context = {"person": user, "link": _handed_link(request, user), "link_days": _link_days()}
    return render(request, "probity/people/added.html", context)


@MAY
def person(request: HttpRequest, username: str) -> HttpResponse:
    """A user's page: their account, their roles, and what may be done with them."""
    user = _user(username)
    return _person_page(request, user)


def _person_page(
    request: HttpRequest, user: User, errors: list[tuple[str, str]] | None = None, status: int = 200
) -> HttpResponse:
    [row] = [_row(u) for u in _with_roles(User.objects.filter(pk=user.pk))]
    held = [
        {"key": manage.role_key(r), "words": manage.roles_in_words(r)} for r in user.roles.all()
    ]
    context = {
        "person": user,
        "row": row,
        "held": held,
        "link": _handed_link(request, user),
        "link_days": _link_days(),
        "errors": errors or [],
        "me": user.pk == request.user.pk,
    }
    return render(request, "probity/people/person.html", context, status=status)


@MAY
@require_http_methods(["GET", "POST"])
def person_role_add(request: HttpRequest, username: str) -> HttpResponse:
    """Give the user another role."""
    user = _user(username)
    form = RoleFields(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            held = manage.grant(user, form.chosen_role(), form.cleaned_data["organisation"] or None)
        except InvalidError as e:
            add_problems(form, e.problems)
        else:
            words = manage.roles_in_words(held)
            messages.success(request, f"Role given to {_name(user)}: {words}")
            return redirect("person", username=username)
    context = {"person": user, "form": form, "errors": error_list(form)}
    return render(request, "probity/people/role_add.html", context)


@MAY
@require_http_methods(["GET", "POST"])
def person_role_remove(request: HttpRequest, username: str, role_key: str) -> HttpResponse:
    """Take a role away, after a confirmation; nobody removes their own last administrator's
    role."""
    user = _user(username)
    held = None if "\x00" in role_key else manage.role_held(user, role_key)
    if held is None:
        raise Http404("No such role")
    me = signed_in_user(request)
    refusal = manage.withdrawal_refusal(me, held)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            manage.withdraw(me, held)
        except ForbiddenError as e:
            errors = [("", str(e))]
        else:
            words = manage.roles_in_words(held)
            messages.success(request, f"Role removed from {_name(user)}: {words}")
            return redirect("person", username=username)
    context = {
        "person": user,
        "words": manage.roles_in_words(held),
        "refusal": refusal,
        "errors": errors,
    }
    return render(
        request, "probity/people/role_remove.html", context, status=403 if errors else 200
    )


@MAY
@require_http_methods(["GET", "POST"])
def person_deactivate(request: HttpRequest, username: str) -> HttpResponse:
    """Deactivate the account, after a confirmation: they can no longer sign in."""
    user = _user(username)
    me = signed_in_user(request)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            manage.set_active(me, user, False)
        except ForbiddenError as e:
            errors = [("", str(e))]
        else:
            messages.success(request, f"{_name(user)}’s account is deactivated")
            return redirect("person", username=username)
    context = {"person": user, "refusal": manage.deactivation_refusal(me, user), "errors": errors}
    return render(request, "probity/people/deactivate.html", context, status=403 if errors else 200)


@MAY
@require_POST
def person_reactivate(request: HttpRequest, username: str) -> HttpResponse:
    """Reactivate the account: they can sign in again with their password."""
    user = _user(username)
    if manage.set_active(signed_in_user(request), user, True):
        messages.success(request, f"{_name(user)}’s account is active again")
    return redirect("person", username=username)


@MAY
@require_POST
def person_link(request: HttpRequest, username: str) -> HttpResponse:
    """Send the user a new one-time link to set their password (shown here, once, when they
    have no e-mail address)."""
    user = _user(username)
    if not user.is_active:
        problem = f"{_name(user)}’s account is deactivated: reactivate it before sending a link"
        return _person_page(request, user, [("", problem)], status=409)
    if _send_link(request, user):
        messages.success(request, f"A new one-time link is e-mailed to {user.email}")
    return redirect("person", username=username)


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


urlpatterns = [
    path("", people_list, name="people"),
    path("add/", person_add, name="person-add"),
    path("user/<str:username>/", person, name="person"),
    path("user/<str:username>/added/", person_added, name="person-added"),
    path("user/<str:username>/roles/add/", person_role_add, name="person-role-add"),
    path(
        "user/<str:username>/roles/<str:role_key>/remove/",
        person_role_remove,
        name="person-role-remove",
    ),
    path("user/<str:username>/deactivate/", person_deactivate, name="person-deactivate"),
    path("user/<str:username>/reactivate/", person_reactivate, name="person-reactivate"),
    path("user/<str:username>/link/", person_link, name="person-link"),
]
