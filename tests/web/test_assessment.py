"""The assessment of a case against one standard: only the answers the framework allows on
the case are offered, crafted answers it does not allow are refused naming the question,
saves are recorded, and what is stored still passes the core's bundle validation."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from probity.bundle import read_bundle, write_csv_folder
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.models import Answer, Case, CaseStatus
from tests.web.second_factor import sign_in

pytestmark = pytest.mark.pages

BASE = "/inspections/test-pdu-2026/cases"


def page(case_id: str, standard_id: str) -> str:
    return f"{BASE}/{case_id}/standards/{standard_id}/"


class _Form(HTMLParser):
    """What a browser would send from the page's post form, and the values each radio
    group offers."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.offered: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._in_post = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_post = a.get("method") == "post" and "standards" in a.get("action", "")
        if not self._in_post:
            return
        if tag == "input" and a.get("type") == "radio":
            self.offered.setdefault(a["name"], []).append(a["value"])
            if "checked" in a:
                self.data[a["name"]] = a["value"]
        elif (
            tag == "input" and a.get("type") == "hidden" and a.get("name") != "csrfmiddlewaretoken"
        ):
            self.data[a["name"]] = a["value"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_post = False

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.data[self._textarea] += data


def read_form(html: bytes) -> _Form:
    """The assessment form of a page, as a browser sees it."""
    form = _Form()
    form.feed(html.decode())
    return form


REOPENED = "Fictional: the case is changed after it was submitted"


def opened(client: Client, case_id: str, standard_id: str) -> dict[str, str]:
    """Open the page and return what submitting it unchanged would send (with a reason,
    where the case is submitted and the page asks why it is changed)."""
    response = client.get(page(case_id, standard_id))
    assert response.status_code == 200
    data = read_form(response.content).data
    if "reason" in data:
        data["reason"] = REOPENED
    return data


def answer(case_id: str, question_id: str) -> Answer:
    return Answer.objects.get(case__case_id=case_id, question_id=question_id)


def case(case_id: str) -> Case:
    return Case.objects.get(case_id=case_id)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# What is offered


def test_a_key_question_offers_yes_and_no_and_never_not_applicable(signed_in):
    form = read_form(signed_in("inspector_a").get(page("T1", "2.2")).content)
    for kq in ("2.2.1", "2.2.2", "2.2.3"):
        assert form.offered[f"answer-{kq}"] == ["yes", "no"]


def test_a_double_starred_prompt_offers_not_applicable_and_a_plain_one_does_not(signed_in):
    form = read_form(signed_in("inspector_a").get(page("T1", "2.2")).content)
    assert form.offered["answer-2.2.2.b"] == ["yes", "no", "na"]  # marked **
    assert form.offered["answer-2.2.2.a"] == ["yes", "no"]


def test_a_starred_prompt_is_not_offered_on_an_unpaid_work_only_case(signed_in):
    response = signed_in("inspector_b").get(page("T2", "2.3"))
    form = read_form(response.content)
    assert "answer-2.3.2.a" not in form.offered  # marked *: T2 is unpaid work only
    assert "2.3.2.a" in text(response)
    assert "Does not apply to this case" in text(response)


def test_a_starred_prompt_is_offered_on_a_case_that_is_not_unpaid_work_only(signed_in):
    form = read_form(signed_in("inspector_a").get(page("T1", "2.3")).content)
    assert form.offered["answer-2.3.2.a"] == ["yes", "no"]


def test_post_custody_prompts_are_offered_only_on_a_post_custody_case(signed_in):
    client = signed_in("inspector_a")
    on_licence = read_form(client.get(page("T3", "2.4")).content)
    community = client.get(page("T1", "2.4"))
    assert on_licence.offered["answer-2.4.pc.a"] == ["yes", "no"]
    assert "answer-2.4.pc.a" not in read_form(community.content).offered
    assert "Prompts relevant to post-custody cases only" in text(community)


def test_court_work_is_assessed_only_on_a_case_with_a_court_report(signed_in):
    client = signed_in("inspector_a")
    assert client.get(page("T1", "2.1")).status_code == 200
    assert client.get(page("T3", "2.1")).status_code == 404


def test_domain_one_is_not_assessed_case_by_case(signed_in):
    assert signed_in("inspector_a").get(page("T1", "1.1")).status_code == 404
    assert signed_in("inspector_a").get(page("T1", "9.9")).status_code == 404


def test_the_page_names_the_case_and_standard_and_uses_the_frameworks_wording(signed_in):
    response = signed_in("inspector_a").get(page("T1", "2.2"))
    html = text(response)
    assert '<h1 class="govuk-heading-l">Case T1: 2.2 Assessment</h1>' in html
    assert html.count("<h1") == 1
    assert "Assessment is well-informed, analytical and personalised" in html
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Does assessment '
        "focus sufficiently on engaging the person on probation?</legend>" in html
    )
    assert '<label class="govuk-label" for="note-2.2.1">Notes on 2.2.1</label>' in html


