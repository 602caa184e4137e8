"""Every route, for every role, gives the expected status, and nothing of an inspection leaks
to someone with no part in it.

The matrix below must name every route the application has (a test checks it), so a new page
cannot be added without saying who may see it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from probity.web.inspections.models import Case
from tests.web.second_factor import sign_in
from tests.web.team import INSPECTION_ID, PDU, ready_to_publish

pytestmark = pytest.mark.pages

ROLES = (
    "anonymous", "outsider", "viewer", "analyst", "inspector_a", "inspector_b", "lead",
    "quality_lead", "admin",
)  # fmt: skip
SIGN_IN = "sign in"  # an anonymous request is sent to sign in
I = {"inspection_id": INSPECTION_ID}  # noqa: E741 (the kwargs of most routes)
T1 = {**I, "case_id": "T1"}  # inspector_a's case


@dataclass(frozen=True)
class Route:
    """One route, how to call it, and the status each role gets."""

    name: str
    kwargs: dict[str, str]
    method: str
    expected: dict[str, int | str]
    data: str | None = None  # what to post: "assessor" posts inspector_b as the assessor
    state: str | None = None  # the state T1 is put in first (it is imported submitted)
    ready: bool = False  # every case quality-assured and the report final first

    def url(self) -> str:
        return reverse(self.name, kwargs=self.kwargs)


def team_only(
    inspector_a: int = 200, inspector_b: int = 200, lead: int = 200, quality_lead: int | None = None
) -> dict:
    """The inspection's team (and the quality leads, who stand in every inspection) may; a
    viewer or an analyst of an unpublished inspection and an outsider are told it does not
    exist."""
    return {
        "anonymous": SIGN_IN, "outsider": 404, "viewer": 404, "analyst": 404,
        "inspector_a": inspector_a, "inspector_b": inspector_b, "lead": lead, "admin": lead,
        "quality_lead": lead if quality_lead is None else quality_lead,
    }  # fmt: skip


ROUTES = [
    Route("home", {}, "GET", dict.fromkeys(ROLES, 302)),
    Route("sign-in", {}, "GET", {**dict.fromkeys(ROLES, 302), "anonymous": 200}),
    Route("sign-out", {}, "POST", dict.fromkeys(ROLES, 302)),
    # A one-time link that is not valid says so, to anyone; one that is is tested elsewhere.
    Route(
        "set-password", {"uidb64": "MQ", "token": "not-a-token"}, "GET", dict.fromkeys(ROLES, 200)
    ),
    Route("password-set", {}, "GET", dict.fromkeys(ROLES, 200)),
    # Asking for a link by e-mail: open to anyone (an address posted or not, the same answer).
    Route("password-reset", {}, "GET", dict.fromkeys(ROLES, 200)),
    Route("password-reset", {}, "POST", dict.fromkeys(ROLES, 200)),  # no address: the form
    Route("password-reset-sent", {}, "GET", dict.fromkeys(ROLES, 200)),
    Route("inspections", {}, "GET", {**dict.fromkeys(ROLES, 200), "anonymous": SIGN_IN}),
    Route("dashboard", I, "GET", team_only()),
    Route("cases", I, "GET", team_only()),
    Route("case", T1, "GET", team_only(inspector_b=403)),
    Route("case-standard", {**T1, "standard_id": "2.2"}, "GET", team_only(inspector_b=403)),
    Route("case-history", T1, "GET", team_only(inspector_b=403)),
    Route("case-submit", T1, "POST", team_only(302, 403, 302, 403), state="in_progress"),
    Route("case-assign", T1, "POST", team_only(403, 403, 302, 403), "assessor"),
    Route("case-quality-assure", T1, "POST", team_only(403, 403, 302)),
    Route("case-return", T1, "POST", team_only(403, 403, 302), "reason"),
    Route("domain-one", I, "GET", team_only(403, 403)),
    Route("judgement", {**I, "standard_id": "1.1"}, "GET", team_only(403, 403)),
    Route("report", I, "GET", team_only(403, 403)),
    Route("report-html", I, "GET", team_only(403, 403)),
    Route("publish", I, "POST", team_only(403, 403, 302, 403), ready=True),
    Route("report-figures", I, "GET", team_only(403, 403, 200, 403)),
    # Inspectors read the draft while it is in review; a correction follows publication.
    Route("report-review", I, "GET", team_only(403, 403, 200, 200)),
    Route("report-chapters", I, "POST", team_only(403, 403, 302, 403)),
    Route("report-correct", I, "GET", team_only(403, 403, 403, 403)),
    Route("report-version", {**I, "number": "1"}, "GET", team_only(403, 403, 404, 404)),
    Route("write-report", I, "GET", team_only(403, 403, 200, 403)),
    Route("write-section", {**I, "section": "2.2"}, "GET", team_only(403, 403, 200, 403)),
    # The small bundle has no paragraph: those who may write are told there is no such one.
    Route("write-delete", {**I, "section": "2.2", "paragraph": "1"}, "GET",
          team_only(403, 403, 404, 403)),
    Route("write-examples", I, "GET", team_only(403, 403, 200, 403)),
    Route("write-example-new", I, "GET", team_only(403, 403, 200, 403)),
    # The small bundle has no practice example either.
    Route("write-example", {**I, "row": "1"}, "GET", team_only(403, 403, 404, 403)),
    Route("write-recommendations", I, "GET", team_only(403, 403, 200, 403)),
    Route("write-figures", I, "GET", team_only(403, 403, 200, 403)),
    Route("write-glossary", I, "GET", team_only(403, 403, 200, 403)),
    # Posted without a file: those who may write are told to choose one.
    Route("write-surveys-upload", I, "POST", team_only(403, 403, 400, 403)),
    Route("admin:index", {}, "GET", {**dict.fromkeys(ROLES, 302), "admin": 200}),
    # People and organisations: administrators only (a posted form without its fields is shown
    # again with its errors); one's own API tokens: everyone signed in, and another's token,
    # or one that does not exist, is not found.
    *[
        Route(name, kwargs, method, {**dict.fromkeys(ROLES, 403), "anonymous": SIGN_IN,
                                     "admin": status})
        for name, kwargs, method, status in [
            ("people", {}, "GET", 200),
            ("person-add", {}, "GET", 200),
            ("person-add", {}, "POST", 200),
            ("person", {"username": "viewer"}, "GET", 200),
            ("person-added", {"username": "viewer"}, "GET", 200),
            ("person-role-add", {"username": "viewer"}, "GET", 200),
            ("person-role-add", {"username": "viewer"}, "POST", 200),
            ("person-role-remove", {"username": "viewer", "role_key": "viewer.test-pdu"},
             "GET", 200),
            ("person-role-remove", {"username": "viewer", "role_key": "viewer.test-pdu"},
             "POST", 302),
            ("person-deactivate", {"username": "viewer"}, "GET", 200),
            ("person-deactivate", {"username": "viewer"}, "POST", 302),
            ("person-reactivate", {"username": "viewer"}, "POST", 302),
            ("person-link", {"username": "viewer"}, "POST", 302),
            ("organisations", {}, "GET", 200),
            ("organisation-add", {}, "GET", 200),
            ("organisation-add", {}, "POST", 200),
            ("organisation", {"slug": "test-pdu"}, "GET", 200),
            ("organisation", {"slug": "test-pdu"}, "POST", 200),
        ]
    ],
    # The audit trail: the lead (of their inspections) and administrators (of everything).
    *[
        Route(name, {}, "GET", {**dict.fromkeys(ROLES, 403), "anonymous": SIGN_IN,
                                "lead": 200, "admin": 200})
        for name in ("audit", "audit-export")
    ],
    Route("api-tokens", {}, "GET", {**dict.fromkeys(ROLES, 200), "anonymous": SIGN_IN}),
    Route("api-tokens", {}, "POST", {**dict.fromkeys(ROLES, 200), "anonymous": SIGN_IN}),
    Route("api-token-revoke", {"token_id": "999999"}, "GET",
          {**dict.fromkeys(ROLES, 404), "anonymous": SIGN_IN}),
    Route("api-token-revoke", {"token_id": "999999"}, "POST",
          {**dict.fromkeys(ROLES, 404), "anonymous": SIGN_IN}),
    # The second factor: the lead and the administrator have an authenticator (they must, and
    # the test client's session gave its code); everyone else has none. A session that gave
    # its code is sent on from the page asking for it.
    Route("sign-in-code", {}, "GET", {**dict.fromkeys(ROLES, 302), "anonymous": SIGN_IN}),
    Route("sign-in-code", {}, "POST", {**dict.fromkeys(ROLES, 302), "anonymous": SIGN_IN}),
    Route("two-factor", {}, "GET", {**dict.fromkeys(ROLES, 200), "anonymous": SIGN_IN}),
    Route("two-factor-set-up", {}, "GET",
          {**dict.fromkeys(ROLES, 200), "lead": 302, "admin": 302, "anonymous": SIGN_IN}),
    Route("two-factor-set-up", {}, "POST",
          {**dict.fromkeys(ROLES, 200), "lead": 302, "admin": 302, "anonymous": SIGN_IN}),
    Route("recovery-codes", {}, "GET",
          {**dict.fromkeys(ROLES, 302), "lead": 200, "admin": 200, "anonymous": SIGN_IN}),
    Route("recovery-codes", {}, "POST", {**dict.fromkeys(ROLES, 302), "anonymous": SIGN_IN}),
    Route("two-factor-remove", {}, "GET",
          {**dict.fromkeys(ROLES, 302), "lead": 200, "admin": 200, "anonymous": SIGN_IN}),
    Route("two-factor-remove", {}, "POST",
          {**dict.fromkeys(ROLES, 302), "lead": 200, "admin": 200, "anonymous": SIGN_IN}),
    # --- set-up, sample and team pages (begin)
    # Creating an inspection: those whose role the policy lets (administrators; the lead here
    # holds no lead inspector's role). The set-up, sample and team pages: the inspection's lead
    # and administrators; a quality lead or an inspector is refused with the policy's reason,
    # anyone else is told the inspection does not exist. Posted without their fields, the
    # forms are shown again with their problems (400); the set-up's details are refused once
    # fieldwork has ended (403); a member who is not one is not found.
    Route("inspection-new", {}, "GET",
          {**dict.fromkeys(ROLES, 403), "anonymous": SIGN_IN, "admin": 200}),
    Route("inspection-new", {}, "POST",
          {**dict.fromkeys(ROLES, 403), "anonymous": SIGN_IN, "admin": 200}),
    *[
        Route(name, kwargs, method, team_only(403, 403, status, 403))
        for name, kwargs, method, status in [
            ("setup", I, "GET", 200),
            ("setup-details", I, "GET", 200),
            ("setup-details", I, "POST", 403),
            ("sample-eligible", I, "GET", 200),
            ("sample-eligible", I, "POST", 400),
            ("sample-template", {**I, "fmt": "csv"}, "GET", 200),
            ("sample-template", {**I, "fmt": "xlsx"}, "GET", 200),
            ("sample", I, "GET", 200),
            ("sample", I, "POST", 400),
            ("sample-add", I, "GET", 200),
            ("sample-add", I, "POST", 400),
            ("sample-drop", T1, "GET", 200),
            ("sample-drop", T1, "POST", 400),
            ("team", I, "GET", 200),
            ("team-add", I, "POST", 400),
            ("team-invite", I, "GET", 200),
            ("team-invite", I, "POST", 400),
            ("team-remove", {**I, "user_id": "999999"}, "GET", 404),
            ("team-remove", {**I, "user_id": "999999"}, "POST", 404),
        ]
    ],
    # --- set-up, sample and team pages (end)
    # --- the inspector's day, moderation and exports (begin)
    Route("your-cases", I, "GET", team_only()),
    Route("case-check", T1, "GET", team_only(inspector_b=403)),
    Route("case-review", T1, "GET", team_only(inspector_b=403)),
    # Posted without the cases (or inspectors) ticked: the list again with the problem (400).
    Route("cases-assign", I, "POST", team_only(403, 403, 400, 403), "assessor"),
    Route("cases-share", I, "POST", team_only(403, 403, 400, 403)),
    Route("cases-quality-assure", I, "POST", team_only(403, 403, 400)),
    Route("export", I, "GET", team_only(403, 403, 200, 403)),
    # Second looks: marking cases (the lead), the blind form (only an inspector named for the
    # case: no one here), the dip-sample review, the discrepancies and the agreement.
    Route("second-looks", I, "GET", team_only(403, 403, 200, 403)),
    Route("second-looks", I, "POST", team_only(403, 403, 400, 403)),
    Route("case-second-look", T1, "GET", team_only(403, 403, 403, 403)),
    Route("case-second-look", T1, "POST", team_only(403, 403, 403, 403)),
    Route("case-dip-sample", T1, "GET", team_only(403, 403, 200)),
    Route("case-dip-sample", T1, "POST", team_only(403, 403, 400)),
    Route("discrepancies", I, "GET", team_only(403, 403, 200)),
    Route("discrepancies", I, "POST", team_only(403, 403, 400)),
    Route("agreement", I, "GET", team_only(403, 403, 200)),
    Route("export-download", {**I, "fmt": "csv"}, "GET", team_only(403, 403, 200, 403)),
    # --- the inspector's day, moderation and exports (end)
]  # fmt: skip


def _names(patterns: list, prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                yield "admin:index"  # the admin is Django's own, guarded by is_staff
                continue
            if p.namespace == "api":
                continue  # the REST API has its own matrix (tests/web/test_api_matrix.py)
            yield from _names(p.url_patterns, prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_the_matrix_names_every_route_of_the_application():
    names = set(_names(get_resolver().url_patterns))
    # Their own tests (test_report_pdf_pages.py): they start a PDF's render.
    assert names - {r.name for r in ROUTES} <= {"report-pdf", "report-pdf-status"}
    assert {r.name for r in ROUTES} <= names


def _request(client: Client, route: Route, team):
    if route.ready:
        ready_to_publish(team)
    if route.state is not None:
        Case.objects.filter(inspection=team.inspection, case_id="T1").update(status=route.state)
    if route.method == "POST":
        data = {
            "assessor": {"assessor": str(team.inspector_b.pk)},
            "reason": {"reason": "Fictional: 2.2.1 needs its evidence."},
        }.get(route.data or "", {})
        data["version"] = "1"  # the case's version, as the page the form is on shows it
        return client.post(route.url(), data)
    return client.get(route.url())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.name}")
def test_each_role_gets_the_expected_status_on_each_route(client, team, role, route):
    if role != "anonymous":
        sign_in(client, team.users()[role])
    response = _request(client, route, team)
    expected = route.expected[role]
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))
    else:
        assert response.status_code == expected, response.content[:500]
    if response.status_code in (403, 404):
        # A refusal says nothing of the inspection or its cases.
        body = response.content.decode()
        assert PDU not in body
        # (As a word: a CSRF token may hold the letters by chance.)
        assert not re.search(r"\bT1\b", body) or role == "inspector_b"  # it knows T1


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_viewer_or_an_analyst_reads_the_published_report_and_nothing_else(client, team, role):
    team.inspection.is_published = True
    team.inspection.save()
    sign_in(client, team.users()[role])
    assert client.get(reverse("report", kwargs=I)).status_code == 200
    assert client.get(reverse("report-html", kwargs=I)).status_code == 200
    for name, kwargs in [("dashboard", I), ("cases", I), ("case", T1), ("domain-one", I)]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name


@pytest.mark.parametrize("role", ["inspector_a", "inspector_b"])
def test_an_inspector_reads_the_report_once_it_is_published(client, team, role):
    sign_in(client, team.users()[role])
    assert client.get(reverse("report", kwargs=I)).status_code == 403
    team.inspection.is_published = True
    team.inspection.save()
    assert client.get(reverse("report", kwargs=I)).status_code == 200
    assert client.get(reverse("report-html", kwargs=I)).status_code == 200


def test_an_id_no_stored_one_could_match_is_not_found_on_any_database(client, team):
    # PostgreSQL refuses NUL in a text comparison; the lookup must not reach it.
    sign_in(client, team.lead)
    assert client.get(f"/inspections/{INSPECTION_ID}%00x/").status_code == 404
    assert client.get(f"/inspections/{INSPECTION_ID}/cases/T1%00/").status_code == 404
