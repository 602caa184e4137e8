"""The REST API, path by path: each answers its success and each of its refusals (400, 403,
404, 409) as the workflow decides, with a JSON body ``{"detail", "problems"}``; a change to a
stale version is refused with who changed it, when, and the version now; a request without a
valid token is 401 with ``WWW-Authenticate: Bearer``."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from probity.web.inspections.audit import ExportRecord
from probity.web.inspections.models import Answer, Case, Inspection, Judgement, Membership
from probity.web.inspections.organisations import Role, UserRole
from probity.web.inspections.sample import EligibleCase
from probity.web.inspections.tokens import issue, revoke
from tests.web.second_factor import sign_in
from tests.web.team import INSPECTION_ID, PDU, Team, ready_to_publish

pytestmark = pytest.mark.pages

BASE = f"/api/v1/inspections/{INSPECTION_ID}"
HEADER = (
    "case_id,case_type,unpaid_work_only,court_report,rosh,gender,ethnic_group,disability,"
    "drug_misuse,alcohol_misuse,practitioner_grade\n"
)


def eligible_csv(n: int, bad_row: int | None = None) -> bytes:
    """A fictional list of ``n`` eligible cases (E001…); ``bad_row`` (a data row, from 1) has a
    case type no framework allows."""
    rows = [
        f"E{i:03},{'custody' if i == bad_row else 'community'},no,{'yes' if i % 3 else 'no'},"
        f"medium,{'female' if i % 2 else 'male'},white,no,no,no,PO\n"
        for i in range(1, n + 1)
    ]
    return (HEADER + "".join(rows)).encode()


class Api:
    """A client of the API with one user's token (or none, or one of one's choosing)."""

    def __init__(self, client: Client, token: str | None) -> None:
        self.client, self.token = client, token

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        if "files" in extra:
            return self.client.post(path, extra["files"], **headers)
        data = json.dumps(body) if body is not None else None
        return self.client.generic(
            method, path, data or "", content_type="application/json", **headers
        )


def api_for(client: Client, user: User) -> Api:
    """A client with a new token of the user's."""
    return Api(client, issue(user, "test")[1])


def with_lead_role(team: Team) -> Team:
    """The team, its lead holding the lead inspector's role (to create inspections)."""
    UserRole.objects.get_or_create(user=team.lead, role=Role.LEAD)
    return team


@pytest.fixture
def as_(client: Client, team: Team):
    """A client of the API as one of the team (``as_("lead")``), the lead a lead by role."""
    with_lead_role(team)
    return lambda name: api_for(client, team.users()[name])


def refused(response: Any, status: int) -> dict[str, Any]:
    """The body of a refusal, checked for its status and shape."""
    assert response.status_code == status, response.content[:800]
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert isinstance(body["problems"], list)
    return body


def version(case_id: str) -> int:
    return Case.objects.get(inspection__inspection_id=INSPECTION_ID, case_id=case_id).version


def set_state(case_id: str, state: str) -> None:
    Case.objects.filter(inspection__inspection_id=INSPECTION_ID, case_id=case_id).update(
        status=state
    )


# --- Authentication ------------------------------------------------------------------------


