"""People's accounts: a user created with a role (and, for a viewer, their organisation), a
one-time link to set their own password, the invitation e-mail that carries it. No password
is ever chosen for anyone, shown to anyone or sent: its owner sets it through the link, which
stops working once used (Django's password-reset tokens)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from probity.web.inspections.audit import Invitation
from probity.web.inspections.models import Inspection
from probity.web.inspections.organisations import Organisation, OrganisationKind, UserRole
from probity.workflow.errors import InvalidError
from probity.workflow.model import Role

USERNAME = re.compile(r"^[A-Za-z0-9._@+-]{1,150}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def add_user(
    username: str,
    role: Role,
    *,
    organisation: str | None = None,
    email: str = "",
    full_name: str = "",
    using: str = DEFAULT_DB_ALIAS,
) -> User:
    """A new, active user with one role and no usable password yet (they set it through
    :func:`password_link`); every problem with the input is named at once."""
    problems = []
    if not USERNAME.match(username):
        problems.append(
            f"user name: {username!r} must be 1–150 letters, digits and . _ @ + - characters"
        )
    elif User.objects.using(using).filter(username=username).exists():
        problems.append(f"user name: {username!r} is taken")
    if email and not EMAIL.match(email):
        problems.append(f"e-mail: {email!r} is not an e-mail address")
    place = None
    if role is Role.VIEWER:
        place = Organisation.objects.using(using).filter(slug=organisation or "").first()
        if place is None or place.kind not in (OrganisationKind.UNIT, OrganisationKind.REGION):
            problems.append(
                f"organisation: a viewer needs a unit or region; {organisation!r} is neither"
            )
    elif organisation:
        problems.append(f"organisation: only a viewer is tied to an organisation, not a {role}")
    if problems:
        raise InvalidError(problems)
    first, _, last = full_name.strip().partition(" ")
    with transaction.atomic(using=using):
        user = User(username=username, email=email, first_name=first, last_name=last.strip())
        user.set_unusable_password()
        user.save(using=using)
        UserRole.objects.using(using).create(user=user, role=role.value, organisation=place)
    return user


def password_link(user: User) -> str:
    """A one-time link for the user to set their password (it stops working once used, or
    once their password changes by any other way)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("set-password", args=[uid, token])
    return f"{settings.PROBITY_BASE_URL}{path}"


def invite(
    user: User,
    invited_by: User | None,
    *,
    inspection: Inspection | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> str:
    """E-mail the user their one-time link (when they have an address), record the
    invitation, and return the link."""
    link = password_link(user)
    if user.email:
        who = (invited_by.get_full_name() or invited_by.get_username()) if invited_by else ""
        about = f", to the inspection of {inspection.organisation}" if inspection else ""
        opening = (
            f"{who} has invited you to Probity{about}" if who else "You have a Probity account"
        )
        send_mail(
            "Your Probity account",
            f"{opening}.\n\nSet your password here (the link works once):\n{link}\n",
            None,
            [user.email],
        )
    if invited_by is not None:
        Invitation.objects.using(using).create(
            user=user, email=user.email, invited_by=invited_by, inspection=inspection
        )
    return link
