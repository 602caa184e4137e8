"""The API's reference page (/api/v1/docs) in a real browser: axe-core finds no serious or
critical violation at a desktop's width and a phone's, the page does not scroll sideways on
the phone, and under the Content-Security-Policy it loads with nothing refused. Reuses the
machinery of test_accessibility.py (its page registry and how a page is opened)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from probity.web.api import api
from tests.browser_support import serious_violations

from .browser_fixtures import DESKTOP, PHONE, LiveTeam, sideways_overflow, watch
from .test_accessibility import PAGES, heading, opened, page_type, widest

pytestmark = [pytest.mark.browser, pytest.mark.integration]

_EARLIER = set(PAGES)


def _every_operation_shown(page: Any) -> None:
    expect(heading(page)).to_have_text("API reference")
    schema = api.get_openapi_schema()
    summaries = [op["summary"] for item in schema["paths"].values() for op in item.values()]
    expect(page.locator("main h3")).to_have_count(len(summaries))


@page_type("api-reference", who=None)
def _reference(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/api/v1/docs"))
    _every_operation_shown(page)


@page_type("api-reference-signed-in", who="lead")
def _reference_signed_in(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/api/v1/docs"))
    _every_operation_shown(page)


API_PAGES = [name for name in PAGES if name not in _EARLIER]


@pytest.mark.parametrize("name", API_PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violation_on_the_api_reference(
    contexts, live_team, name, viewport
):
    page = opened(contexts, live_team, name, viewport)
    assert serious_violations(page) == []
    if viewport is PHONE:
        assert sideways_overflow(page) <= 0, widest(page)


def test_the_api_reference_loads_under_the_content_security_policy(contexts, live_team):
    context = contexts("lead")
    console = watch(context)
    page = context.new_page()
    page.goto(live_team.at("/api/v1/docs"))
    _every_operation_shown(page)
    page.get_by_role("link", name="Save answers (PATCH)").click()
    expect(page.get_by_role("heading", name="Save answers (PATCH)")).to_be_in_viewport()
    assert console.policy_refusals() == []
