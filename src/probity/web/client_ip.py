"""The address a request came from, behind the TLS-terminating proxy production assumes:
what django-axes counts failed sign-ins by (``AXES_CLIENT_IP_CALLABLE``)."""

from __future__ import annotations

from django.http import HttpRequest


def forwarded_client_ip(request: HttpRequest) -> str | None:
    """The last address in ``X-Forwarded-For`` (the one the trusted proxy appended: the
    client that connected to it), or the connecting address when there is none.

    Earlier entries are the client's own claims and are ignored: trusting them would let one
    client spread its attempts over made-up addresses.
    """
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if hops:
        return hops[-1]
    remote = request.META.get("REMOTE_ADDR")
    return None if remote is None else str(remote)
