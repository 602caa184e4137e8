"""Setting up an inspection in a real browser, under the application's own
Content-Security-Policy: a lead creates an inspection, uploads a list of eligible cases with
one bad row and sees where it is, uploads the corrected list, draws the sample and sees its
cases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from probity.web.inspections.models import Case
from probity.web.inspections.sample import EligibleCase

from .browser_fixtures import watch
from .setup_support import eligible_csv, give_lead_role

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def fill_date(page, legend: str, when) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))


def choose_file(page, name: str, text: str) -> None:
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )


def test_a_lead_creates_an_inspection_uploads_the_list_draws_the_sample_and_sees_its_cases(
    contexts, live_team
):
    give_lead_role(live_team.team.lead)
    context = contexts("lead")
    console = watch(context)
    page = context.new_page()
    page.goto(live_team.at("/inspections/"))
    page.get_by_role("button", name="Create an inspection").click()

    start = timezone.localdate() + timedelta(days=60)
    page.locator("input[name=framework][value=hmip-adult-pdu-2021]").check()
    page.get_by_label("Unit inspected").select_option("test-pdu")
    page.get_by_label("Inspection id").fill("browser-pdu-2027")
    fill_date(page, "Fieldwork start", start)
    fill_date(page, "Fieldwork end", start + timedelta(days=4))
    fill_date(page, "Start of sample window 1", start - timedelta(days=200))
    fill_date(page, "End of sample window 1", start - timedelta(days=150))
    page.get_by_label("Lead inspector’s name").fill("Fictional Lead")
    page.get_by_role("button", name="Create the inspection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up the inspection")

    page.get_by_role("link", name="List of eligible cases").click()
    choose_file(page, "eligible.csv", eligible_csv(30, bad_row=7))
    page.get_by_role("button", name="Upload the list").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 8, column case_type: 'custody' is not one of")
    expect(summary).to_contain_text("nothing was loaded")
    assert not EligibleCase.objects.filter(inspection__inspection_id="browser-pdu-2027").exists()

    choose_file(page, "eligible.csv", eligible_csv(30))
    page.get_by_role("button", name="Upload the list").click()
    expect(page.locator("#eligible-count")).to_contain_text("30 eligible cases loaded")

    page.get_by_role("link", name="Go to the sample").click()
    expect(page.locator("#suggested-size")).to_contain_text("Suggested size")
    page.get_by_label("Sample size").fill("9")
    page.get_by_label("Seed").fill("2027")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.locator("#draw-record")).to_contain_text("9 of 30 eligible cases, seed 2027")
    drawn = list(
        Case.objects.filter(inspection__inspection_id="browser-pdu-2027").values_list(
            "case_id", flat=True
        )
    )
    assert len(drawn) == 9
    table = page.locator("#sampled-cases-table")
    for case_id in drawn:
        expect(table.get_by_role("rowheader", name=case_id, exact=True)).to_be_visible()
    assert console.policy_refusals() == []
