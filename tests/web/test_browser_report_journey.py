"""The report from first words to a corrected publication, in a real browser under the
application's Content-Security-Policy:

the lead writes a paragraph for a standard with a reference and a typed figure that is wrong,
sees the finding beside it and fixes it; adds a practice example about a case under a
pseudonym; records the progress found on a previous recommendation; sends the draft for
factual accuracy; the PDU's nominated viewer reads the draft (marked as under embargo on its
pages), sees nothing else of the inspection, and comments; the lead resolves the comment,
sends the report to final and publishes; the published report shows the new words; a
correction makes version 2 with its notice, and version 1 stays readable as published.

Every fact of the cases is fictional. The cases are quality-assured before the journey
starts (that step in the browser: tests/web/test_browser_journey.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from probity.web.inspections.models import (
    Case,
    CaseStatus,
    Inspection,
    Membership,
    NarrativeParagraph,
    Part,
    PracticeExample,
    Recommendation,
)
from probity.web.inspections.report_review import ReportComment, ReportVersion

from .browser_fixtures import LiveTeam, watch

pytestmark = [pytest.mark.browser, pytest.mark.integration]

WRONG = (
    'Only {{ kq["2.2.3"] }} of the plans were sufficient: in '
    '{{ "2 out of 3" | about(kq["2.2.3"]) }} cases the plan kept others safe.'
)
RIGHT = WRONG.replace('"2 out of 3"', '"3 out of 3"')
CORRECTED = RIGHT + " Fictional: one sentence added in correction."


def _prepare(live: LiveTeam) -> None:
    team = live.team
    Case.objects.filter(inspection=team.inspection).update(status=CaseStatus.QUALITY_ASSURED)
    Recommendation.objects.create(
        inspection=team.inspection, position=0, kind="previous", number=1,
        text="Fictional: improve the quality of plans to keep others safe.",
        source="The previous inspection",
    )  # fmt: skip
    Membership.objects.create(user=team.viewer, inspection=team.inspection, role=Part.VIEWER)


def _form_of(page: Any, paragraph: int) -> Any:
    """The form holding one paragraph's text."""
    return page.locator("form", has=page.locator(f"#text-{paragraph}"))


def _write_the_paragraph(page: Any, live: LiveTeam) -> int:
    page.goto(live.inspection("report/write/"))
    page.get_by_role("link", name="2.2 Assessment").click()
    page.locator("#text-new").fill(WRONG)
    page.get_by_role("button", name="Add the paragraph").click()
    page.wait_for_load_state()
    made = NarrativeParagraph.objects.get(inspection=live.team.inspection, section="2.2")
    beside = page.locator(f"#findings-{made.pk}")
    expect(beside).to_contain_text("“2 out of 3”")
    expect(beside).to_contain_text('kq["2.2.3"], which is 3 “Yes” out of 3 (100%)')
    page.locator(f"#text-{made.pk}").fill(RIGHT)
    _form_of(page, made.pk).get_by_role("button", name=re.compile("^Save row")).click()
    page.wait_for_load_state()
    expect(page.locator(f"#findings-{made.pk}")).to_contain_text("No finding")
    return made.pk


def _practice_example_and_progress(page: Any, live: LiveTeam) -> None:
    page.goto(live.inspection("report/write/examples/new/"))
    page.get_by_label("Standard").select_option("2.2")
    page.get_by_label("Good practice").check()
    page.get_by_label("Case it is about").select_option("T1")
    page.get_by_label("Pseudonym").fill("Sam")
    page.get_by_label("The example").fill("Fictional: Sam's plan set out who to contact and when.")
    page.get_by_role("button", name="Save the practice example").click()
    page.wait_for_load_state()
    example = PracticeExample.objects.get(inspection=live.team.inspection)
    assert (example.pseudonym, example.case_id) == ("Sam", "T1")
    page.goto(live.inspection("report/write/recommendations/"))
    page.get_by_label("Progress found").select_option("some_progress")
    page.get_by_label("Findings").fill("Fictional: plans were better, not yet good enough.")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save the progress").click()
    page.wait_for_load_state()
    previous = Recommendation.objects.get(inspection=live.team.inspection, kind="previous")
    assert (previous.progress, previous.improvement_required) == ("some_progress", True)


