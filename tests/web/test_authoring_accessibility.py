"""The pages that write the report, in a real browser: axe-core finds no serious or critical
violation at a desktop's width and a phone's, and on the phone the page does not scroll
sideways (a section with a finding beside its paragraph and a refused save; a practice
example refused at its field; the recommendations; the figures' tables). Reuses the
machinery of test_accessibility.py (its page registry and how a page is opened).

Every fact of the cases is fictional."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from probity.web.inspections.models import NarrativeParagraph, Recommendation, StaffingFigure
from tests.browser_support import serious_violations

from .browser_fixtures import DESKTOP, PHONE, LiveTeam, sideways_overflow
from .test_accessibility import PAGES, error_summary, heading, opened, page_type, widest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

_EARLIER = set(PAGES)


def _words(live: LiveTeam) -> None:
    inspection = live.team.inspection
    NarrativeParagraph.objects.create(
        inspection=inspection, position=0, section="1.1", part="text", heading="Leadership",
        text="In 2 out of 3 cases the plan was sufficient, a long sentence of fictional words.",
    )  # fmt: skip
    Recommendation.objects.create(
        inspection=inspection, position=0, kind="previous", number=1,
        text="Fictional: improve plans.", source="2019", progress="no_progress",
        improvement_required=True,
    )  # fmt: skip
    StaffingFigure.objects.create(inspection=inspection, position=0, section="key",
                                  measure="Staff (FTE)", value=20, unit="fte")  # fmt: skip


@page_type("write-report", who="lead")
def _tasks(page: Any, live: LiveTeam) -> None:
    _words(live)
    page.goto(live.inspection("report/write/"))
    expect(heading(page)).to_have_text("Write the report")


@page_type("write-section-refused", who="lead")
def _section(page: Any, live: LiveTeam) -> None:
    _words(live)
    page.goto(live.inspection("report/write/section/1.1/"))
    page.locator("#text-new").fill('{{ kq["9.9.9"] }}')
    page.get_by_role("button", name="Add the paragraph").click()
    expect(error_summary(page)).to_be_visible()
    page.locator("details.govuk-details summary").first.click()


@page_type("write-example-refused", who="lead")
def _example(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("report/write/examples/new/"))
    page.get_by_role("button", name="Save the practice example").click()
    expect(error_summary(page)).to_be_visible()


@page_type("write-recommendations", who="lead")
def _recommendations(page: Any, live: LiveTeam) -> None:
    _words(live)
    page.goto(live.inspection("report/write/recommendations/"))
    expect(heading(page)).to_have_text("Recommendations")


@page_type("write-figures-refused", who="lead")
def _figures(page: Any, live: LiveTeam) -> None:
    _words(live)
    page.goto(live.inspection("report/write/figures/"))
    page.get_by_label("Staff (FTE)").fill("many")
    page.get_by_role("button", name="Save the staffing figures").click()
    expect(error_summary(page)).to_be_visible()


@page_type("write-glossary-refused", who="lead")
def _glossary(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("report/write/glossary/"))
    page.locator("#term-new").fill("Fictional hub")
    page.get_by_role("button", name="Add the term").click()
    expect(error_summary(page)).to_be_visible()


AUTHORING_PAGES = [name for name in PAGES if name not in _EARLIER]


@pytest.mark.parametrize("name", AUTHORING_PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violation_on_the_pages_that_write_the_report(
    contexts, live_team, name, viewport
):
    page = opened(contexts, live_team, name, viewport)
    assert serious_violations(page) == []
    if viewport is PHONE:
        assert sideways_overflow(page) <= 0, widest(page)
