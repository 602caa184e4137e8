"""An inspector's way through a case: each standard page says where it stands ("Standard N of
M"), asks the prompts before their key question, gives the framework's guidance, and warns
(without refusing) where a key question's answer runs against most of its prompts; then the
check-your-answers page before submitting."""

from __future__ import annotations

import re

import pytest

from probity.framework import load_framework
from probity.web.inspections import casework
from probity.web.inspections.models import Answer, Case, CaseStatus

from .test_assessment import opened, page

pytestmark = pytest.mark.pages

FW = load_framework("hmip-adult-pdu-2021")
I = "/inspections/test-pdu-2026"  # noqa: E741
CHECK = f"{I}/cases/T1/check/"
PROMPTS_221 = [p.id for p in FW.standard("2.2").key_questions[0].prompts]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def in_progress(case_id: str = "T1") -> None:
    Case.objects.filter(case_id=case_id).update(status=CaseStatus.IN_PROGRESS)


def prompts_of_221_answered_no() -> None:
    """Every prompt of 2.2.1 answered yes on T1 is answered no (2.2.1 stays yes)."""
    Answer.objects.filter(case__case_id="T1", question_id__in=PROMPTS_221, answer="yes").update(
        answer="no"
    )


# The standard page


def test_each_standard_page_says_which_of_the_case_s_standards_it_is(signed_in):
    client = signed_in("inspector_a")
    standards = casework.assessed_standards(FW, Case.objects.get(case_id="T1"))
    for n, standard in enumerate(standards, start=1):
        html = text(client.get(page("T1", standard.id)))
        assert f"Standard {n} of {len(standards)}" in html


def test_the_prompts_come_before_their_key_question(signed_in):
    html = text(signed_in("inspector_a").get(page("T1", "2.2")))
    for kq in FW.standard("2.2").key_questions:
        key_question_at = html.index(f'id="answer-{kq.id}"')
        for p in kq.prompts:
            assert html.index(f'name="answer-{p.id}"') < key_question_at


def test_a_question_s_guidance_is_in_a_details_component(signed_in):
    kq = FW.standard("2.2").key_questions[2]
    assert kq.guidance  # 2.2.3 has the framework's guidance
    html = signed_in("inspector_a").get(page("T1", "2.2")).content.decode()
    assert '<details class="govuk-details">' in html
    assert f"Guidance on {kq.id}</span>" in html
    first_line = kq.guidance.splitlines()[0]
    assert first_line.replace("'", "&#x27;").replace('"', "&quot;")[:40] in html
    # 2.2.1 has none: no details for it.
    assert "Guidance on 2.2.1" not in html


def test_saving_a_key_question_against_most_of_its_prompts_warns_and_saves(signed_in):
    client = signed_in("inspector_a")
    data = opened(client, "T1", "2.2") | {"action": "draft", "answer-2.2.1": "yes"}
    data |= {f"answer-{p}": "no" for p in PROMPTS_221 if f"answer-{p}" in data}
    response = client.post(page("T1", "2.2"), data, follow=True)
    html = text(response)
    assert "Saved 2.2 Assessment for case T1" in html
    assert "Key question 2.2.1 is answered Yes, but" in html
    assert Answer.objects.get(case__case_id="T1", question_id="2.2.1").answer == "yes"
    # The standard page itself warns while the answers stand.
    again = text(client.get(page("T1", "2.2")))
    assert 'class="govuk-warning-text" id="warning-2.2.1"' in again


def test_a_key_question_agreeing_with_its_prompts_is_not_warned_of(signed_in):
    html = text(signed_in("inspector_a").get(page("T1", "2.2")))
    assert "govuk-warning-text" not in html


# Check your answers


def test_the_check_page_lists_every_standard_s_questions_with_links_to_change_them(signed_in):
    in_progress()
    response = signed_in("inspector_a").get(CHECK)
    assert response.status_code == 200
    html = text(response)
    assert "Check your answers before submitting case T1</h1>" in html
    for standard in casework.assessed_standards(FW, Case.objects.get(case_id="T1")):
        assert f'id="standard-{standard.id}"' in html
        for kq in standard.key_questions:
            assert f"Key question {kq.id}: " in html
            assert f'href="{I}/cases/T1/standards/{standard.id}/#answer-{kq.id}"' in html


def test_the_check_page_submits_the_case_at_the_version_it_showed(signed_in):
    in_progress()
    client = signed_in("inspector_a")
    html = text(client.get(CHECK))
    version = Case.objects.get(case_id="T1").version
    form = re.search(rf'<form method="post" action="{I}/cases/T1/submit/">(.*?)</form>', html)
    assert form is not None
    assert f'name="version" value="{version}"' in form.group(1)
    response = client.post(f"{I}/cases/T1/submit/", {"version": version})
    assert response.status_code == 302
    assert Case.objects.get(case_id="T1").status == CaseStatus.SUBMITTED


def test_unanswered_key_questions_block_the_submission_and_are_listed(signed_in):
    Answer.objects.filter(case__case_id="T1", question_id__in=["2.2.1", "2.5.2"]).delete()
    in_progress()
    html = text(signed_in("inspector_a").get(CHECK))
    assert "Case T1 cannot be submitted yet: 2 key questions still need an answer" in html
    assert f'href="{I}/cases/T1/standards/2.2/#answer-2.2.1">Answer key question 2.2.1' in html
    assert f'href="{I}/cases/T1/standards/2.5/#answer-2.5.2">Answer key question 2.5.2' in html
    assert "Submit case</button>" not in html


def test_unanswered_prompts_are_listed_without_blocking_the_submission(signed_in):
    Answer.objects.filter(case__case_id="T1", question_id=PROMPTS_221[0]).delete()
    in_progress()
    html = text(signed_in("inspector_a").get(CHECK))
    assert "Prompts not answered (1)" in html
    assert f'href="{I}/cases/T1/standards/2.2/#answer-{PROMPTS_221[0]}">' in html
    assert "Submit case</button>" in html


def test_the_check_page_shows_the_consistency_warnings(signed_in):
    prompts_of_221_answered_no()
    in_progress()
    html = text(signed_in("inspector_a").get(CHECK))
    assert "Answers to look at again (1)" in html
    assert "Key question 2.2.1 is answered Yes, but" in html
    assert "Submit case</button>" in html  # a warning, not a block


def test_the_case_page_leads_to_the_check_page(signed_in):
    in_progress()
    html = text(signed_in("inspector_a").get(f"{I}/cases/T1/"))
    assert f'href="{CHECK}" role="button"' in html


def test_another_inspector_s_case_cannot_be_checked(signed_in):
    assert signed_in("inspector_b").get(CHECK).status_code == 403
