"""The case list, a case's overview, its workflow (submit, assign, quality-assure, return)
and its history, with who may see and do each."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from probity.framework import load_framework
from probity.web.inspections.models import Answer, Case, CaseEvent, CaseStatus, Inspection
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.errors import PublishedError, StaleError

from .test_assessment import opened, page, text

pytestmark = pytest.mark.pages

BASE = "/inspections/test-pdu-2026/cases"


def listed(response) -> list[str]:
    """The case ids in the list's table, in order."""
    return re.findall(
        r'<th scope="row" class="govuk-table__header"><a [^>]*>(T\d)</a>', text(response)
    )


def status(case_id: str) -> str:
    return Case.objects.get(case_id=case_id).status


def answer_of(case_id: str, question_id: str) -> str:
    return Answer.objects.get(case__case_id=case_id, question_id=question_id).answer


def set_status(case_id: str, value: str) -> None:
    Case.objects.filter(case_id=case_id).update(status=value)


def workflow_forms(client, case_id: str) -> dict[str, dict[str, str]]:
    """The overview's workflow forms, by step ("submit", "assign", …), each with the hidden
    values a browser would send from it."""
    html = text(client.get(f"{BASE}/{case_id}/"))
    forms = re.findall(
        rf'<form method="post" action="{BASE}/{case_id}/([\w-]+)/">(.*?)</form>', html
    )
    hidden = r'<input type="hidden" name="(\w+)" value="([^"]*)">'
    return {
        step: {k: v for k, v in re.findall(hidden, body) if k != "csrfmiddlewaretoken"}
        for step, body in forms
    }


def shown(case_id: str) -> dict[str, str]:
    """What a workflow form of the case's overview, opened now, posts."""
    return {"version": str(Case.objects.get(case_id=case_id).version)}


REASON = "Fictional: 2.2.1 is answered without the evidence the notes promise."


def change_an_answer(client, case_id: str = "T1", value: str = "no") -> None:
    """Change 2.2.1 on the case through its assessment page (the case is then in progress)."""
    data = opened(client, case_id, "2.2") | {"answer-2.2.1": value, "action": "draft"}
    assert client.post(page(case_id, "2.2"), data).status_code == 302


CHANGED = re.compile(
    r"Case T1 was changed by (?P<who>[\w ]+) at \d\d:\d\d on \d{1,2} [A-Z][a-z]+ \d{4} after you "
    r"opened it: it has not been (?P<step>[\w ]+)\. Check the case as it is now, then try again\."
)


# The list


def test_a_lead_sees_every_case_of_the_inspection(signed_in):
    response = signed_in("lead").get(f"{BASE}/")
    assert response.status_code == 200
    assert listed(response) == ["T1", "T2", "T3"]
    assert "3 of 3 cases" in text(response)


def test_an_inspector_sees_only_the_cases_assigned_to_them(signed_in):
    assert listed(signed_in("inspector_a").get(f"{BASE}/")) == ["T1", "T3"]
    response = signed_in("inspector_b").get(f"{BASE}/")
    assert listed(response) == ["T2"]
    assert "1 of 1 case" in text(response)


def test_an_inspector_cannot_filter_their_way_to_another_inspectors_cases(signed_in, team):
    response = signed_in("inspector_a").get(f"{BASE}/", {"inspector": team.inspector_b.pk})
    assert listed(response) == ["T1", "T3"]
    assert 'name="inspector"' not in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"case_type": "post_custody"}, ["T3"]),
        ({"rosh": "low"}, ["T2"]),
        ({"status": "submitted", "case_type": "community"}, ["T1", "T2"]),
        ({"status": "in_progress"}, []),
        ({"rosh": "enormous"}, ["T1", "T2", "T3"]),  # not a choice: ignored
    ],
)
def test_the_list_can_be_filtered(signed_in, query, expected):
    response = signed_in("lead").get(f"{BASE}/", query)
    assert listed(response) == expected
    assert f"{len(expected)} of 3 cases" in text(response)


