"""Writing the report in a real browser, under the application's Content-Security-Policy and
without JavaScript of its own: the lead opens a section from the task list, sees the finding
on a typed figure beside the paragraph, ties it with the proposal's button, previews the
paragraph with the figure filled in, saves it, and reads the old text in its history.

Every fact of the cases is fictional."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from probity.web.inspections.models import NarrativeParagraph

from .browser_fixtures import watch

pytestmark = [pytest.mark.browser, pytest.mark.integration]
TYPED = "In 2 out of 3 cases the plan was sufficient."


def test_the_lead_ties_a_typed_figure_previews_and_saves_the_paragraph(contexts, live_team):
    team = live_team.team
    NarrativeParagraph.objects.bulk_create(
        [NarrativeParagraph(inspection=team.inspection, position=0, section="2.2", part="text",
                            text=TYPED)]
    )  # fmt: skip
    made = NarrativeParagraph.objects.get(inspection=team.inspection)
    context = contexts("lead")
    console = watch(context)
    page = context.new_page()
    page.goto(live_team.inspection("report/write/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Write the report")
    expect(page.locator("#sections")).to_contain_text("1 open finding")
    page.get_by_role("link", name="2.2 Assessment").click()
    beside = page.locator(f"#findings-{made.pk}")
    expect(beside).to_contain_text("Not tied to a figure")
    # The findings sit to the right of the text, not under it.
    text_box = page.locator(f"#text-{made.pk}").bounding_box()
    findings_box = beside.bounding_box()
    assert text_box is not None
    assert findings_box is not None
    assert findings_box["x"] > text_box["x"] + text_box["width"]
    beside.get_by_role("button", name="Tie to").first.click()
    page.wait_for_load_state()
    expect(page.locator(f"#text-{made.pk}")).to_have_value(
        # the literal, now bound to the figure the button named
        re.compile(r'\{\{ "2 out of 3" \| about\(')
    )
    expect(page.locator(f"#findings-{made.pk}")).not_to_contain_text("Not tied to a figure")
    page.get_by_role("button", name="Preview row").click()
    page.wait_for_load_state()
    expect(page.locator(f"#preview-{made.pk}")).to_contain_text("2 out of 3 cases")
    page.get_by_role("button", name="Save row").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The paragraph is saved")
    assert "about(" in NarrativeParagraph.objects.get(pk=made.pk).text
    expect(page.locator("#history + table")).to_contain_text(TYPED)
    assert console.policy_refusals() == []
