"""Keeping people's roles and accounts: a role given or taken away, an account deactivated
or reactivated. Users are never deleted (the records kept for the audit point at them).

Each step refuses with the reason: :class:`~probity.workflow.errors.InvalidError` when the
input cannot be used (each problem prefixed with the field it is about, as
:func:`probity.web.inspections.accounts.add_user` does), and
:class:`~probity.workflow.errors.ForbiddenError` when the rules forbid it: nobody removes their
own last administrator's role or deactivates themselves (an administrator cannot lock
themselves out), and only a superuser deactivates a superuser.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from probity.web.inspections.audit import record_event
from probity.web.inspections.organisations import (
    VIEWED_KINDS,
    Organisation,
    OrganisationKind,
    UserRole,
)
from probity.workflow.errors import ForbiddenError, InvalidError
from probity.workflow.model import Role

# The separator between a role and its organisation's slug in a role's key ("viewer.test-pdu"):
# neither a role nor a slug holds it.
KEY_SEPARATOR = "."


def role_key(held: UserRole) -> str:
    """The role's key among the user's roles: the role, and its organisation's slug if any."""
    if held.organisation is None:
        return held.role
    return f"{held.role}{KEY_SEPARATOR}{held.organisation.slug}"


def role_held(user: User, key: str) -> UserRole | None:
    """The user's role of this key (:func:`role_key`), or None."""
    role, _, slug = key.partition(KEY_SEPARATOR)
    held = UserRole.objects.select_related("organisation").filter(user=user, role=role)
    if slug:
        return held.filter(organisation__slug=slug).first()
    return held.filter(organisation=None).first()


def viewable_organisations() -> QuerySet[Organisation]:
    """The organisations a viewer may view (units and regions), with their regions."""
    return Organisation.objects.filter(kind__in=VIEWED_KINDS).select_related("parent")


def grant(user: User, role: Role, organisation: str | None = None) -> UserRole:
    """Give the user the role (a viewer's of the unit or region whose slug is
    ``organisation``); every problem at once."""
    problems = []
    place = None
    if role is Role.VIEWER:
        place = viewable_organisations().filter(slug=organisation or "").first()
        if place is None:
            problems.append(
                f"organisation: a viewer needs a unit or region; {organisation!r} is neither"
            )
    elif organisation:
        problems.append(f"organisation: only a viewer is tied to an organisation, not a {role}")
    held = UserRole.objects.filter(user=user, role=role.value, organisation=place)
    if not problems and held.exists():
        where = f" of {place.name}" if place is not None else ""
        problems.append(f"role: {user.get_username()} is already {role.label}{where}")
    if problems:
        raise InvalidError(problems)
    try:
        with transaction.atomic():
            return UserRole.objects.create(user=user, role=role.value, organisation=place)
    except IntegrityError as e:  # given by someone else meanwhile
        raise InvalidError([f"role: {user.get_username()} already holds this role"]) from e


def withdrawal_refusal(by: User, held: UserRole) -> str | None:
    """Why ``by`` may not take the role away, or None if they may."""
    own_last_admin = (
        held.user_id == by.pk
        and held.role == Role.ADMIN
        and not by.is_superuser
        and not UserRole.objects.filter(user=by, role=Role.ADMIN).exclude(pk=held.pk).exists()
    )
    if own_last_admin:
        return (
            "You cannot remove your own administrator’s role: you would no longer be an "
            "administrator. Another administrator can remove it."
        )
    return None


def withdraw(by: User, held: UserRole) -> None:
    """Take the role away from its holder (kept in the roles' history)."""
    refusal = withdrawal_refusal(by, held)
    if refusal is not None:
        raise ForbiddenError(refusal)
    held.delete()


def deactivation_refusal(by: User, user: User) -> str | None:
    """Why ``by`` may not deactivate the user, or None if they may."""
    if user.pk == by.pk:
        return "You cannot deactivate your own account. Another administrator can."
    if user.is_superuser and not by.is_superuser:
        return f"Only a superuser can deactivate {user.get_username()}, who is a superuser."
    return None


def set_active(by: User, user: User, active: bool) -> bool:
    """Deactivate the user (they can no longer sign in, and their API tokens stop working) or
    reactivate them; whether anything changed."""
    if not active:
        refusal = deactivation_refusal(by, user)
        if refusal is not None:
            raise ForbiddenError(refusal)
    if user.is_active == active:
        return False
    user.is_active = active
    with transaction.atomic():
        user.save(update_fields=["is_active"])
        words = {True: "active", False: "deactivated"}
        record_event("user", f"User {user.get_username()}, account", by=by.pk,
                     old=words[not active], new=words[active])  # fmt: skip
    return True


def roles_in_words(held: UserRole) -> str:
    """A role as the pages name it: "Organisation viewer of Test PDU (unit)"."""
    label = Role(held.role).label
    if held.organisation is None:
        return label
    kind = "region" if held.organisation.kind == OrganisationKind.REGION else "unit"
    return f"{label} of {held.organisation.name} ({kind})"
