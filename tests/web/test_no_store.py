"""Nothing Probity answers (pages, reports, exports, the API) may be kept by a browser or a
proxy; the static files keep their own caching."""

from __future__ import annotations

import pytest
from django.test import Client

from probity.web.inspections.tokens import issue

from .test_report_pages import base

pytestmark = pytest.mark.pages


def _no_store(response) -> None:
    assert "no-store" in response["Cache-Control"], response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_every_page_the_lead_reads_says_no_store(team, signed_in):
    lead = signed_in("lead")
    for path in ("/inspections/", base(team), base(team) + "cases/", base(team) + "report/",
                 base(team) + "report.html", base(team) + "report/review/"):  # fmt: skip
        response = lead.get(path)
        assert response.status_code == 200, path
        _no_store(response)


def test_the_sign_in_page_a_refusal_and_the_api_say_no_store(client, team):
    _no_store(client.get("/sign-in/"))
    _no_store(client.get(base(team)))  # a redirect to sign in
    token = issue(team.lead, "test")[1]
    answer = client.get("/api/v1/inspections", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200
    _no_store(answer)


def test_a_static_file_is_not_marked_no_store(settings, db):
    # WhiteNoise answers static files before the no-store middleware; served from the source
    # folders here, as the local settings do.
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/static/probity/probity.css")
    try:
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
    finally:
        response.close()  # a file response holds the file open until closed


def test_the_sign_in_security_and_password_reset_pages_say_no_store(client, team):
    from tests.web.second_factor import enrolled, sign_in
    from tests.web.team import PASSWORD

    for path in ("/password-reset/", "/password-reset/sent/"):
        _no_store(client.get(path))
    # A lead who gave only their password: the page asking for the code, and the redirects to it.
    enrolled(team.lead)
    client.post("/sign-in/", {"username": "lead", "password": PASSWORD})
    for path in ("/sign-in/code/", "/inspections/", "/account/two-factor/"):
        _no_store(client.get(path))
    # An inspector setting one up, and a lead past the second factor.
    inspector = sign_in(Client(), team.inspector_a)
    _no_store(inspector.get("/account/two-factor/set-up/"))
    lead = sign_in(Client(), team.lead)
    for path in ("/account/two-factor/", "/account/two-factor/recovery-codes/",
                 "/account/two-factor/remove/"):  # fmt: skip
        response = lead.get(path)
        assert response.status_code == 200, path
        _no_store(response)
