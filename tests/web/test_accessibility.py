"""Every kind of page of the web application, as the user who sees it sees it, in a real
browser: axe-core (pinned in package-lock.json) finds no serious or critical accessibility
violation, and on a phone's width (375 px) the page does not scroll sideways.

axe is injected as a script, so these contexts bypass the Content-Security-Policy; the flows
of test_browser.py run under it. Needs Debian's Chromium and axe-core: `make browser`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from probity.framework import load_framework
from probity.web.inspections import casework
from probity.web.inspections.models import Answer, Case, CaseStatus, Inspection, Judgement
from tests.browser_support import serious_violations

from .browser_fixtures import DESKTOP, PHONE, LiveTeam, sideways_overflow, sign_in
from .team import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@dataclass(frozen=True)
class PageType:
    """A kind of page: who opens it, and how it is reached (``open`` leaves it on screen)."""

    who: str | None  # the team member signed in; None: nobody
    open: Callable[[Any, LiveTeam], None]


PAGES: dict[str, PageType] = {}


def page_type(name: str, who: str | None) -> Callable[[Callable[[Any, LiveTeam], None]], Any]:
    """Register how a kind of page is reached, under its test id."""

    def register(open_page: Callable[[Any, LiveTeam], None]) -> Callable[[Any, LiveTeam], None]:
        PAGES[name] = PageType(who, open_page)
        return open_page

    return register


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def error_summary(page: Any) -> Any:
    return page.locator(".govuk-error-summary")


def t1(live: LiveTeam) -> Case:
    return Case.objects.get(inspection=live.team.inspection, case_id="T1")


def unanswer(live: LiveTeam, *question_ids: str) -> None:
    """Take key questions' answers off case T1, which is then in progress."""
    Answer.objects.filter(case=t1(live), question_id__in=question_ids).delete()
    Case.objects.filter(pk=t1(live).pk).update(status=CaseStatus.IN_PROGRESS)


