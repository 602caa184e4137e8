"""Who is calling the API: a personal token in ``Authorization: Bearer <token>``, checked by
:func:`probity.web.inspections.tokens.find_active` (only its hash is stored; a revoked token,
or a deactivated user's, is refused). No session, no CSRF: the API is bearer only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from probity.web.inspections.store import DjangoStore
from probity.web.inspections.tokens import find_active
from probity.web.views.workflow import store_for
from probity.workflow.model import Actor


class BearerToken(HttpBearer):
    """A personal API token (``probity token create``, or the page "Your API tokens")."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = find_active(token)
        if found is None:
            return None
        # The token's user is the request's user, so that the history of what they change
        # names them (django-simple-history reads request.user).
        request.user = found.user
        return found.user


def caller(request: HttpRequest) -> tuple[DjangoStore, Actor]:
    """The store the request works on (one per request) and the token's user as the policy
    sees them."""
    user: Any = getattr(request, "auth", None)
    assert isinstance(user, User)  # BearerToken let only a user through
    store = store_for(request)
    return store, store.actor_of(user)
