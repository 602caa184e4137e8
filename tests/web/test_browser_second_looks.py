"""Second looks in a real browser, under the application's own Content-Security-Policy, each
user signing in through the sign-in page (the lead with their second factor):

the lead marks two cases for blind second assessment by inspector B; inspector B assesses one
without seeing the first answers; the discrepancy view shows the differing answers; the lead
resolves them; the ratings use the resolved answer; the agreement page shows the agreement;
a quality lead dip-samples a third case and records a disagreement with its reason.

Every fact of the cases is fictional (tests/web/team.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from probity.web.inspections.models import SecondAnswer, SecondLookRequest

from .browser_fixtures import DESKTOP, LiveTeam, sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.integration]

REASON = "Fictional: the plan names no review of the risk of harm after the move."


def _as(browser: Any, live: LiveTeam, username: str) -> Any:
    context = browser.new_context(viewport=DESKTOP)
    console = watch(context)
    page = context.new_page()
    sign_in(page, live, username)
    return context, page, console


def _key_question_cells(page: Any, kq_id: str) -> list[str]:
    row = page.locator("tr", has=page.locator("th", has_text=re.compile(f"^{re.escape(kq_id)} ")))
    return [c.strip() for c in row.first.locator("td").all_inner_texts()[:2]]


def test_the_lead_asks_for_blind_second_looks_resolves_them_and_a_quality_lead_dip_samples(
    browser, live_team
):
    live = live_team
    lead_context, lead, lead_console = _as(browser, live, "lead")
    # The lead marks T1 and T3 (inspector A's) for inspector B to assess blind.
    lead.goto(live.inspection("cases/"))
    lead.get_by_role("link", name="Mark cases for blind second assessment").click()
    lead.get_by_label("Select case T1").check()
    lead.get_by_label("Select case T3").check()
    lead.get_by_label("Inspector to assess the selected cases a second time").select_option(
        label="Inspector B"
    )
    lead.get_by_role("button", name="Mark for blind second assessment").click()
    expect(lead.get_by_text("2 cases marked for Inspector B to assess blind")).to_be_visible()
    assert SecondLookRequest.objects.filter(done_at__isnull=True).count() == 2

    # Inspector B finds them on their cases and assesses T1 without its first answers.
    b_context, b, b_console = _as(browser, live, "inspector_b")
    b.goto(live.inspection("your-cases/"))
    expect(b.get_by_role("heading", name="Second assessments asked of you (2)")).to_be_visible()
    b.get_by_role("link", name="Assess a second time case T1").click()
    expect(b.get_by_role("heading", level=1)).to_have_text("Second assessment of case T1")
    form = b.locator("form", has=b.get_by_role("button", name="Save your second assessment"))
    assert form.locator("input:checked").count() == 0  # no first answer shown as chosen
    assert "Inspector A" not in b.content()
    for radio in form.locator("input[type=radio][value=yes]").all():
        radio.check()
    b.locator("[id='q-2.2.1-no']").check()
    form.get_by_role("button", name="Save your second assessment").click()
    expect(b.get_by_text("Your second assessment of case T1 is saved")).to_be_visible()
    expect(b.get_by_role("heading", name="Second assessments asked of you (1)")).to_be_visible()

    # The discrepancy view shows the differing answers; the lead resolves them.
    lead.goto(live.inspection("cases/"))
    lead.get_by_role("link", name="Discrepancies between first and second answers").click()
    row = lead.locator("tr", has=lead.locator("th", has_text=re.compile(r"^2\.2\.1$")))
    expect(row).to_contain_text("Yes (Inspector A)")
    expect(row).to_contain_text("No (Inspector B)")
    expect(row).to_contain_text("Blind second assessment")
    lead.goto(live.inspection())
    assert _key_question_cells(lead, "2.2.1") == ["100%", "3 of 3"]
    lead.goto(live.inspection("discrepancies/"))
    row = lead.locator("tr", has=lead.locator("th", has_text=re.compile(r"^2\.2\.1$")))
    row.get_by_label("No").check()
    row.get_by_role("button", name="Resolve").click()
    expect(lead.get_by_text("Case T1, 2.2.1: resolved as no")).to_be_visible()
    expect(lead.get_by_text("0 unresolved.")).to_be_visible()
    # The ratings use the resolved answer: 2 "Yes" of the 3 cases.
    lead.goto(live.inspection())
    assert _key_question_cells(lead, "2.2.1") == ["67%", "2 of 3"]
    # The moderation page shows the agreement.
    lead.goto(live.inspection("cases/"))
    lead.get_by_role("link", name="Agreement of first and second answers").click()
    expect(lead.get_by_role("table", name="Per key question")).to_contain_text("2.2.1")
    expect(lead.get_by_role("table", name="Per pair of inspectors")).to_contain_text(
        "Inspector A / Inspector B"
    )

    # A quality lead dip-samples T2 and records a disagreement with its reason.
    q_context, q, q_console = _as(browser, live, "quality_lead")
    q.goto(live.inspection("cases/T2/review/"))
    q.get_by_role("link", name="Dip-sample review of this case").click()
    for radio in q.locator("input[type=radio][value=agree]").all():
        radio.check()
    q.locator("[id='q-2.2.3-disagree']").check()
    q.locator("[id='answer-2.2.3']").select_option("no")
    q.locator("[id='reason-2.2.3']").fill(REASON)
    q.get_by_role("button", name="Save the review").click()
    expect(q.get_by_text("Your review of case T2 is saved")).to_be_visible()
    row = q.locator("tr", has=q.locator("th", has_text=re.compile(r"^2\.2\.3$")))
    expect(row).to_contain_text("Dip-sample review")
    expect(row).to_contain_text(REASON)
    kept = SecondAnswer.objects.get(case__case_id="T2", question_id="2.2.3")
    assert (kept.answer, kept.mode, kept.reason) == ("no", "review", REASON)

    for context, console in ((lead_context, lead_console), (b_context, b_console),
                             (q_context, q_console)):  # fmt: skip
        assert console.policy_refusals() == []
        context.close()