@page_type("sign-in", who=None)
def _sign_in(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/sign-in/"))
    expect(heading(page)).to_have_text("Sign in to Probity")


@page_type("sign-in-with-an-error", who=None)
def _sign_in_refused(page: Any, live: LiveTeam) -> None:
    sign_in(page, live, "lead", "not-the-password")
    expect(error_summary(page)).to_contain_text("Please enter a correct username and password")


@page_type("inspections", who="lead")
def _inspections(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/inspections/"))
    expect(page.get_by_role("link", name="Test PDU")).to_be_visible()


@page_type("dashboard", who="lead")
def _dashboard(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection())
    expect(heading(page)).to_have_text("Test PDU")


@page_type("case-list-filtered", who="lead")
def _case_list(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/?status=submitted&case_type=community"))
    expect(page.get_by_text("Cases matching the filters")).to_be_visible()


@page_type("case-overview", who="lead")
def _case_overview(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/T1/"))
    expect(page.get_by_label("Assign case T1 to")).to_be_visible()


@page_type("assessment", who="inspector_a")
def _assessment(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/T1/standards/2.2/"))
    expect(page.get_by_role("button", name="Save and continue")).to_be_visible()


@page_type("assessment-with-errors", who="inspector_a")
def _assessment_refused(page: Any, live: LiveTeam) -> None:
    unanswer(live, "2.2.1")
    page.goto(live.inspection("cases/T1/standards/2.2/"))
    page.get_by_role("button", name="Save and continue").click()
    expect(error_summary(page)).to_contain_text("Select yes or no for 2.2.1")


@page_type("submit-refused", who="inspector_a")
def _submit_refused(page: Any, live: LiveTeam) -> None:
    unanswer(live, "2.2.1", "2.5.2")
    page.goto(live.inspection("cases/T1/"))
    page.get_by_role("button", name="Submit case").click()
    expect(error_summary(page)).to_contain_text("2 key questions still need an answer")


@page_type("concurrent-edit-conflict", who="lead")
def _conflict(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/T1/standards/2.2/"))
    # Someone else saves the case after the page was opened.
    Case.objects.filter(pk=t1(live).pk).update(
        version=F("version") + 1, updated_by=live.team.inspector_a, updated_at=timezone.now()
    )
    page.get_by_role("button", name="Save as draft").click()
    expect(error_summary(page)).to_contain_text("Case T1 was changed by Inspector A")


@page_type("case-action-conflict", who="lead")
def _action_conflict(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/T1/"))
    # The inspector changes the case after the lead opened it.
    Case.objects.filter(pk=t1(live).pk).update(
        version=F("version") + 1, updated_by=live.team.inspector_a, updated_at=timezone.now()
    )
    page.get_by_role("button", name="Mark as quality assured").click()
    expect(error_summary(page)).to_contain_text("Inspector A")


@page_type("case-history", who="lead")
def _case_history(page: Any, live: LiveTeam) -> None:
    fw = load_framework()
    case = t1(live)
    casework.save_answers(
        fw, case, fw.standard("2.2"), user=live.team.lead, version=case.version,
        answers={"2.2.1": "no"}, notes={"2.2.1": "A fictional note on the plan."},
    )  # fmt: skip
    page.goto(live.inspection("cases/T1/history/"))
    expect(page.get_by_text("A fictional note on the plan.")).to_be_visible()


@page_type("domain-one", who="lead")
def _domain_one(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("domain-one/"))
    expect(heading(page)).to_have_text("The inspectors’ judgements")


@page_type("judgement-above-its-cap", who="lead")
def _judgement_refused(page: Any, live: LiveTeam) -> None:
    # Every "yes" a "no": domain two is then Inadequate, which caps 1.1 below Good.
    Answer.objects.filter(case__inspection=live.team.inspection, answer="yes").update(answer="no")
    page.goto(live.inspection("domain-one/1.1/"))
    page.get_by_label("Good", exact=True).check()
    page.get_by_role("button", name="Save the judgement").click()
    expect(error_summary(page)).to_contain_text("Good is above Requires improvement")


@page_type("judgement-conflict", who="lead")
def _judgement_conflict(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("domain-one/1.4/"))
    # Someone else records 1.4's judgement after the page was opened.
    judgement = Judgement.objects.get(inspection=live.team.inspection, standard_id="1.4")
    judgement.rating, judgement.version = "good", judgement.version + 1
    judgement._history_user = live.team.admin
    judgement.save()
    page.get_by_label("Inadequate", exact=True).check()
    page.get_by_role("button", name="Save the judgement").click()
    expect(error_summary(page)).to_contain_text("Admin")


@page_type("report", who="lead")
def _report(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("report/"))
    expect(page.get_by_role("link", name="View the report (HTML)")).to_be_visible()


@page_type("report-html", who="lead")
def _report_html(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("report.html"))
    expect(heading(page)).to_contain_text("Test PDU")


@page_type("publish-confirmation", who="lead")
def _publish(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("publish/"))
    expect(page.get_by_role("button", name="Publish the report")).to_be_visible()


@page_type("published-report-for-a-pdu-viewer", who="viewer")
def _published_report(page: Any, live: LiveTeam) -> None:
    Inspection.objects.filter(pk=live.team.inspection.pk).update(
        is_published=True, published=timezone.localdate()
    )
    page.goto(live.at("/inspections/"))
    page.get_by_role("link", name="Test PDU").click()
    expect(page.get_by_text("Published", exact=True)).to_be_visible()


@page_type("forbidden", who="inspector_a")
def _forbidden(page: Any, live: LiveTeam) -> None:
    assert page.goto(live.inspection("cases/T2/")).status == 403
    expect(heading(page)).to_have_text("You cannot do this")


@page_type("not-found", who="lead")
def _not_found(page: Any, live: LiveTeam) -> None:
    assert page.goto(live.at("/inspections/nothing-here/")).status == 404
    expect(heading(page)).to_have_text("Page not found")


@page_type("locked-out", who=None)
def _locked_out(page: Any, live: LiveTeam) -> None:
    for _ in range(5):
        sign_in(page, live, "inspector_b", "not-the-password")
    sign_in(page, live, "inspector_b", PASSWORD)
    expect(heading(page)).to_have_text("Signing in is paused")


@page_type("admin-index", who="admin")
def _admin(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/admin/"))
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def opened(contexts: Any, live: LiveTeam, name: str, viewport: dict[str, int]) -> Any:
    """A page of the kind named, on screen in a context that lets axe in."""
    kind = PAGES[name]
    page = contexts(kind.who, bypass_csp=True, viewport=viewport).new_page()
    kind.open(page, live)
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(contexts, live_team, name):
    page = opened(contexts, live_team, name, DESKTOP)
    assert serious_violations(page) == []


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_does_not_scroll_sideways_on_a_phone(contexts, live_team, name):
    page = opened(contexts, live_team, name, PHONE)
    assert sideways_overflow(page) <= 0, widest(page)


def test_axe_finds_no_serious_or_critical_violation_on_a_phone_with_the_menu_open(
    contexts, live_team
):
    page = opened(contexts, live_team, "dashboard", PHONE)
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link").first).to_be_visible()
    assert serious_violations(page) == []


def test_axe_would_find_a_violation_were_there_one(contexts, live_team):
    page = opened(contexts, live_team, "sign-in", DESKTOP)
    page.evaluate("""() => document.querySelector("main").append(document.createElement("img"))""")
    assert "image-alt" in [rule for rule, *_ in serious_violations(page)]


def widest(page: Any) -> list[str]:
    """The elements wider than the window, to say where a page overflows."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => !e.closest(".probity-table-scroll"))
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth)
            .slice(-5)
            .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`
                      + ` (${Math.round(e.getBoundingClientRect().right)} px)`)"""
    )
    return found
