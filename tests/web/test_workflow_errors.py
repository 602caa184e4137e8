"""Every workflow error a page does not answer itself is answered in one place, with its
status and its reason (:mod:`probity.web.views.workflow`)."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory

from probity.web.views.workflow import (
    WorkflowErrorMiddleware,
    field_problems,
    status_of,
    store_for,
)
from probity.workflow.errors import (
    ForbiddenError,
    InvalidError,
    NotAllowedNowError,
    NotFoundError,
    PublishedError,
    StaleError,
)

pytestmark = pytest.mark.pages

ERRORS = [
    (NotFoundError("No such case"), 404, "Page not found"),
    (ForbiddenError("An inspector may not publish"), 403, "An inspector may not publish."),
    (PublishedError(), 403, "The inspection is published: nothing in it can be changed"),
    (StaleError("Case T1", 3, "Inspector A", "10:02 on 3 December 2026"), 409,
     "Case T1 was changed by Inspector A at 10:02 on 3 December 2026 after you read it"),
    (NotAllowedNowError("Case T1 is submitted: it cannot be submitted"), 409,
     "Case T1 is submitted: it cannot be submitted"),
    (InvalidError(["reason: say why case T1 is returned", "rating: 'best' is not one"]), 400,
     "Rating: &#x27;best&#x27; is not one"),
]  # fmt: skip


@pytest.mark.parametrize(("error", "status", "words"), ERRORS, ids=lambda e: type(e).__name__)
def test_an_error_no_page_answers_gets_its_status_and_says_why(team, error, status, words):
    request = RequestFactory().post("/inspections/test-pdu-2026/cases/T1/submit/")
    request.user = team.lead
    response = WorkflowErrorMiddleware(lambda r: None).process_exception(request, error)
    assert response is not None
    assert response.status_code == status == status_of(error)
    assert words in re.sub(r"\s+", " ", response.content.decode())


def test_other_exceptions_are_left_to_django(team):
    request = RequestFactory().get("/")
    assert WorkflowErrorMiddleware(lambda r: None).process_exception(request, KeyError()) is None


def test_a_problem_about_a_field_of_the_page_links_to_it():
    error = InvalidError(["reason: say why case T1 is returned", "version: 0 is not one"])
    assert field_problems(error, {"reason": "reason"}) == [
        ("reason", "Say why case T1 is returned"),
        ("", "Version: 0 is not one"),
    ]


def test_a_request_keeps_one_store_of_the_class_the_setting_names(settings):
    request = RequestFactory().get("/")
    store = store_for(request)
    assert store_for(request) is store
    settings.PROBITY_STORE = "tests.web.test_concurrency.PublishedWhileSaving"
    other = RequestFactory().get("/")
    assert type(store_for(other)).__name__ == "PublishedWhileSaving"
