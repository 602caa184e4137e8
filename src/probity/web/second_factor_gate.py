"""The gate of the second factor: a signed-in session that still owes it
(:func:`probity.web.inspections.second_factor.missing`) reaches no page but the ones that
settle it (set one up, give a code) and signing out; every other request is sent there, with
the page it asked for to come back to. The API is left to its own tokens (no session)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from probity.web.inspections.second_factor import Missing, missing

# The pages a session owing its second factor may still open.
OPEN = frozenset(
    {
        "sign-in", "sign-out", "sign-in-code", "two-factor-set-up", "set-password",
        "password-set", "password-reset", "password-reset-sent",
    }
)  # fmt: skip
API_PREFIX = "/api/"


class SecondFactorGate:
    """Sends a session that owes its second factor to the page that settles it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX) and not _open(request.path_info):
            owed = missing(request)
            if owed is not None:
                page = "sign-in-code" if owed is Missing.CODE else "two-factor-set-up"
                target = request.get_full_path() if request.method == "GET" else "/"
                return HttpResponseRedirect(f"{reverse(page)}?{urlencode({'next': target})}")
        return self.get_response(request)


def _open(path: str) -> bool:
    try:
        return resolve(path).view_name in OPEN
    except Resolver404:
        return True  # not found either way: Django's 404 says nothing
