"""An inspector's home in an inspection: their cases grouped by where each stands, returned
ones first with the reason, each with its progress and a link to carry on; and where an
inspector opening the inspection lands."""

from __future__ import annotations

import re

import pytest

from probity.web.inspections import casework
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.models import Answer, Case, CaseStatus
from probity.web.inspections.store import DjangoStore
from probity.workflow import services

pytestmark = pytest.mark.pages

I = "/inspections/test-pdu-2026"  # noqa: E741
REASON = "Fictional: 2.2.1 needs the evidence its notes promise."


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def returned_by_lead(team, case_id: str = "T1") -> None:
    store = DjangoStore()
    version = Case.objects.get(case_id=case_id).version
    services.return_case(
        store, store.actor(team.lead.pk), "test-pdu-2026", case_id, version, REASON
    )


def standards_of(team, case_id: str) -> int:
    case = Case.objects.get(case_id=case_id)
    return len(casework.assessed_standards(framework_of(team.inspection), case))


def test_an_inspector_sees_only_their_own_cases_grouped_by_status(signed_in, team):
    Case.objects.filter(case_id="T3").update(status=CaseStatus.NOT_STARTED)
    Answer.objects.filter(case__case_id="T3").delete()
    response = signed_in("inspector_a").get(f"{I}/your-cases/")
    assert response.status_code == 200
    html = text(response)
    assert '<h1 class="govuk-heading-l">Your cases</h1>' in html
    assert "2 cases are assigned to you" in html
    assert html.index("To do (1)") < html.index("Submitted (1)")
    todo = html[html.index("To do (1)") : html.index("Submitted (1)")]
    assert ">T3</a>" in todo
    assert f"0 of {standards_of(team, 'T3')} standards done" in todo
    first = casework.assessed_standards(
        framework_of(team.inspection), Case.objects.get(case_id="T3")
    )[0]
    assert f'href="{I}/cases/T3/standards/{first.id}/">Continue with {first.id} ' in todo
    submitted = html[html.index("Submitted (1)") :]
    assert ">T1</a>" in submitted
    assert f"{standards_of(team, 'T1')} of {standards_of(team, 'T1')} standards done" in submitted
    assert ">T2</a>" not in html  # inspector_b's


def test_the_link_to_carry_on_goes_to_the_first_standard_with_a_key_question_to_answer(
    signed_in, team
):
    Answer.objects.filter(case__case_id="T1", question_id="2.2.1").delete()
    Case.objects.filter(case_id="T1").update(status=CaseStatus.IN_PROGRESS)
    html = text(signed_in("inspector_a").get(f"{I}/your-cases/"))
    assert "In progress (1)" in html
    link = f'href="{I}/cases/T1/standards/2.2/">Continue with 2.2 Assessment'
    assert link in html
    n = standards_of(team, "T1")
    assert f"{n - 1} of {n} standards done" in html


def test_a_case_in_progress_with_every_key_question_answered_goes_to_check_and_submit(
    signed_in,
):
    Case.objects.filter(case_id="T1").update(status=CaseStatus.IN_PROGRESS)
    html = text(signed_in("inspector_a").get(f"{I}/your-cases/"))
    assert f'href="{I}/cases/T1/check/">Check and submit' in html


def test_a_returned_case_comes_first_with_the_reason_who_returned_it_and_when(signed_in, team):
    returned_by_lead(team)
    html = text(signed_in("inspector_a").get(f"{I}/your-cases/"))
    assert "govuk-notification-banner" in html
    assert "1 case has been returned to you." in html
    assert html.index("Returned to you (1)") < html.index("Submitted (1)")
    card = html[html.index('id="returned-T1"') :]
    assert REASON in card
    assert "Returned by</dt>" in card
    assert "Lead," in card


def test_the_returned_case_leaves_the_banner_once_submitted_again(signed_in, team):
    returned_by_lead(team)
    client = signed_in("inspector_a")
    version = Case.objects.get(case_id="T1").version
    assert client.post(f"{I}/cases/T1/submit/", {"version": version}).status_code == 302
    html = text(client.get(f"{I}/your-cases/"))
    assert "returned to you" not in html
    assert REASON not in html


@pytest.mark.parametrize("name", ["inspector_a", "inspector_b"])
def test_an_inspector_opening_the_inspection_lands_on_their_cases(signed_in, name):
    response = signed_in(name).get(f"{I}/")
    assert response.status_code == 200
    html = text(response)
    assert "Your cases</h1>" in html
    assert "Ratings as they stand" not in html
    assert f'href="{I}/cases/">Cases</a>' in html


@pytest.mark.parametrize("name", ["lead", "quality_lead", "admin"])
def test_the_lead_and_moderators_still_land_on_the_dashboard(signed_in, name):
    html = text(signed_in(name).get(f"{I}/"))
    assert "Ratings as they stand" in html
    assert "Your cases</h1>" not in html


def test_someone_with_no_case_assigned_is_told_so(signed_in):
    html = text(signed_in("lead").get(f"{I}/your-cases/"))
    assert "No cases are assigned to you in this inspection yet." in html


@pytest.mark.parametrize("name", ["outsider", "viewer", "analyst"])
def test_those_with_no_part_in_the_inspection_are_told_it_does_not_exist(signed_in, name):
    assert signed_in(name).get(f"{I}/your-cases/").status_code == 404
