"""Every kind of page of the web application, as the user who sees it sees it, in a real
browser: axe-core (pinned in package-lock.json) finds no serious or critical accessibility
violation, and on a phone's width (375 px) the page does not scroll sideways.

axe is injected as a script, so these contexts bypass the Content-Security-Policy; the flows
of test_browser.py run under it. Needs Debian's Chromium and axe-core: `make browser`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from probity.web.inspections.models import (
    Answer,
    Case,
    CaseStatus,
    Inspection,
    Judgement,
    Membership,
    NarrativeParagraph,
    Part,
)
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from tests.browser_support import serious_violations

from .browser_fixtures import DESKTOP, PHONE, LiveTeam, sideways_overflow, sign_in
from .team import PASSWORD, ready_to_publish

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


@page_type("audit-trail", who="lead")
def _audit_trail(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/audit/"))
    expect(page.get_by_role("region", name=re.compile("newest first"))).to_be_visible()
    expect(heading(page)).to_have_text("Audit trail")


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
    case, store = t1(live), DjangoStore()
    services.save_answers(
        store, store.actor(live.team.lead.pk), live.team.inspection.inspection_id, "T1",
        case.version, {"2.2.1": "no"}, {"2.2.1": "A fictional note on the plan."},
        reason="Fictional: the plan was read again",
    )  # fmt: skip
    page.goto(live.inspection("cases/T1/history/"))
    expect(page.get_by_text("A fictional note on the plan.")).to_be_visible()


@page_type("case-return-without-a-reason", who="lead")
def _return_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/T1/"))
    page.get_by_role("button", name="Return to inspector").click()
    expect(error_summary(page)).to_contain_text("Say why case T1 is returned")


@page_type("case-returned-to-its-inspector", who="inspector_a")
def _returned(page: Any, live: LiveTeam) -> None:
    store = DjangoStore()
    services.return_case(
        store, store.actor(live.team.lead.pk), live.team.inspection.inspection_id, "T1",
        t1(live).version, "Fictional: 2.2.1 needs the evidence the notes promise.",
    )  # fmt: skip
    page.goto(live.inspection("cases/T1/"))
    expect(page.get_by_text("Fictional: 2.2.1 needs the evidence")).to_be_visible()


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
    ready_to_publish(live.team)
    page.goto(live.inspection("publish/"))
    expect(page.get_by_role("button", name="Publish the report")).to_be_visible()


@page_type("publish-refused-with-its-reasons", who="lead")
def _publish_waits(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("publish/"))
    expect(page.get_by_text("send it to final first")).to_be_visible()


@page_type("report-figures-with-a-finding", who="lead")
def _report_figures(page: Any, live: LiveTeam) -> None:
    NarrativeParagraph.objects.create(
        inspection=live.team.inspection,
        position=0,
        section="2.2",
        part="text",
        text="In 30 out of 42 cases.",
    )
    page.goto(live.inspection("report/figures/"))
    page.get_by_role("button", name="Accept “30 out of 42” with this reason").click()
    expect(error_summary(page)).to_be_visible()


@page_type("report-review-with-comments", who="lead")
def _report_review(page: Any, live: LiveTeam) -> None:
    Inspection.objects.filter(pk=live.team.inspection.pk).update(report_stage="quality_review")
    page.goto(live.inspection("report/review/"))
    page.get_by_label("Your comment").fill("Fictional: name the prompt.")
    page.get_by_role("button", name="Send the comment").click()
    expect(page.get_by_role("button", name="Resolve this comment")).to_be_visible()


@page_type("draft-review-for-a-nominated-viewer", who="viewer")
def _nominated_review(page: Any, live: LiveTeam) -> None:
    Membership.objects.create(user=live.team.viewer, inspection=live.team.inspection,
                              role=Part.VIEWER)  # fmt: skip
    Inspection.objects.filter(pk=live.team.inspection.pk).update(report_stage="factual_accuracy")
    page.goto(live.inspection("report/review/"))
    expect(page.get_by_role("link", name="Read the draft (HTML)")).to_be_visible()


@page_type("correction", who="lead")
def _correction(page: Any, live: LiveTeam) -> None:
    Inspection.objects.filter(pk=live.team.inspection.pk).update(
        is_published=True, published=timezone.localdate()
    )
    page.goto(live.inspection("report/correct/"))
    page.get_by_role("button", name="Publish the correction").click()
    expect(error_summary(page)).to_be_visible()


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


# The pages that keep who is who: people and organisations (administrators), one's own API
# tokens (everyone). Registered after the tests above were parametrized, so they are checked
# by the tests below: axe on a desktop's width and on a phone's, and no sideways scrolling.
_EARLIER_PAGES = set(PAGES)


def fill_in_a_user(page: Any, live: LiveTeam, username: str) -> None:
    """Add a user with no e-mail address, an analyst, through the form."""
    page.goto(live.at("/people/add/"))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Full name").fill("Fictional Analyst")
    page.get_by_label("Analyst", exact=True).check()
    page.get_by_role("button", name="Add the user").click()


@page_type("people", who="admin")
def _people(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/people/?role=viewer"))
    expect(page.get_by_role("link", name="Viewer", exact=True)).to_be_visible()


@page_type("person-add", who="admin")
def _person_add(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/people/add/"))
    expect(page.get_by_label("Unit or region they view")).to_be_visible()


@page_type("person-add-with-errors", who="admin")
def _person_add_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/people/add/"))
    page.get_by_label("User name").fill("lead")
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_label("Organisation viewer", exact=True).check()
    page.get_by_role("button", name="Add the user").click()
    expect(error_summary(page)).to_contain_text("Select the unit or region")
    expect(page.get_by_label("Unit or region they view")).to_be_visible()


@page_type("person-added-with-a-link-to-pass-on", who="admin")
def _person_added(page: Any, live: LiveTeam) -> None:
    fill_in_a_user(page, live, "fictional.analyst.with.a.long.user.name")
    expect(page.locator("#one-time-link")).to_contain_text("/set-password/")


@page_type("person", who="admin")
def _person(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/people/user/viewer/"))
    expect(page.get_by_role("button", name="Send a new one-time link")).to_be_visible()


@page_type("person-role-add", who="admin")
def _person_role_add(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/people/user/viewer/roles/add/"))
    page.get_by_role("button", name="Add the role").click()
    expect(error_summary(page)).to_contain_text("Select a role")


@page_type("person-role-remove", who="admin")
def _person_role_remove(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/people/user/viewer/"))
    page.get_by_role("link", name="Remove the role Organisation viewer of Test PDU").click()
    expect(page.get_by_role("button", name="Remove the role")).to_be_visible()


@page_type("person-deactivate-refused", who="admin")
def _person_deactivate_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/people/user/admin/deactivate/"))
    expect(page.get_by_text("You cannot deactivate your own account")).to_be_visible()


@page_type("people-refused", who="lead")
def _people_refused(page: Any, live: LiveTeam) -> None:
    assert page.goto(live.at("/people/")).status == 403
    expect(page.get_by_text("Only administrators may manage users")).to_be_visible()


@page_type("organisations", who="admin")
def _organisations(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/organisations/"))
    expect(page.get_by_role("link", name="Change Test PDU")).to_be_visible()


@page_type("organisation-add-with-errors", who="admin")
def _organisation_add_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/organisations/add/"))
    page.get_by_label("Unit", exact=True).check()
    page.get_by_label("Name").fill("Test PDU")
    page.get_by_label("Slug").fill("not a slug")
    page.get_by_role("button", name="Add the organisation").click()
    expect(error_summary(page)).to_contain_text("Slug must use only letters")


@page_type("organisation-change", who="admin")
def _organisation_change(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/organisations/test-pdu/change/"))
    expect(page.get_by_role("button", name="Save the changes")).to_be_visible()


@page_type("api-tokens-with-a-new-token", who="inspector_a")
def _api_tokens(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/account/tokens/"))
    page.get_by_label("What is the token for?").fill("Nightly export")
    page.get_by_role("button", name="Create a token").click()
    expect(page.get_by_text("it will not be shown again")).to_be_visible()


@page_type("api-token-revoke", who="inspector_a")
def _api_token_revoke(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/account/tokens/"))
    page.get_by_label("What is the token for?").fill("Nightly export")
    page.get_by_role("button", name="Create a token").click()
    page.get_by_role("link", name="Revoke the token for Nightly export").click()
    expect(page.get_by_role("button", name="Revoke the token")).to_be_visible()


DIRECTORY_PAGES = [name for name in PAGES if name not in _EARLIER_PAGES]


@pytest.mark.parametrize("name", DIRECTORY_PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violation_on_the_people_organisation_and_token_pages(
    contexts, live_team, name, viewport
):
    page = opened(contexts, live_team, name, viewport)
    assert serious_violations(page) == []
    if viewport is PHONE:
        assert sideways_overflow(page) <= 0, widest(page)


def test_an_administrators_menu_on_a_phone_has_no_serious_or_critical_violation(
    contexts, live_team
):
    page = opened(contexts, live_team, "people", PHONE)
    page.get_by_role("button", name="Menu").click()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Organisations")).to_be_visible()
    expect(menu.get_by_role("link", name="Your API tokens")).to_be_visible()
    assert serious_violations(page) == []
