"""The role × path matrix of the REST API: every operation of its OpenAPI schema, for every
role of tests/web/test_routes.py, gives the status the workflow's policy decides, and a
refusal says nothing of the inspection (an outsider's 404 is the same as for an inspection
that does not exist). A test holds that the matrix names every operation of the schema, so an
operation cannot be added without saying who may call it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from probity.web.api import api as the_api
from tests.web.team import INSPECTION_ID, PDU, Team, ready_to_publish
from tests.web.test_api import Api, api_for, eligible_csv, version, with_lead_role

pytestmark = pytest.mark.pages

ROLES = (
    "anonymous", "outsider", "viewer", "analyst", "inspector_a", "inspector_b", "lead",
    "quality_lead", "admin",
)  # fmt: skip
I = "/api/v1/inspections/{inspection_id}"  # noqa: E741
C = I + "/cases/{case_id}"


def policy(
    admin: int,
    lead: int,
    quality_lead: int,
    inspector_a: int,
    inspector_b: int,
    outsiders: int = 404,
) -> dict[str, int]:
    """The status each role gets: the team and quality lead by their standing; the viewer,
    the analyst and the outsider have none in an unpublished inspection (404)."""
    return {
        "anonymous": 401, "outsider": outsiders, "viewer": outsiders, "analyst": outsiders,
        "inspector_a": inspector_a, "inspector_b": inspector_b, "lead": lead,
        "quality_lead": quality_lead, "admin": admin,
    }  # fmt: skip


# Changes the lead and the administrator may make (the others: 403).
def managers(status: int) -> dict[str, int]:
    return policy(status, status, 403, 403, 403)


TEAM_READS = policy(200, 200, 200, 200, 200)
RATINGS = policy(200, 200, 200, 403, 403)


@dataclass(frozen=True)
class Call:
    """One operation, how to call it on the team's inspection, and each role's status."""

    method: str
    path: str  # the schema's path template
    expected: dict[str, int]
    body: Callable[[Team], Any] | None = None
    upload: bool = False
    args: dict[str, str] | None = None
    ready: bool = False  # every case quality-assured and the report final first

    def url(self) -> str:
        values = {"inspection_id": INSPECTION_ID, "case_id": "T1", **(self.args or {})}
        return re.sub(r"\{(\w+)\}", lambda m: values[m[1]], self.path)


CALLS = [
    Call("GET", "/api/v1/inspections", {**dict.fromkeys(ROLES, 200), "anonymous": 401}),
    Call("POST", "/api/v1/inspections",
         {**dict.fromkeys(ROLES, 403), "anonymous": 401, "admin": 200, "lead": 200},
         lambda t: {"inspection_id": "matrix-2027", "framework": "hmip-adult-pdu-2021",
                    "unit": t.inspection.unit.slug, "fieldwork_start": "2027-03-01",
                    "fieldwork_end": "2027-03-05"}),
    Call("GET", I, TEAM_READS),
    Call("POST", I + "/publish", managers(200), ready=True),
    # The report's review: the draft is not in review, nor published, in the team's inspection.
    Call("GET", I + "/report/figures", managers(200)),
    Call("POST", I + "/report/figures/{key}/accept", managers(400),
         lambda t: {"reason": "Fictional"}, args={"key": "no-such-finding"}),
    Call("GET", I + "/report/review", policy(200, 200, 200, 403, 403)),
    Call("POST", I + "/report/stage", managers(200), lambda t: {"stage": "quality_review"}),
    Call("POST", I + "/report/comments", policy(403, 403, 403, 403, 403),
         lambda t: {"section": "2.2", "text": "Fictional"}),
    Call("POST", I + "/report/comments/{comment_id}/resolve", managers(404),
         lambda t: {"resolution": "Fictional"}, args={"comment_id": "1"}),
    Call("GET", I + "/report/versions", policy(200, 200, 200, 403, 403)),
    Call("POST", I + "/report/corrections", policy(403, 403, 403, 403, 403),
         lambda t: {"notice": "Fictional"}),
    Call("GET", I + "/export", managers(200)),
    Call("POST", I + "/eligible", managers(200), upload=True),
    Call("GET", I + "/eligible", managers(200)),
    Call("POST", I + "/sample/draw", managers(409), lambda t: {"size": 2, "seed": 1}),
    Call("POST", I + "/sample/add", managers(400),
         lambda t: {"case_ids": ["E999"], "reason": "Fictional"}),
    Call("POST", I + "/sample/drop", managers(409),
         lambda t: {"case_id": "T1", "reason": "Fictional"}),
    Call("GET", I + "/cases", TEAM_READS),
    Call("GET", I + "/members", TEAM_READS),
    Call("POST", I + "/members", managers(200),
         lambda t: {"username": "viewer", "part": "viewer"}),
    Call("DELETE", I + "/members/{username}", managers(200), args={"username": "inspector_b"}),
    Call("POST", I + "/assignments", managers(200),
         lambda t: {"assignments": [{"case_id": "T1", "version": version("T1"),
                                     "username": "inspector_b"}]}),
    Call("POST", I + "/assignments/share", managers(200),
         lambda t: {"usernames": ["inspector_a"]}),
    Call("GET", C, policy(200, 200, 200, 200, 403)),
    *[
        Call(method, C + "/answers", policy(200, 200, 403, 200, 403),
             lambda t: {"version": version("T1"), "answers": {}})
        for method in ("PUT", "PATCH")
    ],
    # T1 is submitted already: its inspector, the lead and the administrator may submit a
    # case, but not this one now (409).
    Call("POST", C + "/submit", policy(409, 409, 403, 409, 403),
         lambda t: {"version": version("T1")}),
    Call("POST", C + "/return", policy(200, 200, 200, 403, 403),
         lambda t: {"version": version("T1"), "reason": "Fictional: say more"}),
    Call("POST", I + "/quality-assurance", policy(200, 200, 200, 403, 403),
         lambda t: {"cases": {"T1": version("T1")}}),
    Call("GET", I + "/judgements", RATINGS),
    Call("PUT", I + "/judgements/{standard_id}", managers(200),
         lambda t: {"rating": "good", "evidence": "Fictional evidence.", "version": 1},
         args={"standard_id": "1.1"}),
    Call("GET", I + "/ratings", RATINGS),
]  # fmt: skip


def test_the_matrix_names_every_operation_of_the_schema():
    schema = the_api.get_openapi_schema()
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert operations == {(c.method, c.path) for c in CALLS}


def _call(api: Api, call: Call, team: Team) -> Any:
    if call.upload:
        f = io.BytesIO(eligible_csv(4))
        f.name = "eligible.csv"
        return api.call("POST", call.url(), files={"file": f})
    return api.call(call.method, call.url(), call.body(team) if call.body else None)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("call", CALLS, ids=lambda c: f"{c.method} {c.path}")
def test_each_role_gets_the_expected_status_on_each_operation(client, team, role, call):
    with_lead_role(team)
    if call.ready:
        ready_to_publish(team)
    api = Api(client, None) if role == "anonymous" else api_for(client, team.users()[role])
    response = _call(api, call, team)
    assert response.status_code == call.expected[role], response.content[:500]
    if response.status_code in (401, 403, 404):
        body = response.content.decode()
        assert PDU not in body
        assert "Test region" not in body
        if response.status_code in (401, 404):
            assert INSPECTION_ID not in body
            assert not re.search(r"\bT1\b", body)
        # Only the inspection's inspectors know its cases' ids.
        assert not re.search(r"\bT1\b", body) or role in ("inspector_a", "inspector_b")


def test_an_outsiders_404_is_the_same_as_for_an_inspection_that_does_not_exist(client, team):
    api = api_for(client, team.outsider)
    for call in CALLS:
        if "{inspection_id}" not in call.path:
            continue
        ours = _call(api, call, team)
        other = Call(call.method, call.path.replace("{inspection_id}", "no-such-inspection"),
                     call.expected, call.body, call.upload, call.args)  # fmt: skip
        theirs = _call(api, other, team)
        assert (ours.status_code, ours.content) == (theirs.status_code, theirs.content), call


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_a_viewer_or_an_analyst_of_a_published_inspection_lists_it_and_may_do_nothing(
    client, team, role
):
    team.inspection.is_published = True
    team.inspection.save()
    api = api_for(client, team.users()[role])
    listed = api.call("GET", "/api/v1/inspections").json()
    assert [i["inspection_id"] for i in listed] == [INSPECTION_ID]
    # They read the published report's review and versions; nothing else.
    reads = {I + "/report/review", I + "/report/versions"}
    for call in CALLS[2:]:
        response = _call(api, call, team)
        expected = 200 if call.method == "GET" and call.path in reads else 403
        assert response.status_code == expected, (call, response.content[:300])
        assert not re.search(r"\bT1\b", response.content.decode())
