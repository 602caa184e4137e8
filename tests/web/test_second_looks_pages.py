"""The second-look pages: the lead marks a case for a blind second assessment, the inspector
named answers it on a form without the first answers, the discrepancy is resolved on its page
(the dashboard's figure follows the resolved answer, and publication waits for it), a quality
lead dip-samples a case, and the agreement page shows the statistics."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from probity.framework import load_framework
from probity.framework.applicability import question_rules
from probity.web.inspections.audit import AuditEvent
from probity.web.inspections.models import Answer, Case, Inspection, SecondAnswer, SecondLookRequest
from tests.web.team import INSPECTION_ID, ready_to_publish
from tests.web.test_dashboard import key_question_cells

pytestmark = pytest.mark.pages

I = {"inspection_id": INSPECTION_ID}  # noqa: E741 (the kwargs of most routes)
FW = load_framework("hmip-adult-pdu-2021")


def _asked(case_id: str) -> list[str]:
    """The key questions asked on the case, as the framework decides from its attributes."""
    case = Case.objects.get(inspection__inspection_id=INSPECTION_ID, case_id=case_id)
    rules = question_rules(FW, case.attributes)
    return [kq.id for kq in FW.key_questions if rules[kq.id].asked]


def _mark_t1_for_b(signed_in, team):
    return signed_in("lead").post(
        reverse("second-looks", kwargs=I), {"case": ["T1"], "inspector": str(team.inspector_b.pk)}
    )


def _blind_t1(signed_in, team, differ: str = "2.2.1"):
    """Inspector B's blind answers on T1: "yes" as every first answer, but ``differ`` "no"."""
    _mark_t1_for_b(signed_in, team)
    data = {f"q-{q}": "no" if q == differ else "yes" for q in _asked("T1")}
    return signed_in("inspector_b").post(
        reverse("case-second-look", kwargs={**I, "case_id": "T1"}), data
    )


def test_the_lead_marks_a_case_and_the_inspector_named_sees_it_on_their_cases(signed_in, team):
    response = _mark_t1_for_b(signed_in, team)
    assert response.status_code == 302
    [kept] = SecondLookRequest.objects.all()
    assert (kept.case.case_id, kept.inspector, kept.requested_by, kept.done_at) == (
        "T1", team.inspector_b, team.lead, None
    )  # fmt: skip
    event = AuditEvent.objects.get(kind="case")
    assert (event.subject, event.new, event.by) == (
        "Case T1, blind second assessment", "asked of Inspector B", team.lead
    )  # fmt: skip
    html = signed_in("inspector_b").get(reverse("your-cases", kwargs=I)).content.decode()
    assert "Second assessments asked of you (1)" in html
    assert reverse("case-second-look", kwargs={**I, "case_id": "T1"}) in html


