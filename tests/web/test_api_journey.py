"""The API journey (acceptance): on a fresh database, a lead sets up an inspection, uploads its
list of eligible cases (once with a bad row, refused and located, nothing loaded), draws the
sample, adds two inspectors and shares the cases between them; each inspector answers and
submits a case with their own token; the lead returns one with a reason, which is saved and
resubmitted; the lead quality-assures both, judges domain one and reads the ratings.

Every request goes through :class:`SchemaClient`, which reads ``/api/v1/openapi.json`` first
and refuses a request for an operation the schema does not list. The API has no path to
create users, organisations or tokens (administrators do that on the pages, or with
``probity users add`` and ``probity token create``), so the test's set-up makes them with
:mod:`probity.web.inspections.accounts`, :mod:`~probity.web.inspections.organisations` and
:mod:`~probity.web.inspections.tokens`.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.test import Client

from probity.web.inspections.accounts import add_user
from probity.web.inspections.organisations import Role, unit_named
from probity.web.inspections.tokens import issue
from tests.web.test_api import eligible_csv

pytestmark = pytest.mark.pages


class NotInSchemaError(AssertionError):
    """A request for an operation the OpenAPI schema does not list."""


class SchemaClient:
    """A client of the API that calls only the operations its OpenAPI schema lists."""

    def __init__(self, client: Client, token: str, schema: dict[str, Any]) -> None:
        self.client, self.token = client, token
        self.operations = [
            (method.upper(), re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$"))
            for path, item in schema["paths"].items()
            for method in item
        ]

    def __call__(self, method: str, path: str, body: Any = None, *, file: Any = None) -> Any:
        bare = path.split("?", 1)[0]
        if not any(m == method and p.match(bare) for m, p in self.operations):
            raise NotInSchemaError(f"{method} {path} is not an operation of the schema")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"}
        if file is not None:
            return self.client.post(path, {"file": file}, **auth)
        return self.client.generic(
            method, path, "" if body is None else json.dumps(body),
            content_type="application/json", **auth,
        )  # fmt: skip


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.content[:1000]
    return response.json()


def named(data: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


def answer_everything(api: SchemaClient, base: str, case_id: str) -> dict[str, Any]:
    """Answer every question the case is asked ("yes" where it may be, else what it
    allows), at the version read; the case as saved."""
    case = ok(api("GET", f"{base}/cases/{case_id}"))
    answers = {
        q["id"]: "yes" if "yes" in q["allowed"] else q["allowed"][0]
        for q in case["questions"]
        if q["asked"]
    }
    return ok(api("PATCH", f"{base}/cases/{case_id}/answers",
                  {"version": case["version"], "answers": answers}))  # fmt: skip


def test_an_inspection_runs_from_set_up_to_ratings_through_the_api_alone(client, db):
    schema = ok(client.get("/api/v1/openapi.json"))
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    # Set-up the API has no path for: the people, the unit, their tokens.
    unit = unit_named("Fictional Unit", "Fictional Region")
    people = {
        "admin": add_user("journey-admin", Role.ADMIN, full_name="Fictional Admin"),
        "lead": add_user("journey-lead", Role.LEAD, full_name="Fictional Lead"),
        "one": add_user("journey-one", Role.INSPECTOR, full_name="Fictional One"),
        "two": add_user("journey-two", Role.INSPECTOR, full_name="Fictional Two"),
    }
    api = {k: SchemaClient(client, issue(u, "journey")[1], schema) for k, u in people.items()}
    lead = api["lead"]
    with pytest.raises(NotInSchemaError):
        lead("POST", "/api/v1/users", {"username": "x"})
    assert ok(api["admin"]("GET", "/api/v1/inspections")) == []

    # The lead sets the inspection up.
    made = ok(lead("POST", "/api/v1/inspections", {
        "inspection_id": "journey-2027", "framework": "hmip-adult-pdu-2021", "unit": unit.slug,
        "fieldwork_start": "2027-03-01", "fieldwork_end": "2027-03-05",
        "sample_windows": [{"start": "2026-09-01", "end": "2026-09-07"}],
    }))  # fmt: skip
    base = f"/api/v1/inspections/{made['inspection_id']}"

    # A list with one bad row: refused, the problem located, nothing loaded.
    bad = lead("POST", f"{base}/eligible", file=named(eligible_csv(10, bad_row=4), "cases.csv"))
    assert bad.status_code == 400
    problems = bad.json()["problems"]
    assert problems
    assert all(p.startswith("cases.csv: row 5, column case_type:") for p in problems)
    assert ok(lead("GET", f"{base}/eligible"))["count"] == 0
    assert ok(lead("POST", f"{base}/eligible", file=named(eligible_csv(10), "cases.csv"))) == {
        "count": 10
    }
    drawn = ok(lead("POST", f"{base}/sample/draw", {"size": 4, "seed": 2027}))
    assert len(drawn["case_ids"]) == 4

    # The team, and the cases shared between the two inspectors.
    for who in ("journey-one", "journey-two"):
        ok(lead("POST", f"{base}/members", {"username": who, "part": "inspector"}))
    shared = ok(lead("POST", f"{base}/assignments/share",
                     {"usernames": ["journey-one", "journey-two"]}))  # fmt: skip
    assert sorted(c["assessor"] for c in shared) == ["journey-one"] * 2 + ["journey-two"] * 2

    # Each inspector answers one of their cases and submits it.
    theirs = {}
    for who in ("one", "two"):
        mine = ok(api[who]("GET", f"{base}/cases"))
        assert {c["assessor"] for c in mine} == {f"journey-{who}"}
        assert len(mine) == 2
        saved = answer_everything(api[who], base, mine[0]["case_id"])
        assert saved["state"] == "in_progress"
        done = ok(api[who]("POST", f"{base}/cases/{saved['case_id']}/submit",
                           {"version": saved["version"]}))  # fmt: skip
        assert done["state"] == "submitted"
        theirs[who] = done

    # The lead returns one, with a reason; its inspector changes an answer and resubmits.
    one = theirs["one"]
    reason = "Fictional: add the evidence"
    back = ok(lead("POST", f"{base}/cases/{one['case_id']}/return",
                   {"version": one["version"], "reason": reason}))  # fmt: skip
    assert back["state"] == "returned"
    case = ok(api["one"]("GET", f"{base}/cases/{one['case_id']}"))
    kq = next(q["id"] for q in case["questions"] if q["key_question"] and "no" in q["allowed"])
    stale = api["one"]("PATCH", f"{base}/cases/{one['case_id']}/answers",
                       {"version": one["version"], "answers": {kq: "no"}})  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["version"] == back["version"]
    resaved = ok(api["one"]("PATCH", f"{base}/cases/{one['case_id']}/answers", {
        "version": case["version"], "answers": {kq: "no"}, "notes": {kq: "Fictional evidence"},
    }))  # fmt: skip
    assert resaved["answers"][kq] == {"answer": "no", "note": "Fictional evidence"}
    again = ok(api["one"]("POST", f"{base}/cases/{one['case_id']}/submit",
                          {"version": resaved["version"]}))  # fmt: skip
    assert again["state"] == "submitted"

    # The lead quality-assures both, judges domain one and reads the ratings.
    assured = ok(lead("POST", f"{base}/quality-assurance", {"cases": {
        again["case_id"]: again["version"], theirs["two"]["case_id"]: theirs["two"]["version"],
    }}))  # fmt: skip
    assert [c["state"] for c in assured] == ["quality_assured"] * 2
    judged = ok(lead("GET", f"{base}/judgements"))
    assert judged["judgements"]
    assert all(j["version"] == 0 for j in judged["judgements"])
    for j in judged["judgements"]:
        done = ok(lead("PUT", f"{base}/judgements/{j['standard_id']}", {
            "rating": "good", "evidence": "Fictional evidence.", "version": j["version"],
        }))  # fmt: skip
        assert (done["rating"], done["version"]) == ("good", 1)
    ratings = ok(lead("GET", f"{base}/ratings"))
    for j in judged["judgements"]:
        assert ratings["standards"][j["standard_id"]] == "good"
    progress = ok(lead("GET", base))["progress"]
    assert progress["by_state"]["quality_assured"] == 2
    assert progress["by_state"]["not_started"] == 2