def _send_to(page: Any, live: LiveTeam, stage: str) -> None:
    page.goto(live.inspection("report/review/"))
    page.get_by_label(stage, exact=True).check()
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"The report is now at the stage: {stage}")).to_be_visible()


def _the_pdu_reviews(contexts: Any, live: LiveTeam) -> None:
    context = contexts("viewer")
    page = context.new_page()
    page.goto(live.at("/inspections/"))
    expect(page.get_by_text("Factual-accuracy review of the draft report")).to_be_visible()
    # Nothing of the inspection but its draft report and the review.
    for path in ("", "cases/", "report/figures/", "report/write/"):
        assert page.goto(live.inspection(path)).status == 403, path
    page.goto(live.inspection("report/review/"))
    page.get_by_role("link", name="Read the draft (HTML)").click()
    page.wait_for_load_state()
    expect(page.get_by_role("note")).to_have_text("Draft: under embargo, not for publication")
    expect(page.locator("body")).to_contain_text("3 out of 3 cases the plan kept others safe")
    page.goto(live.inspection("report/review/"))
    page.get_by_label("Part of the report").select_option("1.2")
    page.get_by_label("Your comment").fill("Fictional: the vacancy rate was 15% in June.")
    page.get_by_role("button", name="Send the comment").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Fictional: the vacancy rate was 15% in June.")).to_be_visible()
    expect(page.get_by_role("button", name="Resolve this comment")).to_have_count(0)


def test_the_lead_writes_checks_reviews_publishes_and_corrects_the_report(contexts, live_team):
    _prepare(live_team)
    context = contexts("lead")
    console = watch(context)
    page = context.new_page()
    made = _write_the_paragraph(page, live_team)
    _practice_example_and_progress(page, live_team)
    _send_to(page, live_team, "Factual-accuracy review")

    _the_pdu_reviews(contexts, live_team)

    page.goto(live_team.inspection("report/review/"))
    page.get_by_label("What was done about it").fill("Fictional: checked; 16.6% stands.")
    page.get_by_role("button", name="Resolve this comment").click()
    page.wait_for_load_state()
    assert ReportComment.objects.get().resolution == "Fictional: checked; 16.6% stands."
    _send_to(page, live_team, "Final")
    page.goto(live_team.inspection("publish/"))
    page.get_by_role("button", name="Publish the report").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Published", exact=True)).to_be_visible()
    page.get_by_role("link", name="View the report (HTML)").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("3 out of 3 cases the plan kept others safe")
    expect(page.locator(".draft-mark")).to_have_count(0)

    # A correction: the words changed after publication, published as version 2.
    page.goto(live_team.inspection("report/write/section/2.2/"))
    page.locator(f"#text-{made}").fill(CORRECTED)
    _form_of(page, made).get_by_role("button", name=re.compile("^Save row")).click()
    page.wait_for_load_state()
    page.goto(live_team.inspection("report/"))
    page.get_by_role("link", name="Publish a correction").click()
    page.get_by_label("Correction notice: what was corrected, and why").fill(
        "Fictional: a sentence on plans was added."
    )
    page.get_by_role("button", name="Publish the correction").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Version 2 of the report is published")).to_be_visible()
    assert list(ReportVersion.objects.values_list("number", flat=True)) == [1, 2]
    page.get_by_role("link", name="Version 1").click()
    page.wait_for_load_state()
    expect(page.locator("body")).not_to_contain_text("one sentence added in correction")
    page.goto(live_team.inspection("report/versions/2.html"))
    expect(page.locator("#corrections-heading")).to_have_text("Correction notice")
    expect(page.locator("body")).to_contain_text("Fictional: a sentence on plans was added.")
    expect(page.locator("body")).to_contain_text("one sentence added in correction")
    assert Inspection.objects.get(pk=live_team.team.inspection.pk).is_published
    assert console.policy_refusals() == []
