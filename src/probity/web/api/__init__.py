"""Probity's REST API, ``/api/v1/``: the workflow's services (:mod:`probity.workflow.services`)
over HTTP, for a personal token (:mod:`probity.web.api.auth`). The API does no work and checks
no role itself: each operation reads the request, calls a service (or, for a read,
:func:`~probity.workflow.services.authorise`) and answers what it returns; a workflow error
is answered with the status the pages give it (:data:`probity.web.views.workflow.STATUS`) and
a JSON body ``{"detail", "problems"}``. docs/api.md describes it; ``/api/v1/docs`` is its
reference, generated from the OpenAPI schema at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from probity.web.api import cases, inspections, judgements, reference, report, sample, team
from probity.web.api.auth import BearerToken
from probity.web.views.workflow import problems, status_of
from probity.workflow.errors import InvalidError, StaleError, WorkflowError

__all__ = ["api"]

api = NinjaAPI(
    title="Probity API",
    version="1",
    description="An inspection's work over HTTP: set-up, the case sample, the team, "
    "assignment, answers, moderation, judgements, ratings, publication and export. "
    "Authenticate with a personal token: `Authorization: Bearer <token>`.",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url=None,  # the reference is Probity's own page (reference.py), not a CDN's viewer
)
for router in (inspections, sample, team, cases, judgements, report):
    api.add_router("", router.router)
api.get("/docs", auth=None, include_in_schema=False, url_name="reference")(reference.reference)


@api.exception_handler(WorkflowError)
def workflow_error(request: HttpRequest, error: WorkflowError) -> HttpResponse:
    """A refusal of the workflow, with the status the pages give it."""
    body: dict[str, object] = {"detail": problems(error)[0], "problems": []}
    if isinstance(error, InvalidError):
        # As the service located them ("field: reason"), for a program to read the place.
        body = {"detail": "The input cannot be used: nothing was changed",
                "problems": list(error.problems)}  # fmt: skip
    if isinstance(error, StaleError):
        body.update(version=error.version, changed_by=error.changed_by, changed_at=error.changed_at)
    return api.create_response(request, body, status=status_of(error))


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A request the schema does not allow: 400 with every problem, each with its place."""
    found = []
    for e in error.errors:
        # The place in the request, without ninja's names for its parts.
        place = [str(p) for p in e.get("loc", ()) if p not in ("body", "payload", "query", "path")]
        found.append(f"{'.'.join(place) or 'request'}: {e.get('msg', 'not valid')}")
    body = {"detail": "The request cannot be used: nothing was changed", "problems": found}
    return api.create_response(request, body, status=400)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    """No token, or none that is valid: 401, saying how to authenticate."""
    body = {
        "detail": "Authenticate with a valid personal API token: Authorization: Bearer <token>",
        "problems": [],
    }
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="probity"'
    return response
