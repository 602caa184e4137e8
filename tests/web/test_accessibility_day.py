"""The pages of an inspector's day, moderation at scale and exports, in a real browser: axe-core
finds no serious or critical violation at 1280 and 375 px, and on a phone the page does not
scroll sideways. Uses the machinery of test_accessibility.py (its registry of page kinds)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from probity.web.inspections.models import Answer, Case, CaseStatus
from probity.web.inspections.store import DjangoStore
from probity.workflow import services
from tests.browser_support import serious_violations

from .browser_fixtures import DESKTOP, PHONE, LiveTeam, sideways_overflow
from .test_accessibility import PAGES, error_summary, heading, opened, page_type, t1, widest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

_BEFORE = set(PAGES)
REASON = "Fictional: 2.2.1 needs the evidence the notes promise."


def _return_t1(live: LiveTeam) -> None:
    store = DjangoStore()
    services.return_case(
        store, store.actor(live.team.lead.pk), live.team.inspection.inspection_id, "T1",
        t1(live).version, REASON,
    )  # fmt: skip


@page_type("day-your-cases-with-a-returned-case", who="inspector_a")
def _your_cases(page: Any, live: LiveTeam) -> None:
    Case.objects.filter(inspection=live.team.inspection, case_id="T3").update(
        status=CaseStatus.IN_PROGRESS
    )
    _return_t1(live)
    page.goto(live.inspection("your-cases/"))
    expect(heading(page)).to_have_text("Your cases")
    expect(page.get_by_text(REASON).first).to_be_visible()


@page_type("day-standard-with-guidance-and-a-warning", who="inspector_a")
def _standard(page: Any, live: LiveTeam) -> None:
    Answer.objects.filter(case=t1(live), question_id="2.2.1").update(answer="no")
    page.goto(live.inspection("cases/T1/standards/2.2/"))
    expect(page.get_by_text("Standard 2 of")).to_be_visible()
    page.get_by_text("Guidance on 2.2.3").click()
    expect(page.locator("[id='warning-2.2.1']")).to_be_visible()


@page_type("day-check-your-answers", who="inspector_a")
def _check(page: Any, live: LiveTeam) -> None:
    Answer.objects.filter(case=t1(live), question_id__in=["2.2.1", "2.3.1.a"]).delete()
    Case.objects.filter(pk=t1(live).pk).update(status=CaseStatus.IN_PROGRESS)
    page.goto(live.inspection("cases/T1/check/"))
    expect(page.get_by_text("cannot be submitted yet")).to_be_visible()


@page_type("day-case-list-for-the-lead", who="lead")
def _case_list(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/"))
    expect(page.get_by_role("button", name="Assign the selected cases")).to_be_visible()


@page_type("day-bulk-assignment-refused", who="lead")
def _bulk_refused(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/"))
    page.get_by_label("Select case T1").check()
    page.get_by_label("Select case T2").check()
    page.get_by_label("Assign the selected cases to").select_option(label="Inspector B")
    Case.objects.filter(pk=t1(live).pk).update(
        version=F("version") + 1, updated_by=live.team.inspector_a, updated_at=timezone.now()
    )
    page.get_by_role("button", name="Assign the selected cases").click()
    expect(error_summary(page)).to_contain_text("Case T1 was changed by Inspector A")


@page_type("day-case-review", who="quality_lead")
def _review(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("cases/T1/review/"))
    expect(page.get_by_role("button", name="Return to inspector")).to_be_visible()


@page_type("day-export", who="lead")
def _export(page: Any, live: LiveTeam) -> None:
    store = DjangoStore()
    services.export(
        store, store.actor(live.team.lead.pk), live.team.inspection.inspection_id, "csv"
    )
    page.goto(live.inspection("export/"))
    expect(page.get_by_role("button", name="Download")).to_be_visible()


DAY_PAGES = [name for name in PAGES if name not in _BEFORE]


@pytest.mark.parametrize("name", DAY_PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violation_on_the_day_s_pages(
    contexts, live_team, name, viewport
):
    page = opened(contexts, live_team, name, viewport)
    assert serious_violations(page) == []
    if viewport is PHONE:
        assert sideways_overflow(page) <= 0, widest(page)
