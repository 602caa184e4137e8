"""The guard of the pages across inspections (people, organisations): the signed-in user, as
the workflow's actor, must be allowed the action by the policy; a refusal is a 403 page that
gives the policy's reason, and nobody signed in is sent to sign in."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from probity.web.inspections.actors import request_actor
from probity.workflow.policy import Action, decide

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def refused(request: HttpRequest, reason: str) -> HttpResponse:
    """The 403 page, with the reason."""
    context = {"reason": reason[:1].upper() + reason[1:]}
    return render(request, "probity/refused.html", context, status=403)


def allowed_to(action: Action) -> Callable[[View[P]], View[P]]:
    """Let the view run only for a signed-in user the policy allows ``action`` today."""

    def guard(view: View[P]) -> View[P]:
        @wraps(view)
        def guarded(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            decision = decide(request_actor(request), action, today=timezone.localdate())
            if not decision:
                return refused(request, f"{decision.reason}.")
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return guard


def signed_in_user(request: HttpRequest) -> User:
    """The user behind a request a guard has let through."""
    assert isinstance(request.user, User)
    return request.user