def test_a_request_without_a_token_is_401_with_the_bearer_challenge(client, team):
    response = Api(client, None).call("GET", "/api/v1/inspections")
    refused(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_401(client, team):
    issue(team.lead, "real")
    response = Api(client, "not-a-token-anyone-was-given").call("GET", "/api/v1/inspections")
    refused(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_401(client, team):
    record, token = issue(team.lead, "soon revoked")
    api = Api(client, token)
    assert api.call("GET", "/api/v1/inspections").status_code == 200
    revoke(type(record).objects.filter(pk=record.pk))
    refused(api.call("GET", "/api/v1/inspections"), 401)


def test_a_deactivated_users_token_is_401(client, team):
    api = api_for(client, team.lead)
    team.lead.is_active = False
    team.lead.save()
    refused(api.call("GET", f"{BASE}"), 401)


def test_a_signed_in_session_without_a_token_is_401(client, team):
    sign_in(client, team.admin)
    refused(Api(client, None).call("GET", "/api/v1/inspections"), 401)


# --- Inspections ---------------------------------------------------------------------------


def test_the_list_holds_the_inspections_the_user_stands_in(as_):
    listed = as_("inspector_a").call("GET", "/api/v1/inspections").json()
    assert [(i["inspection_id"], i["standing"]) for i in listed] == [(INSPECTION_ID, "inspector")]
    assert as_("outsider").call("GET", "/api/v1/inspections").json() == []
    assert as_("analyst").call("GET", "/api/v1/inspections").json() == []  # not published


def test_a_lead_creates_an_inspection_and_leads_it(as_, team):
    body = {
        "inspection_id": "api-new-2027", "framework": "hmip-adult-pdu-2021",
        "unit": team.inspection.unit.slug, "fieldwork_start": "2027-03-01",
        "fieldwork_end": "2027-03-05",
        "sample_windows": [{"start": "2026-09-01", "end": "2026-09-07"}],
    }  # fmt: skip
    response = as_("lead").call("POST", "/api/v1/inspections", body)
    assert response.status_code == 200, response.content
    made = response.json()
    assert made["inspection_id"] == "api-new-2027"
    assert made["sample_windows"] == [{"start": "2026-09-01", "end": "2026-09-07"}]
    assert made["progress"]["total"] == 0
    assert Membership.objects.get(inspection__inspection_id="api-new-2027").user == team.lead


def test_creating_an_inspection_lists_every_problem_at_once(as_, team):
    body = {
        "inspection_id": INSPECTION_ID, "framework": "no-such-framework", "unit": "nowhere",
        "fieldwork_start": "2027-03-05", "fieldwork_end": "2027-03-01",
    }  # fmt: skip
    problems = refused(as_("lead").call("POST", "/api/v1/inspections", body), 400)["problems"]
    assert any(p.startswith("inspection id:") and "already taken" in p for p in problems)
    assert any(p.startswith("framework:") for p in problems)
    assert any(p.startswith("organisation:") for p in problems)
    assert any(p.startswith("fieldwork end:") for p in problems)
    assert Inspection.objects.count() == 1


def test_a_body_the_schema_does_not_allow_is_400_with_each_field_named(as_):
    body = {"inspection_id": "x", "fieldwork_start": "not a date"}
    problems = refused(as_("lead").call("POST", "/api/v1/inspections", body), 400)["problems"]
    for name in ("framework", "unit", "fieldwork_start", "fieldwork_end"):
        assert any(p.startswith(f"{name}:") for p in problems), (name, problems)


def test_an_inspector_may_not_create_an_inspection(as_, team):
    body = {
        "inspection_id": "api-new-2027", "framework": "hmip-adult-pdu-2021",
        "unit": team.inspection.unit.slug, "fieldwork_start": "2027-03-01",
        "fieldwork_end": "2027-03-05",
    }  # fmt: skip
    refused(as_("inspector_a").call("POST", "/api/v1/inspections", body), 403)


def test_an_inspection_is_read_with_its_set_up_and_progress(as_):
    found = as_("inspector_b").call("GET", BASE).json()
    assert found["fieldwork_start"] == "2026-06-01"
    assert found["progress"] == {
        "total": 3,
        "by_state": {"not_started": 0, "in_progress": 0, "submitted": 3, "returned": 0,
                     "quality_assured": 0},
    }  # fmt: skip


def test_an_outsider_is_told_the_inspection_does_not_exist_and_nothing_of_it(as_):
    response = as_("outsider").call("GET", BASE)
    body = refused(response, 404)
    assert PDU not in response.content.decode()
    assert INSPECTION_ID not in body["detail"]
    assert (
        refused(as_("lead").call("GET", "/api/v1/inspections/no-such"), 404)["detail"]
        == (body["detail"])
    )


# --- The sample ----------------------------------------------------------------------------


@pytest.fixture
def fresh(as_, team):
    """A new inspection of the team's unit, led by the lead, with no cases yet."""
    body = {
        "inspection_id": "api-sample-2027", "framework": "hmip-adult-pdu-2021",
        "unit": team.inspection.unit.slug, "fieldwork_start": "2027-03-01",
        "fieldwork_end": "2027-03-05",
    }  # fmt: skip
    assert as_("lead").call("POST", "/api/v1/inspections", body).status_code == 200
    return "/api/v1/inspections/api-sample-2027"


def upload(api: Api, base: str, data: bytes, name: str = "eligible.csv") -> Any:
    return api.call("POST", f"{base}/eligible", files={"file": _named(data, name)})


def _named(data: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(data)
    f.name = name
    return f


def test_a_list_with_a_bad_row_is_refused_located_and_nothing_is_loaded(as_, fresh):
    lead = as_("lead")
    assert upload(lead, fresh, eligible_csv(6)).json() == {"count": 6}
    body = refused(upload(lead, fresh, eligible_csv(8, bad_row=3), "list.csv"), 400)
    assert any(
        p.startswith("list.csv: row 4, column case_type: 'custody' is not one of")
        for p in body["problems"]
    ), body
    assert lead.call("GET", f"{fresh}/eligible").json()["count"] == 6  # the old list stands


def test_a_workbook_of_eligible_cases_is_read_too(as_, fresh, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "eligible_cases"
    for line in eligible_csv(4).decode().splitlines():
        ws.append(line.split(","))
    wb.save(tmp_path / "list.xlsx")
    lead = as_("lead")
    assert upload(lead, fresh, (tmp_path / "list.xlsx").read_bytes(), "list.xlsx").json() == {
        "count": 4
    }
    listed = lead.call("GET", f"{fresh}/eligible").json()
    assert [c["case_id"] for c in listed["cases"]] == ["E001", "E002", "E003", "E004"]


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(as_, fresh):
    body = refused(upload(as_("lead"), fresh, b"hello", "list.txt"), 400)
    assert body["problems"] == ["list.txt: file: the list is a .csv file or an .xlsx workbook"]


def test_an_inspector_may_not_upload_the_list_and_the_file_is_not_read(as_, team):
    body = refused(upload(as_("inspector_a"), BASE, b"not,a,list\n"), 403)
    assert body["problems"] == []


def test_the_sample_is_drawn_then_added_to_and_dropped_from(as_, fresh):
    lead = as_("lead")
    upload(lead, fresh, eligible_csv(12))
    refused(lead.call("POST", f"{fresh}/sample/draw", {"size": 40, "seed": 1}), 400)
    drawn = lead.call("POST", f"{fresh}/sample/draw", {"size": 5, "seed": 7}).json()
    assert len(drawn["case_ids"]) == 5
    assert drawn["seed"] == 7
    again = lead.call("POST", f"{fresh}/sample/draw", {"size": 5, "seed": 7})
    assert "drawn already" in refused(again, 409)["detail"]
    spare = [f"E{i:03}" for i in range(1, 13) if f"E{i:03}" not in drawn["case_ids"]]
    added = lead.call("POST", f"{fresh}/sample/add", {"case_ids": spare[:2], "reason": "Fictional"})
    assert len(added.json()) == 7
    refused(lead.call("POST", f"{fresh}/sample/add", {"case_ids": spare[:1], "reason": " "}), 400)
    twice = lead.call("POST", f"{fresh}/sample/add", {"case_ids": spare[:1], "reason": "Again"})
    assert refused(twice, 400)["problems"] == [f"case {spare[0]}: already in the sample"]
    dropped = lead.call("POST", f"{fresh}/sample/drop", {"case_id": spare[0], "reason": "Moved"})
    assert dropped.status_code == 200
    cases = lead.call("GET", f"{fresh}/cases").json()
    assert len(cases) == 6
    assert spare[0] not in [c["case_id"] for c in cases]
    assert all(c["state"] == "not_started" and c["version"] >= 1 for c in cases)


def test_drawing_before_any_list_is_uploaded_is_409(as_, fresh):
    refused(as_("lead").call("POST", f"{fresh}/sample/draw", {"size": 2, "seed": 1}), 409)


def test_a_case_with_answers_cannot_be_dropped(as_):
    body = refused(as_("lead").call("POST", f"{BASE}/sample/drop",
                                    {"case_id": "T1", "reason": "Fictional"}), 409)  # fmt: skip
    assert "only a case not started" in body["detail"]


def test_an_inspector_lists_only_their_own_cases(as_):
    cases = as_("inspector_a").call("GET", f"{BASE}/cases").json()
    assert [(c["case_id"], c["assessor"]) for c in cases] == [
        ("T1", "inspector_a"),
        ("T3", "inspector_a"),
    ]
    assert len(as_("lead").call("GET", f"{BASE}/cases").json()) == 3


# --- The team ------------------------------------------------------------------------------


def test_the_lead_adds_changes_and_removes_members(as_, team):
    lead = as_("lead")
    team_now = lead.call("GET", f"{BASE}/members").json()
    assert {(m["username"], m["part"]) for m in team_now} == {
        ("lead", "lead"),
        ("inspector_a", "inspector"),
        ("inspector_b", "inspector"),
    }
    refused(
        lead.call("POST", f"{BASE}/members", {"username": "outsider", "part": "inspector"}), 400
    )  # fmt: skip  (not an inspector by role)
    unknown = lead.call("POST", f"{BASE}/members", {"username": "nobody", "part": "inspector"})
    assert refused(unknown, 400)["problems"] == ["username: no active user 'nobody'"]
    added = lead.call("POST", f"{BASE}/members", {"username": "viewer", "part": "viewer"})
    assert ("viewer", "viewer") in {(m["username"], m["part"]) for m in added.json()}
    removed = lead.call("DELETE", f"{BASE}/members/viewer")
    assert "viewer" not in [m["username"] for m in removed.json()]
    refused(lead.call("DELETE", f"{BASE}/members/lead"), 409)  # the last lead stays


def test_an_inspector_may_read_the_team_but_not_change_it(as_):
    inspector = as_("inspector_a")
    assert inspector.call("GET", f"{BASE}/members").status_code == 200
    body = refused(inspector.call("POST", f"{BASE}/members",
                                  {"username": "nobody", "part": "viewer"}), 403)  # fmt: skip
    assert "nobody" not in json.dumps(body)  # refused before the name is looked up


def test_cases_are_assigned_at_their_version_all_or_none(as_):
    lead = as_("lead")
    plan = {"assignments": [
        {"case_id": "T1", "version": version("T1"), "username": "inspector_b"},
        {"case_id": "T2", "version": version("T2") + 5, "username": "inspector_a"},
    ]}  # fmt: skip
    body = refused(lead.call("POST", f"{BASE}/assignments", plan), 409)
    assert body["version"] == version("T2")
    assert Case.objects.get(case_id="T1").assessor.username == "inspector_a"  # none assigned
    plan["assignments"][1]["version"] = version("T2")
    done = lead.call("POST", f"{BASE}/assignments", plan).json()
    assert [(c["case_id"], c["assessor"]) for c in done] == [
        ("T1", "inspector_b"),
        ("T2", "inspector_a"),
    ]
    wrong = {"assignments": [{"case_id": "T3", "version": version("T3"), "username": "viewer"}]}
    refused(lead.call("POST", f"{BASE}/assignments", wrong), 400)  # not an inspector of it


def test_the_unassigned_cases_are_shared_among_the_inspectors(as_):
    Case.objects.filter(inspection__inspection_id=INSPECTION_ID).update(assessor=None)
    done = as_("lead").call("POST", f"{BASE}/assignments/share",
                            {"usernames": ["inspector_a", "inspector_b"]}).json()  # fmt: skip
    assert [c["assessor"] for c in done] == ["inspector_a", "inspector_b", "inspector_a"]
    refused(as_("lead").call("POST", f"{BASE}/assignments/share", {"usernames": []}), 400)
    refused(as_("inspector_a").call("POST", f"{BASE}/assignments/share",
                                    {"usernames": ["inspector_a"]}), 403)  # fmt: skip


# --- A case --------------------------------------------------------------------------------


def test_a_case_is_read_with_its_answers_and_the_questions_it_is_asked(as_):
    case = as_("inspector_a").call("GET", f"{BASE}/cases/T1").json()
    assert case["state"] == "submitted"
    assert case["assessor"] == "inspector_a"
    asked = [q for q in case["questions"] if q["asked"]]
    assert asked
    assert all(set(q["allowed"]) <= {"yes", "no", "na"} for q in asked)
    stored = Answer.objects.filter(case__case_id="T1").count()
    assert len(case["answers"]) == stored
    refused(as_("inspector_b").call("GET", f"{BASE}/cases/T1"), 403)
    refused(as_("lead").call("GET", f"{BASE}/cases/T9"), 404)


def _a_question(api: Api, case_id: str) -> str:
    case = api.call("GET", f"{BASE}/cases/{case_id}").json()
    return next(q["id"] for q in case["questions"] if q["key_question"] and "no" in q["allowed"])


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_answers_are_saved_with_the_version_and_a_stale_save_is_409(as_, method):
    set_state("T1", "in_progress")
    api = as_("inspector_a")
    qid = _a_question(api, "T1")
    at = version("T1")
    saved = api.call(
        method,
        f"{BASE}/cases/T1/answers",
        {"version": at, "answers": {qid: "no"}, "notes": {qid: "Fictional note"}},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"][qid] == {"answer": "no", "note": "Fictional note"}
    assert saved.json()["version"] == at + 1
    stale = api.call(method, f"{BASE}/cases/T1/answers", {"version": at, "answers": {qid: "yes"}})
    body = refused(stale, 409)
    assert body["version"] == at + 1
    assert body["changed_by"] == "Inspector A"
    assert body["changed_at"]
    assert "Inspector A" in body["detail"]
    assert Answer.objects.get(case__case_id="T1", question_id=qid).answer == "no"


def test_bad_answers_are_refused_every_one_and_nothing_is_saved(as_):
    set_state("T1", "in_progress")
    api = as_("inspector_a")
    qid = _a_question(api, "T1")
    before = Answer.objects.get(case__case_id="T1", question_id=qid).answer
    body = refused(api.call("PATCH", f"{BASE}/cases/T1/answers", {
        "version": version("T1"), "answers": {qid: "na" if before != "na" else "no",
                                              "no-such-question": "yes"},
    }), 400)  # fmt: skip
    assert any(p.startswith("no-such-question: not a question") for p in body["problems"])
    assert Answer.objects.get(case__case_id="T1", question_id=qid).answer == before
    refused(api.call("PATCH", f"{BASE}/cases/T1/answers",
                     {"version": version("T1"), "answers": {qid: "maybe"}}), 400)  # fmt: skip


def test_another_inspectors_case_cannot_be_saved(as_):
    api = as_("inspector_b")
    refused(api.call("PATCH", f"{BASE}/cases/T1/answers", {"version": version("T1")}), 403)


def test_a_case_is_submitted_returned_with_a_reason_and_quality_assured(as_):
    set_state("T1", "in_progress")
    inspector, lead = as_("inspector_a"), as_("lead")
    done = inspector.call("POST", f"{BASE}/cases/T1/submit", {"version": version("T1")})
    assert done.json()["state"] == "submitted"
    refused(inspector.call("POST", f"{BASE}/cases/T1/submit", {"version": version("T1")}), 409)
    refused(lead.call("POST", f"{BASE}/cases/T1/return", {"version": version("T1"),
                                                          "reason": ""}), 400)  # fmt: skip
    refused(inspector.call("POST", f"{BASE}/cases/T1/return",
                           {"version": version("T1"), "reason": "Why"}), 403)  # fmt: skip
    back = lead.call("POST", f"{BASE}/cases/T1/return",
                     {"version": version("T1"), "reason": "Fictional: say more"})  # fmt: skip
    assert back.json()["state"] == "returned"
    refused(lead.call("POST", f"{BASE}/quality-assurance", {"cases": {"T1": version("T1")}}), 409)
    refused(lead.call("POST", f"{BASE}/quality-assurance", {"cases": {"T2": 99}}), 409)
    refused(lead.call("POST", f"{BASE}/quality-assurance", {"cases": {}}), 400)
    qa = lead.call("POST", f"{BASE}/quality-assurance",
                   {"cases": {"T2": version("T2"), "T3": version("T3")}})  # fmt: skip
    assert [c["state"] for c in qa.json()] == ["quality_assured", "quality_assured"]


def test_a_case_with_a_key_question_unanswered_is_not_submitted(as_):
    set_state("T1", "in_progress")
    api = as_("inspector_a")
    qid = _a_question(api, "T1")
    Answer.objects.filter(case__case_id="T1", question_id=qid).delete()
    body = refused(api.call("POST", f"{BASE}/cases/T1/submit", {"version": version("T1")}), 400)
    assert body["problems"] == [f"key question {qid}: not answered"]


# --- Judgements, ratings, publication, export ----------------------------------------------


def test_judgements_are_read_and_recorded_at_their_version(as_):
    lead = as_("lead")
    found = lead.call("GET", f"{BASE}/judgements").json()
    one = next(j for j in found["judgements"] if j["standard_id"] == "1.1")
    assert one["rating"] == "good"
    assert one["version"] >= 1
    body = {"rating": "requires_improvement", "evidence": "Fictional", "version": one["version"]}
    done = lead.call("PUT", f"{BASE}/judgements/1.1", body)
    assert done.json()["rating"] == "requires_improvement"
    stale = refused(lead.call("PUT", f"{BASE}/judgements/1.1", body), 409)
    assert stale["version"] == done.json()["version"]
    bad = {"rating": "splendid", "version": done.json()["version"]}
    assert refused(lead.call("PUT", f"{BASE}/judgements/1.1", bad), 400)["problems"][0].startswith(
        "rating: 'splendid' is not one of"
    )
    refused(lead.call("PUT", f"{BASE}/judgements/2.1", {**bad, "rating": "good"}), 400)
    refused(as_("inspector_a").call("GET", f"{BASE}/judgements"), 403)
    refused(as_("inspector_a").call("PUT", f"{BASE}/judgements/1.1", body), 403)


def test_the_ratings_are_the_json_probity_rate_prints(as_, team):
    from probity.pipeline import inspect_bundle
    from probity.rating.document import ratings_document
    from probity.web.inspections.store import DjangoStore

    store = DjangoStore()
    expected = ratings_document(
        inspect_bundle(store.bundle(INSPECTION_ID), store.framework_of(INSPECTION_ID)).page
    )
    assert as_("quality_lead").call("GET", f"{BASE}/ratings").json() == json.loads(
        json.dumps(expected)
    )
    refused(as_("inspector_a").call("GET", f"{BASE}/ratings"), 403)


def test_each_key_question_of_the_ratings_carries_its_95_percent_wilson_interval(as_, team):
    from statsmodels.stats.proportion import (  # type: ignore[import-untyped]  # untyped
        proportion_confint,
    )

    # One "No" among the three cases 2.2.1 applies to: 2 of 3.
    Answer.objects.filter(
        case__inspection=team.inspection, case__case_id="T2", question_id="2.2.1"
    ).update(answer="no")
    ratings = as_("quality_lead").call("GET", f"{BASE}/ratings").json()
    details = {d["id"]: d for d in ratings["details"]}
    figure = next(k for k in details["2.2"]["key_questions"] if k["id"] == "2.2.1")
    low, high = proportion_confint(2, 3, alpha=0.05, method="wilson")
    assert (figure["yes"], figure["applicable"]) == (2, 3)
    assert figure["interval"] == [round(100 * low, 1), round(100 * high, 1)] == [20.8, 93.9]
    schema = as_("quality_lead").call("GET", "/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/inspections/{inspection_id}/ratings"]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Ratings"}
    interval = schema["components"]["schemas"]["KeyQuestionFigure"]["properties"]["interval"]
    assert "95% Wilson score interval" in interval["description"]
    assert "null when no case applies" in interval["description"]


def test_the_inspection_is_published_then_nothing_can_be_changed(as_, team):
    ready_to_publish(team)
    lead = as_("lead")
    refused(as_("inspector_a").call("POST", f"{BASE}/publish"), 403)
    assert lead.call("POST", f"{BASE}/publish").json() == {
        "inspection_id": INSPECTION_ID,
        "published": True,
    }
    assert Inspection.objects.get().is_published
    body = refused(lead.call("POST", f"{BASE}/quality-assurance", {"cases": {"T1": 1}}), 403)
    assert "published" in body["detail"]
    refused(lead.call("POST", f"{BASE}/publish"), 403)


def test_an_inspection_that_cannot_be_fully_rated_is_not_published(as_, team):
    Judgement.objects.filter(inspection=team.inspection).delete()
    body = refused(as_("lead").call("POST", f"{BASE}/publish"), 409)
    assert "fully rated" in body["detail"]


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv"])
def test_the_export_is_the_bundle_in_the_format_asked_and_is_recorded(as_, fmt):
    response = as_("lead").call("GET", f"{BASE}/export?format={fmt}")
    assert response.status_code == 200
    assert f'filename="{INSPECTION_ID}.' in response["Content-Disposition"]
    if fmt == "json":
        assert {"T1", "T2", "T3"} == {c["case_id"] for c in response.json()["tables"]["cases"]}
    elif fmt == "xlsx":
        assert "cases" in load_workbook(io.BytesIO(response.content)).sheetnames
    else:
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert f"{INSPECTION_ID}/cases.csv" in names
    assert ExportRecord.objects.filter(format=fmt).count() == 1


def test_an_export_in_another_format_or_by_an_inspector_is_refused(as_):
    refused(as_("lead").call("GET", f"{BASE}/export?format=pdf"), 400)
    refused(as_("inspector_a").call("GET", f"{BASE}/export"), 403)
    assert ExportRecord.objects.count() == 0


def test_the_eligible_model_is_untouched_by_a_refused_upload(as_, fresh):
    refused(upload(as_("lead"), fresh, eligible_csv(3, bad_row=1)), 400)
    assert EligibleCase.objects.count() == 0


# --- The schema, its reference page and its document ---------------------------------------


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m.upper(), p, op) for p, item in schema["paths"].items() for m, op in item.items()]


def test_every_operation_of_the_schema_is_described_tagged_secured_and_says_its_refusals(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"}
    }
    error = {"$ref": "#/components/schemas/Error"}
    for method, path, op in _operations(schema):
        where = f"{method} {path}"
        assert op["summary"], where
        assert op["description"], where
        assert op["tags"], where
        assert op["security"] == [{"BearerToken": []}], where
        assert op["responses"]["401"]["content"]["application/json"]["schema"] == error, where
        if "{inspection_id}" in path:
            assert "404" in op["responses"], where


def test_the_reference_page_shows_every_operation_of_the_schema(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    schema = client.get("/api/v1/openapi.json").json()
    for method, path, op in _operations(schema):
        assert f'>{method}</strong> <code class="probity-wrap-anywhere">{path}</code>' in page
        assert op["summary"].replace("'", "&#x27;") in page
    assert page.count("<h1") == 1
    assert "<script>" not in page  # nothing inline: the CSP allows none
    assert " style=" not in page


def test_docs_api_md_lists_every_operation_of_the_schema(client):
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    schema = client.get("/api/v1/openapi.json").json()
    for method, path, op in _operations(schema):
        row = f"| `{method} {path.removeprefix('/api/v1')}` | {op['summary']} |"
        assert row in text, row


def test_code_in_a_description_is_shown_as_code_and_escaped():
    from probity.web.api.reference import spans

    assert spans("send `version` <b>") == (("send ", False), ("version", True), (" <b>", False))
