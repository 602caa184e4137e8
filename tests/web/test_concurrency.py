"""Two people editing one case: the second save of the same version is refused, nothing of
either person's work is lost, and a deliberate re-save works."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from probity.framework import load_framework
from probity.web.inspections import casework
from probity.web.inspections.models import Answer, Case

from .test_assessment import answer, opened, page, read_form, text

pytestmark = pytest.mark.pages

URL = page("T1", "2.2")
CONFLICT = re.compile(
    r"Case T1 was changed by (?P<who>[\w ]+) at \d\d:\d\d on \d{1,2} [A-Z][a-z]+ \d{4} after "
    r"you opened it\. Your answers below are not saved: check them against the current "
    r"answers and save again\."
)


@pytest.fixture
def two(team) -> tuple[Client, Client]:
    """The case's inspector and the lead, each in their own browser."""
    inspector, lead = Client(), Client()
    inspector.force_login(team.inspector_a)
    lead.force_login(team.lead)
    return inspector, lead


def test_the_second_save_of_the_same_version_is_refused_and_loses_nothing(two):
    inspector, lead = two
    first = opened(inspector, "T1", "2.2")
    second = opened(lead, "T1", "2.2")
    assert first["version"] == second["version"] == "1"

    saved = inspector.post(URL, first | {"answer-2.2.1": "no", "action": "draft"})
    assert saved.status_code == 302
    refused = lead.post(
        URL,
        second | {"answer-2.2.2": "no", "note-2.2.2": "Fictional lead note.", "action": "draft"},
    )

    assert refused.status_code == 409
    found = CONFLICT.search(text(refused))
    assert found is not None, text(refused)
    assert found["who"] == "Inspector A"
    # The lead's own choices are still on the page, with the case's new version.
    again = read_form(refused.content).data
    assert (again["answer-2.2.1"], again["answer-2.2.2"]) == ("yes", "no")
    assert again["note-2.2.2"] == "Fictional lead note."
    assert again["version"] == "2"
    # The database holds the first save only.
    assert answer("T1", "2.2.1").answer == "no"
    assert answer("T1", "2.2.2").answer == "yes"
    assert answer("T1", "2.2.2").note is None
    assert Case.objects.get(case_id="T1").version == 2


def test_a_deliberate_resave_with_the_new_version_works(two, team):
    inspector, lead = two
    second = opened(lead, "T1", "2.2")
    inspector.post(URL, opened(inspector, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"})
    refused = lead.post(URL, second | {"answer-2.2.2": "no", "action": "draft"})
    assert refused.status_code == 409

    resaved = lead.post(URL, read_form(refused.content).data | {"action": "draft"})
    assert resaved.status_code == 302
    assert answer("T1", "2.2.2").answer == "no"
    assert answer("T1", "2.2.1").answer == "yes"  # the lead chose to keep their own answer
    t1 = Case.objects.get(case_id="T1")
    assert (t1.version, t1.updated_by) == (3, team.lead)


def test_the_refused_page_shows_the_saved_answer_beside_each_that_differs(two):
    inspector, lead = two
    second = opened(lead, "T1", "2.2")
    inspector.post(URL, opened(inspector, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"})
    html = text(lead.post(URL, second | {"action": "draft"}))
    assert '<div id="answer-2.2.1-hint" class="govuk-hint">Saved answer now: No.</div>' in html
    assert "answer-2.2.2-hint" not in html  # the same on both sides


def test_a_workflow_step_after_the_page_was_opened_also_refuses_the_save(two, team):
    inspector, lead = two
    data = opened(inspector, "T1", "2.2")
    lead.post("/inspections/test-pdu-2026/cases/T1/assign/", {"assessor": team.inspector_a.pk})
    refused = inspector.post(URL, data | {"answer-2.2.1": "no", "action": "draft"})
    assert refused.status_code == 409
    found = CONFLICT.search(text(refused))
    assert found is not None
    assert found["who"] == "Lead"
    assert answer("T1", "2.2.1").answer == "yes"


def test_the_same_person_in_two_tabs_is_warned_too(two):
    inspector, _ = two
    tab_one = opened(inspector, "T1", "2.2")
    tab_two = opened(inspector, "T1", "2.2")
    assert inspector.post(URL, tab_one | {"action": "draft"}).status_code == 302
    assert inspector.post(URL, tab_two | {"action": "draft"}).status_code == 409


def test_saving_with_a_stale_version_raises_and_writes_nothing(team):
    fw = load_framework("hmip-adult-pdu-2021")
    t1 = Case.objects.get(case_id="T1")
    standard = fw.standard("2.2")
    casework.save_answers(
        fw, t1, standard, user=team.inspector_a, version=1, answers={"2.2.1": "no"}, notes={}
    )
    stale = Case.objects.get(case_id="T1")
    records = Answer.history.count()
    with pytest.raises(casework.StaleCaseError) as refused:
        casework.save_answers(
            fw, stale, standard, user=team.lead, version=1, answers={"2.2.1": "yes"}, notes={}
        )
    assert refused.value.case.updated_by == team.inspector_a
    assert answer("T1", "2.2.1").answer == "no"
    assert Answer.history.count() == records
    assert Case.objects.get(case_id="T1").version == 2


def test_a_save_takes_a_fixed_number_of_queries_however_many_answers_change(two):
    inspector, _ = two

    def queries(changes: dict[str, str]) -> int:
        data = opened(inspector, "T1", "2.3") | changes | {"action": "draft"}
        with CaptureQueriesContext(connection) as captured:
            assert inspector.post(page("T1", "2.3"), data).status_code == 302
        return len(captured)

    queries({"answer-2.3.2": "no"})  # the first change puts the case in progress, recorded once
    one = queries({"answer-2.3.1": "no"})
    many = queries({f"answer-2.3.{k}": "yes" for k in (1, 2, 3)} | {"answer-2.3.1.a": "no"})
    assert many == one
    assert one <= 16