def test_the_list_can_be_filtered_by_inspector_or_to_cases_not_assigned(signed_in, team):
    client = signed_in("lead")
    assert listed(client.get(f"{BASE}/", {"inspector": team.inspector_a.pk})) == ["T1", "T3"]
    Case.objects.filter(case_id="T2").update(assessor=None)
    assert listed(client.get(f"{BASE}/", {"inspector": "none"})) == ["T2"]


def test_the_list_shows_each_cases_facts_status_and_last_change(signed_in, team):
    client = signed_in("inspector_a")
    data = opened(client, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    client.post(page("T1", "2.2"), data)
    html = text(client.get(f"{BASE}/"))
    row = html[html.index(">T1</a>") : html.index(">T3</a>")]
    for words in ("Community", "Medium", "Inspector A", "In progress"):
        assert words in row, words
    assert re.search(r"Inspector A, <span class=\"probity-nowrap\">\d\d:\d\d, ", row)
    assert '<strong class="govuk-tag' in row
    for label in ("Inspector", "Status", "Case type", "Risk of serious harm (RoSH)"):
        assert f">{label}</label>" in text(signed_in("lead").get(f"{BASE}/"))


@pytest.mark.parametrize(("name", "code"), [("viewer", 404), ("outsider", 404)])
def test_the_list_is_only_for_the_team(signed_in, name, code):
    assert signed_in(name).get(f"{BASE}/").status_code == code


def test_the_list_asks_for_sign_in(client, team):
    assert client.get(f"{BASE}/")["Location"].startswith("/sign-in/")


# The overview


def test_the_overview_lists_the_standards_assessed_on_the_case(signed_in):
    html = text(signed_in("inspector_a").get(f"{BASE}/T1/"))
    standards = re.findall(r'standards/([\d.]+)/">', html)
    assert standards == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert "13 of 13 questions answered" in html  # 2.2: 3 key questions and 10 prompts
    assert "Submit case" not in html  # already submitted


def test_court_work_is_not_listed_for_a_case_without_a_court_report(signed_in):
    html = text(signed_in("inspector_a").get(f"{BASE}/T3/"))
    assert re.findall(r'standards/([\d.]+)/">', html) == ["2.2", "2.3", "2.4", "2.5", "2.6"]


def test_the_overview_counts_the_questions_still_to_answer(signed_in):
    Answer.objects.filter(case__case_id="T1", question_id__in=["2.2.1", "2.2.1.a"]).delete()
    html = text(signed_in("inspector_a").get(f"{BASE}/T1/"))
    assert "11 of 13 questions answered" in html
    assert "1 to answer" in html


def test_the_overview_shows_the_cases_characteristics(signed_in):
    html = text(signed_in("inspector_a").get(f"{BASE}/T3/"))
    assert '<dt class="govuk-summary-list__key">Case type</dt>' in html
    assert "Post-custody" in html
    assert '<dd class="govuk-summary-list__value">High</dd>' in html
    listed = re.findall(
        r'<dt class="govuk-summary-list__key">([^<]+)</dt>\s*'
        r'<dd class="govuk-summary-list__value">([^<]*)</dd>',
        html,
    )
    fw = load_framework()
    expected = {
        "case_type": "post_custody", "unpaid_work_only": False, "court_report": False,
        "rosh": "high", "gender": "male", "ethnic_group": "white", "disability": False,
        "drug_misuse": True, "alcohol_misuse": True, "practitioner_grade": "PO",
    }  # fmt: skip
    assert listed[: len(fw.case_profile.attributes)] == [
        (a.label, a.value_label(expected[a.id])) for a in fw.case_profile.attributes
    ]
    assert ("Practitioner grade", "Probation officer (PO)") in listed


def test_an_inspector_cannot_open_another_inspectors_case_overview(signed_in):
    assert signed_in("inspector_b").get(f"{BASE}/T1/").status_code == 403
    assert signed_in("inspector_b").get(f"{BASE}/T9/").status_code == 404


def test_only_a_lead_sees_the_lead_inspectors_controls(signed_in):
    assert "Assign case T1 to" not in text(signed_in("inspector_a").get(f"{BASE}/T1/"))
    html = text(signed_in("lead").get(f"{BASE}/T1/"))
    assert '<label class="govuk-label" for="assessor">Assign case T1 to</label>' in html
    assert "Mark as quality assured" in html
    assert "Return to inspector" in html
    assert f'href="{BASE}/T1/history/"' in html


# Submitting


def test_submitting_is_refused_listing_every_key_question_still_unanswered(signed_in):
    set_status("T1", CaseStatus.IN_PROGRESS)
    Answer.objects.filter(case__case_id="T1", question_id__in=["2.2.3", "2.5.2"]).delete()
    client = signed_in("inspector_a")
    assert "Submit case" in text(client.get(f"{BASE}/T1/"))
    response = client.post(f"{BASE}/T1/submit/", shown("T1"))
    assert response.status_code == 400
    html = text(response)
    assert "There is a problem" in html
    assert "2 key questions still need an answer" in html
    assert f'<a href="{page("T1", "2.2")}#answer-2.2.3">Answer key question 2.2.3' in html
    assert f'<a href="{page("T1", "2.5")}#answer-2.5.2">Answer key question 2.5.2' in html
    assert status("T1") == CaseStatus.IN_PROGRESS


def test_a_case_with_every_key_question_answered_is_submitted(signed_in, team):
    set_status("T1", CaseStatus.IN_PROGRESS)
    client = signed_in("inspector_a")
    response = client.post(f"{BASE}/T1/submit/", shown("T1"))
    assert response.status_code == 302
    t1 = Case.objects.get(case_id="T1")
    assert (t1.status, t1.version, t1.updated_by) == (CaseStatus.SUBMITTED, 2, team.inspector_a)
    assert "Case T1 submitted for quality assurance" in text(client.get(response["Location"]))


def test_an_inspector_cannot_submit_another_inspectors_case(signed_in):
    set_status("T1", CaseStatus.IN_PROGRESS)
    assert signed_in("inspector_b").post(f"{BASE}/T1/submit/", shown("T1")).status_code == 403
    assert status("T1") == CaseStatus.IN_PROGRESS


def test_submitting_is_a_post(signed_in):
    assert signed_in("inspector_a").get(f"{BASE}/T1/submit/").status_code == 405


# The lead's steps


def test_a_lead_assigns_a_case_to_an_inspector(signed_in, team):
    client = signed_in("lead")
    data = shown("T1") | {"assessor": team.inspector_b.pk}
    response = client.post(f"{BASE}/T1/assign/", data)
    assert response.status_code == 302
    t1 = Case.objects.get(case_id="T1")
    assert (t1.assessor, t1.inspector, t1.version) == (team.inspector_b, "Inspector B", 2)
    assert "Case T1 assigned to Inspector B" in text(client.get(response["Location"]))
    # The case moves with it: the new assessor may open it, the old one may not.
    assert signed_in("inspector_b").get(f"{BASE}/T1/").status_code == 200
    assert signed_in("inspector_a").get(f"{BASE}/T1/").status_code == 403


@pytest.mark.parametrize("who", ["lead", "outsider"])
def test_a_case_is_assigned_only_to_an_inspector_of_the_inspection(signed_in, team, who):
    response = signed_in("lead").post(f"{BASE}/T1/assign/", {"assessor": team.users()[who].pk})
    assert response.status_code == 400
    assert "Select one of this inspection’s inspectors to assign case T1 to" in text(
        response
    ).replace("&#x27;", "’")
    assert Case.objects.get(case_id="T1").assessor == team.inspector_a


def test_an_inspector_cannot_assign_cases(signed_in, team):
    response = signed_in("inspector_a").post(
        f"{BASE}/T1/assign/", {"assessor": team.inspector_b.pk}
    )
    assert response.status_code == 403
    assert Case.objects.get(case_id="T1").assessor == team.inspector_a


def test_a_lead_quality_assures_a_submitted_case_which_is_then_read_only(signed_in):
    response = signed_in("lead").post(f"{BASE}/T1/quality-assure/", shown("T1"))
    assert response.status_code == 302
    assert status("T1") == CaseStatus.QUALITY_ASSURED
    inspector = signed_in("inspector_a")
    refused = inspector.post(page("T1", "2.2"), {"version": "2", "answer-2.2.1": "no"})
    assert refused.status_code == 409
    assert "Case T1 is quality assured" in text(refused)
    assert inspector.post(f"{BASE}/T1/submit/", shown("T1")).status_code == 409
    assert answer_of("T1", "2.2.1") == "yes"


def test_a_case_in_progress_cannot_be_quality_assured(signed_in):
    set_status("T1", CaseStatus.IN_PROGRESS)
    client = signed_in("lead")
    response = client.post(f"{BASE}/T1/quality-assure/", shown("T1"))
    assert response.status_code == 409
    assert "Case T1 is in progress: it cannot be quality assured" in text(response)
    assert "govuk-error-summary" in text(response)
    assert status("T1") == CaseStatus.IN_PROGRESS


def test_an_inspector_cannot_quality_assure_or_return_a_case(signed_in):
    client = signed_in("inspector_a")
    assert client.post(f"{BASE}/T1/quality-assure/", shown("T1")).status_code == 403
    assert client.post(f"{BASE}/T1/return/", shown("T1")).status_code == 403
    assert status("T1") == CaseStatus.SUBMITTED


@pytest.mark.parametrize("before", [CaseStatus.SUBMITTED, CaseStatus.QUALITY_ASSURED])
def test_a_lead_returns_a_case_to_its_inspector_with_the_reason(signed_in, team, before):
    set_status("T1", before)
    response = signed_in("lead").post(
        f"{BASE}/T1/return/", shown("T1") | {"reason": REASON}, follow=True
    )
    assert "Case T1 returned to the inspector" in text(response)
    assert status("T1") == CaseStatus.RETURNED
    event = CaseEvent.objects.get(case__case_id="T1")
    assert (event.action, event.by, event.from_state, event.to_state, event.reason) == (
        "returned to the inspector",
        team.lead,
        before,
        CaseStatus.RETURNED,
        REASON,
    )
    # The inspector reads why on the case's page, changes an answer, and submits it again.
    client = signed_in("inspector_a")
    html = text(client.get(f"{BASE}/T1/"))
    assert "Returned to the inspector by Lead at" in html
    assert REASON in html
    change_an_answer(client)
    assert status("T1") == CaseStatus.RETURNED  # its reason in view until submitted again
    assert client.post(f"{BASE}/T1/submit/", shown("T1")).status_code == 302
    assert status("T1") == CaseStatus.SUBMITTED
    assert REASON not in text(client.get(f"{BASE}/T1/"))
    steps = CaseEvent.objects.filter(case__case_id="T1").values_list("from_state", "to_state")
    assert list(steps) == [(before, "returned"), ("returned", "submitted")]


def test_the_reason_for_a_return_is_kept_in_the_cases_history(signed_in):
    signed_in("lead").post(f"{BASE}/T1/return/", shown("T1") | {"reason": REASON})
    html = text(signed_in("inspector_a").get(f"{BASE}/T1/history/"))
    assert f"Returned to the inspector: {REASON}" in html


@pytest.mark.parametrize("reason", [None, "", "   \n  "])
def test_a_return_without_a_reason_is_refused_saying_so(signed_in, reason):
    data = shown("T1") | ({} if reason is None else {"reason": reason})
    refused = signed_in("lead").post(f"{BASE}/T1/return/", data)
    assert refused.status_code == 400
    html = text(refused)
    assert '<a href="#reason">Say why case T1 is returned</a>' in html
    assert 'id="reason-error"' in html
    assert status("T1") == CaseStatus.SUBMITTED
    assert not CaseEvent.objects.exists()


def test_a_quality_lead_quality_assures_and_returns_cases_but_does_not_assign_them(signed_in, team):
    client = signed_in("quality_lead")
    html = text(client.get(f"{BASE}/T1/"))
    assert "Mark as quality assured" in html
    assert "Return to inspector" in html
    assert "Assign case T1 to" not in html
    data = shown("T1") | {"assessor": team.inspector_b.pk}
    assert client.post(f"{BASE}/T1/assign/", data).status_code == 403
    assert client.post(f"{BASE}/T1/quality-assure/", shown("T1")).status_code == 302
    assert status("T1") == CaseStatus.QUALITY_ASSURED
    data = shown("T1") | {"reason": REASON}
    assert client.post(f"{BASE}/T1/return/", data).status_code == 302
    assert status("T1") == CaseStatus.RETURNED


def test_nothing_changes_in_a_published_inspection(signed_in, team):
    team.inspection.is_published = True
    team.inspection.save()
    client = signed_in("lead")
    for step in ("quality-assure", "return", "submit"):
        data = shown("T1") | {"reason": REASON}
        assert client.post(f"{BASE}/T1/{step}/", data).status_code == 403, step
    data = shown("T1") | {"assessor": team.inspector_b.pk}
    assert client.post(f"{BASE}/T1/assign/", data).status_code == 403
    t1 = Case.objects.get(case_id="T1")
    assert (t1.status, t1.assessor, t1.version) == (CaseStatus.SUBMITTED, team.inspector_a, 1)


# Each step is taken on the case as the page showed it


def test_every_workflow_form_on_the_overview_carries_the_cases_version(signed_in):
    Case.objects.filter(case_id="T1").update(version=7)
    lead = workflow_forms(signed_in("lead"), "T1")
    assert lead == {step: {"version": "7"} for step in ("assign", "quality-assure", "return")}
    set_status("T1", CaseStatus.IN_PROGRESS)
    assert workflow_forms(signed_in("inspector_a"), "T1") == {"submit": {"version": "7"}}


def test_quality_assuring_a_case_changed_since_the_overview_was_opened_is_refused(signed_in, team):
    lead = signed_in("lead")
    forms = workflow_forms(lead, "T1")
    inspector = signed_in("inspector_a")
    change_an_answer(inspector)
    assert inspector.post(f"{BASE}/T1/submit/", shown("T1")).status_code == 302
    records = Case.history.filter(id=Case.objects.get(case_id="T1").pk).count()

    lead = signed_in("lead")
    refused = lead.post(f"{BASE}/T1/quality-assure/", forms["quality-assure"])

    assert refused.status_code == 409
    found = CHANGED.search(text(refused))
    assert found is not None, text(refused)
    assert (found["who"], found["step"]) == ("Inspector A", "quality assured")
    assert "govuk-error-summary" in text(refused)
    t1 = Case.objects.get(case_id="T1")
    assert (t1.status, t1.version, t1.updated_by) == (CaseStatus.SUBMITTED, 3, team.inspector_a)
    assert Case.history.filter(id=t1.pk).count() == records
    # The page now shows the case as it is, and its forms carry the new version.
    again = re.findall(r'name="version" value="(\d+)"', text(refused))
    assert len(again) == 3  # assign, quality-assure, return
    assert set(again) == {"3"}
    assert lead.post(f"{BASE}/T1/quality-assure/", {"version": "3"}).status_code == 302
    assert status("T1") == CaseStatus.QUALITY_ASSURED


@pytest.mark.parametrize(("step", "words"), [("return", "returned to the inspector"),
                                             ("assign", "assigned to Inspector B")])  # fmt: skip
def test_returning_or_assigning_from_an_out_of_date_overview_is_refused(
    signed_in, team, step, words
):
    forms = workflow_forms(signed_in("lead"), "T1")
    change_an_answer(signed_in("inspector_a"))
    lead = signed_in("lead")
    data = forms[step] | {"assessor": team.inspector_b.pk, "reason": REASON}
    refused = lead.post(f"{BASE}/T1/{step}/", data)
    assert refused.status_code == 409
    found = CHANGED.search(text(refused))
    assert found is not None, text(refused)
    assert found["step"] == words
    t1 = Case.objects.get(case_id="T1")
    assert (t1.status, t1.assessor, t1.version) == (CaseStatus.IN_PROGRESS, team.inspector_a, 2)
    if step == "assign":  # the lead's choice is still selected
        assert f'<option value="{team.inspector_b.pk}" selected>' in text(refused)


def test_a_return_refused_as_out_of_date_keeps_the_reason_written(signed_in, team):
    forms = workflow_forms(signed_in("lead"), "T1")
    admin = signed_in("admin")  # assigns the case meanwhile: still submitted, a new version
    admin.post(f"{BASE}/T1/assign/", shown("T1") | {"assessor": team.inspector_b.pk})
    refused = signed_in("lead").post(f"{BASE}/T1/return/", forms["return"] | {"reason": REASON})
    assert refused.status_code == 409
    assert "Case T1 was changed by Admin at" in text(refused)
    assert f">{REASON}</textarea>" in text(refused)
    assert status("T1") == CaseStatus.SUBMITTED


def test_submitting_from_an_out_of_date_overview_is_refused(signed_in, team):
    set_status("T1", CaseStatus.IN_PROGRESS)
    forms = workflow_forms(signed_in("inspector_a"), "T1")
    change_an_answer(signed_in("lead"))
    refused = signed_in("inspector_a").post(f"{BASE}/T1/submit/", forms["submit"])
    assert refused.status_code == 409
    found = CHANGED.search(text(refused))
    assert found is not None, text(refused)
    assert (found["who"], found["step"]) == ("Lead", "submitted")
    t1 = Case.objects.get(case_id="T1")
    assert (t1.status, t1.version, t1.updated_by) == (CaseStatus.IN_PROGRESS, 2, team.lead)


@pytest.mark.parametrize("step", ["submit", "assign", "quality-assure", "return"])
@pytest.mark.parametrize("version", [None, "", "two"])
def test_a_step_whose_form_does_not_say_the_cases_version_is_refused(
    signed_in, team, step, version
):
    set_status("T1", CaseStatus.IN_PROGRESS if step == "submit" else CaseStatus.SUBMITTED)
    client = signed_in("inspector_a" if step == "submit" else "lead")
    data = {"assessor": team.inspector_b.pk} | ({} if version is None else {"version": version})
    refused = client.post(f"{BASE}/T1/{step}/", data)
    assert refused.status_code == 400
    assert "the form did not say which version of the case it showed" in text(refused)
    t1 = Case.objects.get(case_id="T1")
    assert (t1.version, t1.assessor) == (1, team.inspector_a)


class PublishedWhileStepping(DjangoStore):
    """The inspection is published (by someone else, committed) after the page read it,
    before the step is taken: just before the transaction of the change begins."""

    @contextmanager
    def transaction(self):
        read = list(self._inspections)
        Inspection.objects.filter(inspection_id__in=read).update(is_published=True)
        with super().transaction():
            yield


def test_a_publication_while_a_step_is_on_its_way_refuses_it_saying_why(signed_in, settings):
    """The inspection is published after the page has read it, before the step is taken:
    the step itself refuses."""
    settings.PROBITY_STORE = f"{__name__}.PublishedWhileStepping"
    refused = signed_in("lead").post(f"{BASE}/T1/quality-assure/", shown("T1"))
    assert refused.status_code == 403
    assert "The inspection is published: nothing in it can be changed" in text(refused)
    assert (status("T1"), Case.objects.get(case_id="T1").version) == (CaseStatus.SUBMITTED, 1)


@pytest.mark.parametrize("step", ["submit", "assign", "quality_assure", "return_case"])
def test_once_the_inspection_is_published_no_step_is_taken_even_bypassing_the_pages(team, step):
    Inspection.objects.filter(pk=team.inspection.pk).update(is_published=True)
    set_status("T1", CaseStatus.IN_PROGRESS if step == "submit" else CaseStatus.SUBMITTED)
    t1 = Case.objects.get(case_id="T1")
    records = (Case.history.count(), CaseEvent.objects.count())
    store = DjangoStore()
    lead, i = store.actor(team.lead.pk), team.inspection.inspection_id
    calls = {
        "submit": lambda: services.submit_case(store, lead, i, "T1", 1),
        "assign": lambda: services.assign(store, lead, i, {"T1": (1, team.inspector_b.pk)}),
        "quality_assure": lambda: services.quality_assure(store, lead, i, {"T1": 1}),
        "return_case": lambda: services.return_case(store, lead, i, "T1", 1, REASON),
    }
    with pytest.raises(PublishedError):
        calls[step]()
    after = Case.objects.get(case_id="T1")
    assert (after.version, after.status, after.assessor) == (1, t1.status, team.inspector_a)
    assert (Case.history.count(), CaseEvent.objects.count()) == records


def test_a_step_from_an_out_of_date_page_raises_saying_who_changed_the_case_and_when(team):
    store, i = DjangoStore(), team.inspection.inspection_id
    services.assign(store, store.actor(team.lead.pk), i, {"T1": (1, team.inspector_b.pk)})
    fresh = DjangoStore()
    with pytest.raises(StaleError) as refused:
        services.quality_assure(fresh, fresh.actor(team.admin.pk), i, {"T1": 1})
    assert (refused.value.version, refused.value.changed_by) == (2, "Lead")
    assert re.fullmatch(r"\d\d:\d\d on \d{1,2} [A-Z][a-z]+ \d{4}", refused.value.changed_at)
    assert str(refused.value).startswith("Case T1 was changed by Lead at ")
    assert status("T1") == CaseStatus.SUBMITTED


# History


def test_those_who_may_read_a_case_read_its_history(signed_in):
    for name in ("inspector_a", "lead", "quality_lead", "admin"):
        assert signed_in(name).get(f"{BASE}/T1/history/").status_code == 200, name
    assert signed_in("inspector_b").get(f"{BASE}/T1/history/").status_code == 403
    assert signed_in("outsider").get(f"{BASE}/T1/history/").status_code == 404


def test_the_history_starts_with_the_import(signed_in):
    html = text(signed_in("lead").get(f"{BASE}/T1/history/"))
    count = Answer.objects.filter(case__case_id="T1").count()
    assert "Imported from bundle test-pdu-2026" in html
    assert f"{count} answers" in html


def test_every_change_is_recorded_with_who_made_it_and_the_old_and_new_values(signed_in, team):
    a = signed_in("inspector_a")
    a.post(page("T1", "2.2"), opened(a, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"})
    data = opened(a, "T1", "2.2") | {"answer-2.2.1": "yes", "note-2.2.1": "Fictional."}
    a.post(page("T1", "2.2"), data | {"action": "draft"})
    lead = signed_in("lead")
    lead.post(f"{BASE}/T1/assign/", shown("T1") | {"assessor": team.inspector_b.pk})

    records = list(
        Answer.history.filter(case__case_id="T1", question_id="2.2.1").order_by("history_date")
    )
    assert [(r.answer, r.note, r.version) for r in records] == [
        ("yes", None, 1),
        ("no", None, 2),
        ("yes", "Fictional.", 3),
    ]
    assert [r.history_user for r in records] == [None, team.inspector_a, team.inspector_a]

    html = text(lead.get(f"{BASE}/T1/history/"))
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html)[1:]
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r) for r in rows]
    plain = [[" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in row][1:] for row in cells]
    assert plain[0] == [
        "Lead",
        "Case",
        "Assessor Assigned to Inspector B",
        "Inspector A",
        "Inspector B",
    ]
    assert ["Inspector A", "2.2.1", "Answer", "no", "yes"] in plain
    assert ["Inspector A", "2.2.1", "Notes", "None", "Fictional."] in plain
    assert ["Inspector A", "2.2.1", "Answer", "yes", "no"] in plain
    # Reopening the submitted case asked for a reason, which the history shows with the step.
    reopened = "Status Answers saved: Fictional: the case is changed after it was submitted"
    assert ["Inspector A", "Case", reopened, "Submitted", "In progress"] in plain


def test_the_history_is_one_query_per_kind_of_record(signed_in, django_assert_max_num_queries):
    client = signed_in("lead")
    with django_assert_max_num_queries(12):
        assert client.get(f"{BASE}/T1/history/").status_code == 200
