"""The set-up, sample and team pages in a real browser, as the lead or an administrator sees
them: axe-core finds no serious or critical violation at 1280 px and at 375 px, and on the
phone's width the page does not scroll sideways. The machinery is test_accessibility.py's;
these pages are registered here, in their own list."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from probity.bundle.eligible import read_eligible
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from probity.workflow.store import InspectionSpec
from tests.browser_support import serious_violations

from .browser_fixtures import DESKTOP, PHONE, LiveTeam, sideways_overflow
from .setup_support import NEW_ID, eligible_csv
from .test_accessibility import PageType, error_summary, heading, widest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SETUP_PAGES: dict[str, PageType] = {}


def setup_page(name: str, who: str) -> Callable[[Callable[[Any, LiveTeam], None]], Any]:
    """Register how a set-up page is reached, under its test id."""

    def register(open_page: Callable[[Any, LiveTeam], None]) -> Callable[[Any, LiveTeam], None]:
        SETUP_PAGES[name] = PageType(who, open_page)
        return open_page

    return register


def new_inspection(live: LiveTeam, *, eligible: int = 0, size: int = 0) -> str:
    """A new inspection the administrator leads, fieldwork to come: with a list of
    ``eligible`` fictional cases, and a sample of ``size`` drawn from it (seed 7)."""
    store = DjangoStore()
    admin = store.actor_of(live.team.admin)
    start = timezone.localdate() + timedelta(days=60)
    spec = InspectionSpec(
        NEW_ID, "hmip-adult-pdu-2021", "test-pdu", start, start + timedelta(days=4),
        ((start - timedelta(days=200), start - timedelta(days=150)),), "Fictional Lead",
    )  # fmt: skip
    services.create_inspection(store, admin, spec)
    if eligible:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "eligible.csv"
            path.write_text(eligible_csv(eligible), encoding="utf-8")
            cases = read_eligible(path, store.framework_of(NEW_ID))
        services.load_eligible(store, admin, NEW_ID, cases)
    if size:
        services.draw(store, admin, NEW_ID, size, 7)
    return NEW_ID


def at(live: LiveTeam, inspection_id: str, path: str) -> str:
    return live.at(f"/inspections/{inspection_id}/{path}")


@setup_page("inspection-new", who="admin")
def _new(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/inspections/new/"))
    expect(heading(page)).to_have_text("Create an inspection")


@setup_page("inspection-new-with-errors", who="admin")
def _new_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/inspections/new/"))
    page.get_by_label("Day").first.fill("31")
    page.get_by_role("button", name="Create the inspection").click()
    expect(error_summary(page)).to_contain_text("Select the framework")


@setup_page("setup-task-list", who="lead")
def _tasks(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("setup/"))
    expect(heading(page)).to_have_text("Set up the inspection")


@setup_page("setup-details", who="admin")
def _details(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live), "setup/details/"))
    expect(page.get_by_role("button", name="Save the details")).to_be_visible()


@setup_page("setup-details-with-errors", who="admin")
def _details_refused(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live), "setup/details/"))
    page.get_by_label("Lead inspector’s name").fill("")
    page.get_by_role("button", name="Save the details").click()
    expect(error_summary(page)).to_contain_text("Enter the lead inspector’s name")


@setup_page("setup-details-closed", who="lead")
def _details_closed(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("setup/details/"))
    expect(page.get_by_text("the set-up is closed")).to_be_visible()


@setup_page("sample-eligible-empty", who="admin")
def _eligible(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live), "sample/eligible/"))
    expect(page.get_by_label("Upload a file")).to_be_visible()


@setup_page("sample-eligible-with-errors", who="admin")
def _eligible_refused(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live), "sample/eligible/"))
    bad = eligible_csv(8, bad_row=3).encode()
    page.set_input_files(
        "#eligible-file", files=[{"name": "e.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="Upload the list").click()
    expect(error_summary(page)).to_contain_text("Row 4, column case_type")


@setup_page("sample-eligible-loaded", who="admin")
def _eligible_loaded(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live, eligible=30), "sample/eligible/"))
    expect(page.locator("#eligible-count")).to_contain_text("30 eligible cases")


@setup_page("sample-planner", who="admin")
def _planner(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live, eligible=79), "sample/"))
    expect(page.locator("#suggested-size")).to_contain_text("44 cases")


@setup_page("sample-planner-with-errors", who="admin")
def _planner_refused(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live, eligible=79), "sample/?margin=x"))
    expect(error_summary(page)).to_contain_text("The margin must be a number")


@setup_page("sample-drawn", who="admin")
def _drawn(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live, eligible=30, size=10), "sample/"))
    expect(page.locator("#draw-record")).to_contain_text("seed 7")


@setup_page("sample-add-with-errors", who="admin")
def _add_refused(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live, eligible=12, size=6), "sample/add/"))
    page.get_by_role("button", name="Add the cases").click()
    expect(error_summary(page)).to_contain_text("Say why the cases are added")


@setup_page("sample-drop", who="admin")
def _drop(page: Any, live: LiveTeam) -> None:
    page.goto(at(live, new_inspection(live, eligible=12, size=6), "sample/"))
    page.get_by_role("link", name="Drop").first.click()
    page.get_by_role("button", name="Drop the case").click()
    expect(error_summary(page)).to_contain_text("Say why case")


@setup_page("team", who="lead")
def _team(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("team/"))
    expect(page.get_by_role("button", name="Add to the team")).to_be_visible()


@setup_page("team-with-errors", who="lead")
def _team_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("team/"))
    page.get_by_role("button", name="Add to the team").click()
    expect(error_summary(page)).to_contain_text("Select the person to add")


@setup_page("team-invite-with-errors", who="lead")
def _invite_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("team/invite/"))
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_role("button", name="Invite them").click()
    expect(error_summary(page)).to_contain_text("Enter their full name")


@setup_page("team-remove-last-lead", who="lead")
def _remove_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection(f"team/{live.team.lead.pk}/remove/"))
    page.get_by_role("button", name="Remove from the team").click()
    expect(error_summary(page)).to_contain_text("at least one lead inspector")


@pytest.mark.parametrize("name", list(SETUP_PAGES))
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violation_on_the_set_up_pages(
    contexts, live_team, name, viewport
):
    kind = SETUP_PAGES[name]
    page = contexts(kind.who, bypass_csp=True, viewport=viewport).new_page()
    kind.open(page, live_team)
    assert serious_violations(page) == []
    if viewport is PHONE:
        assert sideways_overflow(page) <= 0, widest(page)
