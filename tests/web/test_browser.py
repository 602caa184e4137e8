"""The web application in a real browser (Debian's Chromium through Playwright), under its own
strict Content-Security-Policy: a case assessed from signing in to the lead's dashboard, an
inspector refused another's case, two people saving one case, the sign-in lockout, and GOV.UK
Frontend's JavaScript at work.

Needs Debian's Chromium and axe-core: `make browser`. Under CI=true a missing one fails the
test; elsewhere the test is skipped, saying how to install it.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from probity.pipeline import inspect_bundle
from probity.web.inspections.mapping import to_bundle
from probity.web.inspections.models import Answer, Case, CaseStatus, Inspection

from .browser_fixtures import PHONE, Console, sideways_overflow, sign_in, watch
from .team import INSPECTION_ID, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def figure(inspection: Inspection, question_id: str) -> tuple[int, int, int | None]:
    """The core's figure for a key question from everything saved: (yes, applicable, %)."""
    f = inspect_bundle(to_bundle(inspection)).figures[question_id]
    return f.yes, f.applicable, f.rounded


def unanswer(live, case_id: str, question_id: str) -> None:
    """Take a key question's answer off a case, which is then in progress."""
    cases = Case.objects.filter(inspection=live.team.inspection, case_id=case_id)
    Answer.objects.filter(case__in=cases, question_id=question_id).delete()
    cases.update(status=CaseStatus.IN_PROGRESS)


def by_id(page, element_id: str):
    """The element with this id (ids of questions hold dots, which CSS selectors do not)."""
    return page.locator(f"[id='{element_id}']")


def post_status(page, button: str) -> int:
    """Press a form's button; the status of the server's answer to the POST."""
    with page.expect_response(lambda r: r.request.method == "POST") as answered:
        page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    status: int = answered.value.status
    return status


def test_an_inspector_answers_a_key_question_submits_the_case_and_the_lead_sees_the_new_figure(
    contexts, live_team
):
    inspection = live_team.team.inspection
    unanswer(live_team, "T1", "2.2.1")
    before = figure(inspection, "2.2.1")
    context = contexts()
    console = watch(context)
    page = context.new_page()

    sign_in(page, live_team, "inspector_a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspections")
    page.get_by_role("link", name="Test PDU").click()
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name="T1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case T1")
    page.get_by_role("link", name=re.compile(r"^2\.2 ")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case T1: 2.2")

    # Save and continue with key question 2.2.1 unanswered: the GOV.UK error summary.
    assert post_status(page, "Save and continue") == 400
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("alert")).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves the focus to it
    expect(by_id(page, "answer-2.2.1-error")).to_contain_text("Select yes or no for 2.2.1")
    summary.get_by_role("link", name=re.compile(r"Select yes or no for 2\.2\.1")).click()
    expect(by_id(page, "answer-2.2.1")).to_be_focused()

    question = page.locator("fieldset", has=by_id(page, "answer-2.2.1"))
    question.get_by_label("No", exact=True).check()
    assert post_status(page, "Save and continue") == 302
    expect(page.get_by_role("alert")).to_contain_text("Saved 2.2")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case T1: 2.3")

    page.get_by_role("link", name="Case T1", exact=True).click()
    assert post_status(page, "Submit case") == 302
    expect(page.get_by_role("alert")).to_contain_text("Case T1 submitted for quality assurance")
    expect(page.locator("main p", has_text="Status:")).to_contain_text("Submitted")
    assert Case.objects.get(inspection=inspection, case_id="T1").status == CaseStatus.SUBMITTED

    after = figure(inspection, "2.2.1")
    assert after != before
    page.get_by_role("button", name="Sign out inspector_a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Probity")
    sign_in(page, live_team, "lead")
    page.get_by_role("link", name="Test PDU").click()
    row = page.get_by_role("row", name=re.compile(r"^2\.2\.1 "))
    yes, applicable, rounded = after
    expect(row.get_by_role("cell").nth(0)).to_have_text(f"{rounded}%")
    expect(row.get_by_role("cell").nth(1)).to_have_text(f"{yes} of {applicable}")
    assert console.policy_refusals() == []


def test_an_inspector_opening_another_inspectors_case_is_refused(contexts, live_team):
    page = contexts().new_page()
    sign_in(page, live_team, "inspector_a")
    response = page.goto(live_team.inspection("cases/T2/"))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")