def test_marking_without_a_case_or_an_inspector_names_both_problems(signed_in, team):
    response = signed_in("lead").post(reverse("second-looks", kwargs=I), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select the cases to assess a second time" in html
    assert "Select the inspector to assess them a second time" in html


def test_the_cases_own_inspector_cannot_be_named_and_an_inspector_cannot_mark(signed_in, team):
    response = signed_in("lead").post(
        reverse("second-looks", kwargs=I), {"case": ["T1"], "inspector": str(team.inspector_a.pk)}
    )
    assert response.status_code == 400
    assert "Case T1: Inspector A assessed it first" in response.content.decode()
    refused = signed_in("inspector_a").post(
        reverse("second-looks", kwargs=I), {"case": ["T1"], "inspector": str(team.inspector_b.pk)}
    )
    assert refused.status_code == 403
    assert not SecondLookRequest.objects.exists()


def test_the_blind_form_holds_no_first_answer_and_the_case_stays_closed_to_them(signed_in, team):
    _mark_t1_for_b(signed_in, team)
    client = signed_in("inspector_b")
    response = client.get(reverse("case-second-look", kwargs={**I, "case_id": "T1"}))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<form method="post" novalidate>')
    form = html[start : html.index("</form>", start)]
    assert " checked" not in form  # nothing chosen: every first answer is "yes"
    assert "Inspector A" not in html  # not even who answered first
    assert set(re.findall(r'name="q-([0-9.]+)"', form)) == set(_asked("T1"))
    assert client.get(reverse("case", kwargs={**I, "case_id": "T1"})).status_code == 403
    assert client.get(reverse("case-review", kwargs={**I, "case_id": "T1"})).status_code == 403
    # Were the case theirs as well, its answers would stay hidden while their look is open.
    Case.objects.filter(inspection=team.inspection, case_id="T1").update(assessor=team.inspector_b)
    hidden = client.get(reverse("case", kwargs={**I, "case_id": "T1"}))
    assert hidden.status_code == 403
    assert "blind second look" in hidden.content.decode()


def test_blind_answers_left_out_are_refused_with_each_question_named(signed_in, team):
    _mark_t1_for_b(signed_in, team)
    response = signed_in("inspector_b").post(
        reverse("case-second-look", kwargs={**I, "case_id": "T1"}), {"q-2.2.1": "no"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#q-2.2.2">2.2.2: choose an answer</a>' in html
    assert not SecondAnswer.objects.exists()


def test_the_discrepancy_is_shown_resolved_and_the_dashboard_counts_the_resolved_answer(
    signed_in, team
):
    assert _blind_t1(signed_in, team).status_code == 302
    assert SecondLookRequest.objects.get().done_at is not None
    lead = signed_in("lead")
    html = lead.get(reverse("discrepancies", kwargs=I)).content.decode()
    assert "Case T1</caption>" in html
    row = html[html.index(">2.2.1</th>") : html.index("</tr>", html.index(">2.2.1</th>"))]
    assert "Yes (Inspector A)" in row
    assert "No (Inspector B)" in row
    assert "Blind second assessment" in row
    assert ">1 unresolved.<" in html
    dashboard = lead.get(reverse("dashboard", kwargs=I)).content.decode()
    assert key_question_cells(dashboard, "2.2.1") == ("100%", "3 of 3")  # the first in force
    resolved = lead.post(
        reverse("discrepancies", kwargs=I), {"case": "T1", "question": "2.2.1", "resolved": "no"}
    )
    assert resolved.status_code == 302
    dashboard = lead.get(reverse("dashboard", kwargs=I)).content.decode()
    assert key_question_cells(dashboard, "2.2.1") == ("67%", "2 of 3")  # 2/3, rounded
    kept = SecondAnswer.objects.get(question_id="2.2.1")
    assert (kept.answer, kept.resolved, kept.resolved_by) == ("no", "no", team.lead)
    first = Answer.objects.get(case__inspection=team.inspection, case__case_id="T1",
                               question_id="2.2.1")  # fmt: skip
    assert first.answer == "yes"  # kept as it was


def test_publication_is_refused_while_a_discrepancy_is_unresolved_then_allowed(signed_in, team):
    _blind_t1(signed_in, team)
    ready_to_publish(team)
    lead = signed_in("lead")
    refused = lead.post(reverse("publish", kwargs=I))
    assert refused.status_code in (400, 409)
    assert "1 discrepancy between first and second answers is not resolved (case T1: 2.2.1)" in (
        refused.content.decode()
    )
    assert not Inspection.objects.get(pk=team.inspection.pk).is_published
    lead.post(
        reverse("discrepancies", kwargs=I), {"case": "T1", "question": "2.2.1", "resolved": "yes"}
    )
    assert lead.post(reverse("publish", kwargs=I)).status_code == 302
    assert Inspection.objects.get(pk=team.inspection.pk).is_published


def test_an_inspector_cannot_resolve_a_discrepancy(signed_in, team):
    _blind_t1(signed_in, team)
    response = signed_in("inspector_a").post(
        reverse("discrepancies", kwargs=I), {"case": "T1", "question": "2.2.1", "resolved": "yes"}
    )
    assert response.status_code == 403
    assert SecondAnswer.objects.get(question_id="2.2.1").resolved is None


def test_a_quality_lead_dip_samples_a_case_a_disagreement_needs_its_reason(signed_in, team):
    client = signed_in("quality_lead")
    url = reverse("case-dip-sample", kwargs={**I, "case_id": "T2"})
    page = client.get(url).content.decode()
    assert "The inspector answered: Yes" in page
    data = {f"q-{q}": "agree" for q in _asked("T2")}
    data |= {"q-2.2.3": "disagree", "answer-2.2.3": "no", "reason-2.2.3": ""}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "2.2.3: reason: say why you disagree on 2.2.3" in refused.content.decode()
    data["reason-2.2.3"] = "The review of the plan is not recorded."
    assert client.post(url, data).status_code == 302
    kept = SecondAnswer.objects.get(question_id="2.2.3")
    assert (kept.answer, kept.mode, kept.reason, kept.inspector) == (
        "no", "review", "The review of the plan is not recorded.", "Quality Lead"
    )  # fmt: skip
    assert SecondAnswer.objects.filter(answer="yes", mode="review").count() == len(_asked("T2")) - 1
    html = signed_in("lead").get(reverse("discrepancies", kwargs=I)).content.decode()
    assert "Dip-sample review" in html
    assert "The review of the plan is not recorded." in html


def test_the_agreement_page_shows_each_key_question_and_the_pair_of_inspectors(signed_in, team):
    _blind_t1(signed_in, team)
    html = signed_in("quality_lead").get(reverse("agreement", kwargs=I)).content.decode()
    assert "Per key question" in html
    assert "Inspector A / Inspector B" in html
    row = html[html.index(">2.2.1</th>") : html.index("</tr>", html.index(">2.2.1</th>"))]
    # One pair, disagreeing: observed agreement 0, and no interval from a single pair.
    assert ">0.00<" in row
    assert "–" in row
    assert signed_in("inspector_b").get(reverse("agreement", kwargs=I)).status_code == 403
