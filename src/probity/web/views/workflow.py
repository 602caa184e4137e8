"""The pages' way into the workflow (:mod:`probity.workflow`): the store a request works on,
the user as the policy sees them, and the workflow's errors as responses.

- :func:`store_for` is the one seam between the pages and the database: every view gets its
  store here, one per request, of the class the ``PROBITY_STORE`` setting names (the tests
  name a subclass that, say, publishes the inspection while a save is on its way).
- :data:`STATUS` says once which status each refusal gets: no such inspection or case (or
  none the user has any part in) 404; not allowed, or published, 403 with the reason; changed
  since the page was read 409; not allowed in the case's state now 409; input that cannot be
  used 400, with every problem. A page that can say more (the case page, the assessment, a
  judgement) catches the error, shows itself again with the problems in its error summary and
  the user's choices kept, under the status of :func:`status_of`; whatever a page does not
  catch, :class:`WorkflowErrorMiddleware` turns into that response.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views import defaults

from probity.web.inspections.store import DjangoStore
from probity.workflow.errors import (
    ForbiddenError,
    InvalidError,
    NotAllowedNowError,
    NotFoundError,
    StaleError,
    WorkflowError,
)
from probity.workflow.model import Actor

STATUS: tuple[tuple[type[WorkflowError], int], ...] = (
    (NotFoundError, 404),
    (ForbiddenError, 403),  # PublishedError too
    (StaleError, 409),
    (NotAllowedNowError, 409),
    (InvalidError, 400),
)


@cache
def _store_class(path: str) -> type[DjangoStore]:
    found: type[DjangoStore] = import_string(path)
    return found


def store_for(request: HttpRequest) -> DjangoStore:
    """The store the request works on (one per request: what it has read, it reads once)."""
    found: DjangoStore | None = getattr(request, "_probity_store", None)
    if found is None:
        found = _store_class(settings.PROBITY_STORE)()
        request._probity_store = found  # type: ignore[attr-defined]
    return found


def actor_for(request: HttpRequest) -> Actor:
    """The signed-in user as the policy sees them (views ask for sign-in first)."""
    found: Actor | None = getattr(request, "_probity_actor", None)
    if found is None:
        assert isinstance(request.user, User)  # login_required let only a user through
        found = store_for(request).actor_of(request.user)
        request._probity_actor = found  # type: ignore[attr-defined]
    return found


def status_of(error: WorkflowError) -> int:
    """The status a refusal is answered with."""
    return next((status for kind, status in STATUS if isinstance(error, kind)), 400)


def sentence(text: str) -> str:
    """A problem as a page says it: starting with a capital."""
    return text[:1].upper() + text[1:]


def problems(error: WorkflowError) -> list[str]:
    """What a refusal says, one sentence a problem (every problem of an InvalidError)."""
    if isinstance(error, InvalidError):
        return [sentence(p) for p in error.problems]
    return [sentence(str(error))]


def field_problems(error: WorkflowError, fields: dict[str, str]) -> list[tuple[str, str]]:
    """The problems as an error summary lists them: (the id of the field a problem is about,
    or "", the sentence). A problem "reason: say why…" is about the field ``fields["reason"]``
    names, and says "Say why…"."""
    found = []
    for problem in problems(error):
        name, _, rest = problem.partition(": ")
        key = name.lower()
        found.append((fields[key], sentence(rest)) if rest and key in fields else ("", problem))
    return found


def changed(error: StaleError) -> str:
    """Who changed what the user read, and when: "Inspector A at 10:02 on 3 December 2026"."""
    at = f" at {error.changed_at}" if error.changed_at else ""
    return f"{error.changed_by or 'someone else'}{at}"


class WorkflowErrorMiddleware:
    """Answers a workflow error a view did not catch: 404 and 403 with the site's pages (the
    403 page says why), the others with a page of their problems (:data:`STATUS`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, WorkflowError):
            return None
        if isinstance(exception, NotFoundError):
            # Nothing of what was asked for is said: ids do not leak.
            return defaults.page_not_found(request, Http404("Not found"))
        if isinstance(exception, ForbiddenError):
            reason = problems(exception)[0]
            reason += "" if reason.endswith(".") else "."
            return defaults.permission_denied(request, PermissionDenied(reason))
        context = {"errors": [("", p) for p in problems(exception)]}
        return render(request, "probity/not_done.html", context, status=status_of(exception))