def test_the_second_of_two_saves_of_one_case_is_refused_naming_the_first_and_keeping_its_choices(
    contexts, live_team
):
    inspector = contexts("inspector_a").new_page()
    lead = contexts("lead").new_page()
    for page in (inspector, lead):
        page.goto(live_team.inspection("cases/T1/standards/2.2/"))
        # T1 is submitted: changing it reopens it, which asks why.
        page.get_by_label("Why are you changing a submitted case?").fill("Fictional: reviewed")

    inspector.locator("fieldset", has=by_id(inspector, "answer-2.2.1")).get_by_label(
        "No", exact=True
    ).check()
    assert post_status(inspector, "Save as draft") == 302
    lead.locator("fieldset", has=by_id(lead, "answer-2.2.2")).get_by_label("No", exact=True).check()
    assert post_status(lead, "Save as draft") == 409

    expect(lead.locator(".govuk-error-summary")).to_contain_text(
        re.compile(r"Case T1 was changed by Inspector A at \d\d:\d\d on .+ after you opened it")
    )
    expect(lead.locator("input[name='answer-2.2.1'][value='yes']")).to_be_checked()
    expect(lead.locator("input[name='answer-2.2.2'][value='no']")).to_be_checked()
    expect(by_id(lead, "answer-2.2.1-hint")).to_have_text("Saved answer now: No.")
    answers = Answer.objects.filter(case__case_id="T1", question_id__in=["2.2.1", "2.2.2"])
    assert dict(answers.values_list("question_id", "answer")) == {"2.2.1": "no", "2.2.2": "yes"}


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(contexts, live_team):
    page = contexts().new_page()
    for attempt in range(1, 5):
        sign_in(page, live_team, "inspector_b", "not-the-password")
        expect(page.get_by_role("alert"), f"attempt {attempt}").to_contain_text(
            "Please enter a correct username and password"
        )
    sign_in(page, live_team, "inspector_b", "not-the-password")
    sign_in(page, live_team, "inspector_b", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")

    page.goto(live_team.at("/inspections/"))
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/inspections/$"))
    # Five failures from one address pause the address: another user name from it too.
    sign_in(page, live_team, "inspector_a")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")


# Every kind of page of the GOV.UK layout, as the lead sees it.
LEAD_PAGES = [
    "/inspections/",
    *(
        f"/inspections/{INSPECTION_ID}/{path}"
        for path in (
            "",
            "cases/?status=submitted",
            "cases/T1/",
            "cases/T1/standards/2.2/",
            "cases/T1/history/",
            "domain-one/",
            "domain-one/1.1/",
            "report/",
            "publish/",
        )
    ),
    "/inspections/nothing-here/",
]


def test_gov_uk_frontend_runs_on_every_page_and_the_policy_refuses_nothing_of_ours(
    contexts, live_team
):
    context = contexts()
    console = watch(context)
    page = context.new_page()
    page.goto(live_team.at("/sign-in/"))
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    sign_in(page, live_team, "lead")
    for path in LEAD_PAGES:
        page.goto(live_team.at(path))
        expect(page.locator("body"), path).to_have_class(
            re.compile(r"\bgovuk-frontend-supported\b")
        )
    page.goto(live_team.inspection("report.html"))  # the standalone report: no GOV.UK layout
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert console.policy_refusals() == []


def test_the_policy_is_enforced_and_its_refusals_are_what_the_tests_look_for(contexts, live_team):
    page = contexts().new_page()
    page.goto(live_team.at("/sign-in/"))
    with page.expect_console_message(lambda m: m.type == "error") as logged:
        ran = page.evaluate(
            """() => { const s = document.createElement("script");
                       s.textContent = "window.inlineRan = true"; document.body.append(s);
                       return window.inlineRan === true; }"""
        )
    assert not ran
    assert Console([logged.value.text]).policy_refusals() != [], logged.value.text


def test_on_a_phone_the_menu_opens_with_gov_uk_frontends_toggle(contexts, live_team):
    page = contexts("lead", viewport=PHONE).new_page()
    page.goto(live_team.inspection())
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()  # GOV.UK Frontend shows it; without the script it stays hidden
    inspections = page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Inspections"
    )
    expect(inspections).to_be_hidden()
    menu.click()
    expect(inspections).to_be_visible()
    assert sideways_overflow(page) <= 0
