"""Who is acting, as the workflow sees it: a signed-in user mapped to the core's
:class:`~probity.workflow.model.Actor` (their roles, and the organisations whose published
reports they read), so that pages ask the one policy (:func:`probity.workflow.policy.decide`)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from probity.web.inspections.casework import display_name
from probity.web.inspections.organisations import UserRole
from probity.workflow.model import Actor, Role


def actor_of(user: User | AnonymousUser) -> Actor:
    """The user as an actor: the roles they hold (and the administrator's, for a superuser),
    and the slugs of the organisations they view. Nobody signed in, or a deactivated user,
    holds no role at all."""
    if not user.is_authenticated or not user.is_active:
        return Actor(user_id=0, name="")
    held = list(UserRole.objects.filter(user_id=user.pk).values_list("role", "organisation__slug"))
    roles = {Role(role) for role, _ in held}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    viewed = {slug for role, slug in held if role == Role.VIEWER and slug is not None}
    return Actor(
        user_id=user.pk,
        name=display_name(user),
        roles=frozenset(roles),
        organisations=frozenset(viewed),
    )


def request_actor(request: HttpRequest) -> Actor:
    """The signed-in user of the request as an actor, read once per request (the page, its
    guard and its navigation all ask)."""
    found: Actor | None = getattr(request, "_probity_actor", None)
    if found is None:
        found = actor_of(request.user)
        request._probity_actor = found  # type: ignore[attr-defined]
    return found
