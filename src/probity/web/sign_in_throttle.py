"""django-axes' record of failed sign-ins, with one change to what a success forgives.

Failures are counted by user name and address, and by address alone (``AXES_LOCKOUT_PARAMETERS``
in the settings). django-axes' own handler, on a successful sign-in, deletes every failure
matching any of those sets, so one good sign-in would wipe the address's count: whoever holds
one account could try four other user names, sign in, and try four more. Here a success
forgives only the failures of that user name from that address.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.http import HttpRequest


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
