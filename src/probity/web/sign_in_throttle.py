"""django-axes' record of failed sign-ins, with one change to what a success forgives; the
password asked for again (to remove a second factor) counted as a sign-in; and requests to
reset a password throttled with the same limit and pause.

Failures are counted by user name and address, and by address alone (``AXES_LOCKOUT_PARAMETERS``
in the settings). django-axes' own handler, on a successful sign-in, deletes every failure
matching any of those sets, so one good sign-in would wipe the address's count: whoever holds
one account could try four other user names, sign in, and try four more. Here a success
forgives only the failures of that user name from that address.

A wrong password given to remove a second factor is a failed sign-in (the same records, the
same limit): guessing a password there is no cheaper than on the sign-in page. Requests to
reset a password are counted by the address they come from and by the e-mail address they
name (:class:`~probity.web.inspections.throttle.ResetRequest`): ``AXES_FAILURE_LIMIT`` of
either within ``AXES_COOLOFF_TIME`` hours, and no more mail is sent until the oldest is that
old.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest
from django.utils import timezone


class SignInThrottle(AxesDatabaseHandler):  # type: ignore[misc]
    """django-axes' database handler, forgiving only the signed-in user name's failures."""

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """Delete the failures of this user name from this address; the number deleted."""
        username = get_client_username(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        deleted, _ = AccessAttempt.objects.filter(username=username, ip_address=address).delete()
        return int(deleted)


def password_checks_paused(request: HttpRequest, username: str) -> bool:
    """Whether a password given for ``username`` from the request's address is not to be
    checked now (as signing in is paused after too many failures)."""
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def password_failed(request: HttpRequest, username: str) -> None:
    """Count a wrong password given for ``username`` as a failed sign-in (django-axes records
    it from Django's own signal, as it does the sign-in page's)."""
    user_login_failed.send(__name__, credentials={"username": username}, request=request)


def _window() -> timedelta:
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def reset_allowed(request: HttpRequest, email: str) -> bool:
    """Whether a reset link may be sent now for ``email`` asked from the request's address;
    if so, the request is counted. Requests beyond the limit are not counted (the pause ends
    a cool-off after the last request let through)."""
    from probity.web.inspections.throttle import ResetRequest

    address = get_client_ip_address(request)
    named = email.strip().lower()
    recent = ResetRequest.objects.filter(at__gte=timezone.now() - _window())
    limit = int(settings.AXES_FAILURE_LIMIT)
    by_address = recent.filter(ip_address=address).count() if address else 0
    if by_address >= limit or recent.filter(email=named).count() >= limit:
        return False
    ResetRequest.objects.create(ip_address=address, email=named)
    # The rows older than the window count for nothing: the table stays small.
    ResetRequest.objects.filter(at__lt=timezone.now() - _window()).delete()
    return True
