"""The second-look pages in a real browser: axe-core finds no serious or critical violation
at 1280 and 375 px, and on a phone the page does not scroll sideways. Uses the machinery of
test_accessibility.py (its registry of page kinds)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from probity.web.inspections.store import DjangoStore
from probity.workflow import second_looks
from tests.browser_support import serious_violations

from .browser_fixtures import DESKTOP, PHONE, LiveTeam, sideways_overflow
from .test_accessibility import PAGES, error_summary, heading, opened, page_type, widest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

_BEFORE = set(PAGES)


def _mark_t1(live: LiveTeam) -> None:
    """T1 (inspector A's) marked for inspector B to assess blind."""
    store = DjangoStore()
    second_looks.request_second_looks(
        store, store.actor(live.team.lead.pk), live.team.inspection.inspection_id, ["T1"],
        live.team.inspector_b.pk,
    )  # fmt: skip


def _blind_t1(live: LiveTeam) -> None:
    """Inspector B's blind answers on T1: as the first, but 2.2.1 "no"."""
    _mark_t1(live)
    store = DjangoStore()
    iid = live.team.inspection.inspection_id
    asked = second_looks.questions(store, iid, "T1")
    answers = {q.question_id: "no" if q.question_id == "2.2.1" else "yes" for q in asked}
    second_looks.record_blind(store, store.actor(live.team.inspector_b.pk), iid, "T1", answers)


@page_type("second-looks-marking-refused", who="lead")
def _mark(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("second-looks/"))
    page.get_by_role("button", name="Mark for blind second assessment").click()
    expect(error_summary(page)).to_contain_text("Select the cases to assess a second time")


@page_type("second-looks-blind-form", who="inspector_b")
def _blind(page: Any, live: LiveTeam) -> None:
    _mark_t1(live)
    page.goto(live.inspection("cases/T1/second-look/"))
    expect(heading(page)).to_have_text("Second assessment of case T1")


@page_type("second-looks-dip-sample-disagreeing", who="quality_lead")
def _dip_sample(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/T2/dip-sample/"))
    page.locator("[id='q-2.2.3-disagree']").check()
    expect(page.locator("[id='reason-2.2.3']")).to_be_visible()


@page_type("second-looks-discrepancies", who="lead")
def _discrepancies(page: Any, live: LiveTeam) -> None:
    _blind_t1(live)
    page.goto(live.inspection("discrepancies/"))
    expect(page.get_by_role("button", name="Resolve").first).to_be_visible()


@page_type("second-looks-agreement", who="quality_lead")
def _agreement(page: Any, live: LiveTeam) -> None:
    _blind_t1(live)
    page.goto(live.inspection("agreement/"))
    expect(page.get_by_text("Per key question")).to_be_visible()


SECOND_LOOK_PAGES = [name for name in PAGES if name not in _BEFORE]


@pytest.mark.parametrize("name", SECOND_LOOK_PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violation_on_the_second_look_pages(
    contexts, live_team, name, viewport
):
    page = opened(contexts, live_team, name, viewport)
    assert serious_violations(page) == []
    if viewport is PHONE:
        assert sideways_overflow(page) <= 0, widest(page)
