"""An inspector's day in a real browser, under the Content-Security-Policy: signing in, landing
on their cases, answering a standard against its prompts and being warned, checking the
answers and submitting; the lead returning the case with a reason; the inspector reading it on
their home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from probity.web.inspections import casework
from probity.web.inspections.frameworks import framework_of
from probity.web.inspections.models import Answer, Case, CaseStatus

from .browser_fixtures import sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.integration]

# Longer than the 100 characters simple-history's change reason held by default (PostgreSQL
# refused it): the reason is kept whole.
REASON = (
    "Fictional: 2.1.1 is No though its prompts say Yes; read the assessment again and say "
    "which of the two is right before submitting."
)


def test_an_inspector_s_day_from_signing_in_to_reading_why_a_case_was_returned(contexts, live_team):
    inspection = live_team.team.inspection
    t1 = Case.objects.filter(inspection=inspection, case_id="T1")
    first = casework.assessed_standards(framework_of(inspection), t1.get())
    kq = first[0].key_questions[0]
    Answer.objects.filter(case__in=t1, question_id=kq.id).delete()
    t1.update(status=CaseStatus.IN_PROGRESS)

    context = contexts()
    console = watch(context)
    page = context.new_page()
    sign_in(page, live_team, "inspector_a")
    page.get_by_role("link", name="Test PDU").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cases")
    expect(page.get_by_role("heading", name="In progress (1)")).to_be_visible()

    page.get_by_role(
        "link", name=re.compile(rf"^Continue with {re.escape(first[0].id)} .* on case T1$")
    ).click()
    expect(page.get_by_text(f"Standard 1 of {len(first)}")).to_be_visible()
    question = page.locator("fieldset", has=page.locator(f"[id='answer-{kq.id}']"))
    question.get_by_label("No", exact=True).check()  # its prompts are answered yes
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text(f"Key question {kq.id} is answered No, but")).to_be_visible()

    page.get_by_role("link", name="Case T1", exact=True).click()
    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting case T1"
    )
    expect(page.locator(f"[id='warning-{kq.id}']")).to_be_visible()
    page.get_by_role("button", name="Submit case").click()
    expect(page.get_by_role("alert")).to_contain_text("Case T1 submitted for quality assurance")
    assert t1.get().status == CaseStatus.SUBMITTED

    lead = contexts("lead").new_page()
    lead.goto(live_team.inspection("cases/T1/"))
    lead.get_by_role("link", name="Review the whole case on one page").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Review case T1")
    lead.get_by_label("Why case T1 is returned").fill(REASON)
    lead.get_by_role("button", name="Return to inspector").click()
    expect(lead.get_by_role("alert")).to_contain_text("Case T1 returned to the inspector")

    page.goto(live_team.inspection())
    expect(page.get_by_text("1 case has been returned to you.")).to_be_visible()
    expect(page.locator("#returned-T1")).to_contain_text(REASON)
    expect(page.locator("#returned-T1")).to_contain_text("Lead")
    assert console.policy_refusals() == []