def test_the_page_carries_the_cases_version_and_its_stored_answers(signed_in):
    Case.objects.filter(case_id="T1").update(version=7)
    Answer.objects.filter(case__case_id="T1", question_id="2.2.2").update(answer="no")
    data = opened(signed_in("inspector_a"), "T1", "2.2")
    assert data["version"] == "7"
    assert data["answer-2.2.1"] == "yes"
    assert data["answer-2.2.2"] == "no"


def test_every_field_is_labelled(signed_in):
    html = signed_in("inspector_a").get(page("T3", "2.4")).content.decode()
    ids = re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html)
    assert ids
    for field_id in ids:
        assert f'for="{field_id}"' in html, field_id


# Saving


def test_saving_a_changed_answer_stores_it_and_says_so(signed_in, team):
    client = signed_in("inspector_a")
    data = opened(client, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    response = client.post(page("T1", "2.2"), data)
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/T1/"
    stored = answer("T1", "2.2.1")
    assert (stored.answer, stored.version) == ("no", 2)
    assert answer("T1", "2.2.2").version == 1  # unchanged, not rewritten
    t1 = case("T1")
    assert (t1.version, t1.updated_by, t1.updated_at is not None) == (2, team.inspector_a, True)
    followed = client.get(response["Location"])
    assert "Saved 2.2 Assessment for case T1" in text(followed)


def test_changing_an_answer_of_a_submitted_case_puts_it_back_in_progress(signed_in):
    client = signed_in("inspector_a")
    assert case("T1").status == CaseStatus.SUBMITTED
    response = client.get(page("T1", "2.2"))
    assert "Saving changes puts it back in progress" in text(response)
    unchanged = read_form(response.content).data | {"action": "draft"}
    assert client.post(page("T1", "2.2"), unchanged).status_code == 302
    assert case("T1").status == CaseStatus.SUBMITTED
    changed = opened(client, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    assert client.post(page("T1", "2.2"), changed).status_code == 302
    assert case("T1").status == CaseStatus.IN_PROGRESS


def test_save_and_continue_goes_to_the_next_standard_then_to_the_case(signed_in):
    client = signed_in("inspector_a")
    to_next = client.post(page("T1", "2.2"), opened(client, "T1", "2.2") | {"action": "continue"})
    assert to_next["Location"] == page("T1", "2.3")
    last = client.post(page("T1", "2.6"), opened(client, "T1", "2.6") | {"action": "continue"})
    assert last["Location"] == f"{BASE}/T1/"


def test_notes_are_stored_on_the_key_questions_answer(signed_in):
    client = signed_in("inspector_a")
    note = "Fictional note: the plan, reviewed.\nSecond line, with “quotes”."
    data = opened(client, "T1", "2.2") | {"note-2.2.1": note, "action": "draft"}
    assert client.post(page("T1", "2.2"), data).status_code == 302
    assert answer("T1", "2.2.1").note == note
    assert answer("T1", "2.2.1").answer == "yes"
    assert note.split("\n")[0] in text(client.get(page("T1", "2.2")))


def test_saving_the_page_unchanged_changes_nothing(signed_in):
    client = signed_in("inspector_a")
    records = Answer.history.count(), Case.history.count()
    client.post(page("T1", "2.4"), opened(client, "T1", "2.4") | {"action": "draft"})
    assert (Answer.history.count(), Case.history.count()) == records
    assert case("T1").version == 1


def test_a_prompt_that_cannot_apply_is_saved_as_not_applicable(signed_in):
    client = signed_in("inspector_b")
    Answer.objects.filter(case__case_id="T2", question_id="2.3.2.a").delete()
    client.post(page("T2", "2.3"), opened(client, "T2", "2.3") | {"action": "draft"})
    assert answer("T2", "2.3.2.a").answer == "na"


def test_a_new_answer_is_recorded_after_every_other(signed_in):
    client = signed_in("inspector_a")
    Answer.objects.filter(case__case_id="T1", question_id="2.2.1.a").delete()
    data = opened(client, "T1", "2.2") | {"answer-2.2.1.a": "no", "action": "draft"}
    client.post(page("T1", "2.2"), data)
    new = answer("T1", "2.2.1.a")
    assert new.answer == "no"
    assert new.position > max(a.position for a in Answer.objects.exclude(pk=new.pk))
    assert new.history.get().history_user.username == "inspector_a"


# Refused


def test_a_crafted_not_applicable_on_a_key_question_is_refused_naming_it(signed_in):
    client = signed_in("inspector_a")
    data = opened(client, "T1", "2.2") | {"answer-2.2.1": "na", "answer-2.2.2": "no"}
    response = client.post(page("T1", "2.2"), data | {"action": "draft"})
    assert response.status_code == 400
    html = text(response)
    assert "There is a problem" in html
    assert '<a href="#answer-2.2.1">Key question 2.2.1 is answered Yes or No' in html
    assert "<title>Error:" in html
    assert answer("T1", "2.2.1").answer == "yes"
    assert answer("T1", "2.2.2").answer == "yes"  # nothing of the form is saved
    assert case("T1").version == 1


def test_a_crafted_answer_on_a_prompt_that_cannot_apply_is_refused_naming_it(signed_in):
    client = signed_in("inspector_b")
    data = opened(client, "T2", "2.3") | {"answer-2.3.2.a": "yes", "action": "draft"}
    response = client.post(page("T2", "2.3"), data)
    assert response.status_code == 400
    assert "Prompt 2.3.2.a does not apply to case T2" in text(response)
    assert answer("T2", "2.3.2.a").answer == "na"


def test_a_crafted_not_applicable_on_a_plain_prompt_is_refused_naming_it(signed_in):
    client = signed_in("inspector_a")
    data = opened(client, "T1", "2.2") | {"answer-2.2.2.a": "na", "action": "draft"}
    response = client.post(page("T1", "2.2"), data)
    assert response.status_code == 400
    assert "Prompt 2.2.2.a is answered Yes or No on case T1" in text(response)


def test_save_and_continue_with_a_key_question_unanswered_saves_nothing(signed_in):
    client = signed_in("inspector_a")
    Answer.objects.filter(case__case_id="T1", question_id="2.2.3").delete()
    data = opened(client, "T1", "2.2")
    assert "answer-2.2.3" not in data
    response = client.post(page("T1", "2.2"), data | {"answer-2.2.1": "no", "action": "continue"})
    assert response.status_code == 400
    html = text(response)
    assert '<a href="#answer-2.2.3">Select yes or no for 2.2.3 “Does assessment focus' in html
    assert 'id="answer-2.2.3-error"' in html
    assert answer("T1", "2.2.1").answer == "yes"
    # The choices made are still on the page.
    assert read_form(response.content).data["answer-2.2.1"] == "no"


def test_save_as_draft_with_a_key_question_unanswered_saves_the_rest(signed_in):
    client = signed_in("inspector_a")
    Answer.objects.filter(case__case_id="T1", question_id="2.2.3").delete()
    data = opened(client, "T1", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    assert client.post(page("T1", "2.2"), data).status_code == 302
    assert answer("T1", "2.2.1").answer == "no"
    assert not Answer.objects.filter(case__case_id="T1", question_id="2.2.3").exists()


def test_notes_on_a_key_question_without_an_answer_are_refused(signed_in):
    client = signed_in("inspector_a")
    Answer.objects.filter(case__case_id="T1", question_id="2.2.3").delete()
    data = opened(client, "T1", "2.2") | {"note-2.2.3": "Fictional.", "action": "draft"}
    response = client.post(page("T1", "2.2"), data)
    assert response.status_code == 400
    assert "Notes on 2.2.3 need an answer to 2.2.3" in text(response)


# Who may


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_inspector_cannot_open_another_inspectors_case(signed_in, method):
    client = signed_in("inspector_b")
    response = getattr(client, method)(page("T1", "2.2"), {"answer-2.2.1": "no"})
    assert response.status_code == 403
    assert answer("T1", "2.2.1").answer == "yes"


def test_a_case_not_in_the_inspection_is_not_found(signed_in):
    assert signed_in("inspector_a").get(page("T9", "2.2")).status_code == 404


@pytest.mark.parametrize("name", ["viewer", "outsider"])
def test_someone_with_no_part_in_the_inspection_is_told_it_does_not_exist(signed_in, name):
    assert signed_in(name).get(page("T1", "2.2")).status_code == 404


def test_a_pdu_viewer_cannot_open_a_case_of_a_published_inspection(signed_in, team):
    team.inspection.is_published = True
    team.inspection.save()
    assert signed_in("viewer").get(page("T1", "2.2")).status_code == 403


def test_signing_in_comes_first(client, team):
    response = client.get(page("T1", "2.2"))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_quality_assured_case_is_read_only_for_its_inspector(signed_in):
    Case.objects.filter(case_id="T1").update(status=CaseStatus.QUALITY_ASSURED)
    client = signed_in("inspector_a")
    response = client.get(page("T1", "2.2"))
    assert response.status_code == 200
    assert "quality assured: these answers are read-only" in text(response)
    assert not read_form(response.content).offered
    refused = client.post(page("T1", "2.2"), {"version": "1", "answer-2.2.1": "no"})
    assert refused.status_code == 409
    assert "Case T1 is quality assured: its answers cannot be changed unless it is returned" in (
        text(refused)
    )
    assert answer("T1", "2.2.1").answer == "yes"


@pytest.mark.parametrize("name", ["lead", "inspector_a"])
def test_nothing_can_be_saved_once_the_inspection_is_published(signed_in, team, name):
    team.inspection.is_published = True
    team.inspection.save()
    client = signed_in(name)
    assert "read-only" in text(client.get(page("T1", "2.2")))
    refused = client.post(page("T1", "2.2"), {"version": "1", "answer-2.2.1": "no"})
    assert refused.status_code == 403
    assert answer("T1", "2.2.1").answer == "yes"


@pytest.mark.parametrize("name", ["lead", "admin"])
def test_a_lead_or_an_administrator_may_save_any_case(signed_in, name):
    client = signed_in(name)
    data = opened(client, "T2", "2.2") | {"answer-2.2.1": "no", "action": "draft"}
    assert client.post(page("T2", "2.2"), data).status_code == 302
    stored = answer("T2", "2.2.1")
    assert stored.answer == "no"
    assert stored.history.latest().history_user == User.objects.get(username=name)


# The core still accepts what is stored


def test_after_saves_the_stored_inspection_still_passes_the_core(signed_in, team, tmp_path):
    a, b = signed_in("inspector_a"), Client()
    sign_in(b, team.inspector_b)
    note = 'Fictional note, with a comma; "quotes" and\na second line.'
    saves = [
        (a, "T1", "2.1", {"answer-2.1.1": "no", "answer-2.1.1.d": "na", "note-2.1.1": note}),
        (a, "T1", "2.2", {"answer-2.2.2.b": "na", "answer-2.2.3": "no"}),
        (a, "T3", "2.4", {"answer-2.4.pc.a": "no", "answer-2.4.3.e": "na"}),
        (b, "T2", "2.3", {"answer-2.3.1": "no", "answer-2.3.3.d": "na"}),
        (b, "T2", "2.5", {"answer-2.5.3.c": "yes"}),  # not offered on T2: refused
    ]
    codes = [
        client.post(page(c, s), opened(client, c, s) | changes | {"action": "draft"}).status_code
        for client, c, s, changes in saves
    ]
    assert codes == [302, 302, 302, 302, 400]
    write_csv_folder(to_bundle(team.inspection), tmp_path / "out", framework_of(team.inspection))
    bundle = read_bundle(tmp_path / "out")  # raises DataError if anything stored is invalid
    stored = {(x.case_id, x.question_id): (x.answer, x.note) for x in bundle.answers}
    assert stored[("T1", "2.1.1")] == ("no", note)
    assert stored[("T1", "2.2.2.b")] == ("na", None)
    assert stored[("T3", "2.4.pc.a")] == ("no", None)
    assert stored[("T2", "2.3.1")] == ("no", None)
    assert stored[("T2", "2.5.3.c")] == ("na", None)
