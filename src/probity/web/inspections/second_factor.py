"""The second factor at sign-in: an authenticator app (TOTP, django-otp's ``otp_totp``) and
ten recovery codes, each usable once (``otp_static``).

Administrators and lead inspectors must have one: they change what every inspection shows and
publishes. Everyone else may set one up; once they have, it is asked of them too. A session
has passed the second factor when django-otp holds the device that verified it
(:func:`django_otp.login`); :func:`missing` says what a session still lacks.
"""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass
from enum import StrEnum

import segno
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, verify_token
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from probity.web.inspections.models import Membership, Part
from probity.web.inspections.organisations import Role, UserRole

RECOVERY_CODES = 10
APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
# Whoever holds one of these roles changes every inspection (or their own inspection's
# ratings and report): a stolen password alone must not be enough.
REQUIRED_ROLES = (Role.ADMIN, Role.LEAD)


class Missing(StrEnum):
    """What a signed-in session lacks before it may reach the pages."""

    SET_UP = "set_up"  # the user must have a device and has none
    CODE = "code"  # the user has a device and this session has not given a code


def _required() -> Q:
    """Whether the user (the outer query's row) holds a role or part that needs a second factor."""
    return Exists(
        UserRole.objects.filter(user_id=OuterRef("pk"), role__in=REQUIRED_ROLES)
    ) | Exists(Membership.objects.filter(user_id=OuterRef("pk"), role=Part.LEAD))


def required_of(user: User) -> bool:
    """Whether the user must have a second factor: an administrator (or a superuser), or a
    lead inspector by role or of any inspection."""
    if user.is_superuser:
        return True
    return User.objects.filter(pk=user.pk).filter(_required()).exists()


def app_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def passed(request: HttpRequest) -> bool:
    """Whether the session gave a code of one of its user's devices (django-otp's middleware
    checks that the device is still theirs)."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def missing(request: HttpRequest) -> Missing | None:
    """What the signed-in session still lacks (None: nothing; nobody signed in: nothing to ask)."""
    user = request.user
    if isinstance(user, AnonymousUser) or not user.is_authenticated or passed(request):
        return None
    # One query for both questions: the gate asks it on every request of such a session.
    has_app, required = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)),
            required=_required(),
        )
        .values_list("has_app", "required")
        .get()
    )
    if has_app:
        return Missing.CODE
    if required or user.is_superuser:
        return Missing.SET_UP
    return None


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up: the same secret on every visit until it is confirmed
    (a reload must not change the code the app already shows)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The device's secret in base32, as an authenticator app takes it, in groups of four."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_code(device: TOTPDevice) -> str:
    """A QR code of the device's ``otpauth://`` address, as an SVG ``data:`` URI (made here:
    no network and no script)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4))


@dataclass(frozen=True)
class Checked:
    """The outcome of a code: the device that took it, or why not."""

    device: TOTPDevice | StaticDevice | None
    problem: str | None = None


WRONG = "The code is not right: check it and try again"


def _throttled(device: TOTPDevice | StaticDevice) -> str | None:
    """Why the device takes no code now (django-otp's throttling: after each wrong code it
    waits twice as long), or None."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    if details and details.get("reason") is VerifyNotAllowed.N_FAILED_ATTEMPTS:
        until = details.get("locked_until")
        wait = max(1, int((until - timezone.now()).total_seconds()) + 1) if until else 1
        return f"Too many wrong codes: wait {wait} seconds, then try again"
    return WRONG


def check_code(user: User, code: str) -> Checked:
    """Check a code of the user's: six digits are the app's, anything else a recovery code
    (so that a wrong code slows down only the device it was meant for)."""
    code = "".join(code.split()).lower()
    if not code:
        return Checked(None, "Enter the code")
    device: TOTPDevice | StaticDevice | None
    if code.isdigit() and len(code) == 6:
        device = app_device(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return Checked(None, WRONG)
    problem = _throttled(device)
    if problem is not None:
        return Checked(None, problem)
    verified = verify_token(user, device.persistent_id, code)
    return Checked(verified) if verified is not None else Checked(None, WRONG)


def confirm(device: TOTPDevice, code: str) -> str | None:
    """Confirm the authenticator being set up with a code it shows; the problem, or None."""
    code = "".join(code.split())
    if not code:
        return "Enter the code"
    problem = _throttled(device)
    if problem is not None:
        return problem
    with transaction.atomic():
        if not device.verify_token(code):
            return WRONG
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return None


def new_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes for the user, replacing any they had; only shown now."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    """How many of the user's recovery codes are unused."""
    return int(StaticToken.objects.filter(device__user=user).count())


def remove(user: User) -> None:
    """Remove the user's authenticator and recovery codes (a session verified by them no
    longer counts: its device is gone)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def forget_in_session(request: HttpRequest) -> None:
    """Drop the session's record of a code given (after the device is removed)."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
