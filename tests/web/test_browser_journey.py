"""A new inspection from start to ratings in a real browser, under the application's own
Content-Security-Policy, on a database holding nothing but the first administrator (as
`probity users add ADMIN --role admin` makes them) and its organisations:

the administrator sets their password from their one-time link, signs in and adds a lead
inspector; the lead sets their password from theirs, creates an inspection, uploads a list of
eligible cases with one bad row (the error is shown, located; the corrected list is loaded),
draws the sample, invites two inspectors by e-mail and shares the cases between them; each
inspector sets their password from the e-mailed link, assesses one case and submits it; the
lead returns one with a reason, its inspector reads it, corrects and resubmits; the lead
quality-assures both, judges domain one, and reads the ratings page.

Every fact of the cases is fictional.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from probity.framework import load_framework
from probity.web.inspections import accounts
from probity.web.inspections.models import Case, CaseStatus, Judgement
from probity.web.inspections.organisations import Organisation, OrganisationKind, Role

from .browser_fixtures import DESKTOP, give_second_factor, watch
from .setup_support import eligible_csv

pytestmark = [pytest.mark.browser, pytest.mark.integration]

FRAMEWORK = "hmip-adult-pdu-2021"
INSPECTION = "north-pdu-2027"
PASSWORDS = {
    "admin": "Fictional admin pass 2027!",
    "lead": "Fictional lead pass 2027!",
    "ann@example.org": "Fictional Ann pass 2027!",
    "bob@example.org": "Fictional Bob pass 2027!",
}
REASON = (
    "Fictional: the answer to 2.2.1 does not match the case notes; look again at the plan's "
    "risk section and record what it says about contact with the victim before resubmitting."
)


def local(live_server: Any, link: str) -> str:
    """A one-time link (made with the configured base address) on the live server."""
    parts = urlsplit(link)
    return f"{live_server.url}{parts.path}"


def link_in(message: str) -> str:
    found = re.search(r"https?://\S+/set-password/\S+/", message)
    assert found, message
    return found.group(0)


def set_password(page: Any, url: str, password: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("New password confirmation").fill(password)
    page.get_by_role("button", name="Set password").click()
    page.wait_for_load_state()


def sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORDS[username])
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    give_second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspections")


def fill_date(page: Any, legend: str, when: Any) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(when.day))
    group.get_by_label("Month").fill(str(when.month))
    group.get_by_label("Year").fill(str(when.year))


def upload(page: Any, text: str) -> None:
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "eligible.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Upload the list").click()


def answer_every_standard(page: Any, first_answer: str = "yes") -> None:
    """From a case's page, every standard it is asked in turn: each radio group answered
    "yes" where it may be (else "na"), the first key question ``first_answer``; back on the
    case's page at the end."""
    case_page = page.url
    links = page.locator("a", has_text=re.compile(r"^\d+\.\d+ ")).all()
    hrefs = [link.get_attribute("href") for link in links]
    for n, href in enumerate(hrefs):
        page.goto(f"{urlsplit(case_page).scheme}://{urlsplit(case_page).netloc}{href}")
        names = page.eval_on_selector_all(
            "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
        )
        for name in names:
            offered = page.locator(f"input[type=radio][name='{name}']")
            values = [offered.nth(i).get_attribute("value") for i in range(offered.count())]
            chosen = "yes" if "yes" in values else values[-1]
            if n == 0 and name == names[-1] and first_answer in values:
                chosen = first_answer
            page.locator(f"input[type=radio][name='{name}'][value='{chosen}']").check()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator(".govuk-error-summary")).to_have_count(0)
        if n == 0 and first_answer == "no":  # a warning, not a block
            expect(page.get_by_text(re.compile(r"is answered No, but"))).to_be_visible()
    page.goto(case_page)


def submit_through_check(page: Any, case_id: str) -> None:
    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Check your answers before submitting case {case_id}"
    )
    page.get_by_role("button", name="Submit case").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Case {case_id} submitted for quality assurance"
    )


@pytest.fixture
def first_start(transactional_db: None) -> dict[str, str]:
    """What a new installation has before anyone signs in: the inspectorate, a region and a
    unit (fictional), and the first administrator with their one-time link."""
    top = Organisation.objects.create(
        kind=OrganisationKind.INSPECTORATE, name="Fictional Inspectorate", slug="inspectorate"
    )
    region = Organisation.objects.create(
        kind=OrganisationKind.REGION, name="North Fictional", slug="north", parent=top
    )
    Organisation.objects.create(
        kind=OrganisationKind.UNIT, name="North Fictional PDU", slug="north-pdu", parent=region
    )
    admin = accounts.add_user("admin", Role.ADMIN, full_name="Ada Admin")
    return {"admin": accounts.password_link(admin)}


def test_a_new_inspection_runs_from_set_up_to_the_ratings_page_in_the_browser(
    browser: Any, live_server: Any, first_start: dict[str, str]
) -> None:
    contexts = []

    def person() -> Any:
        context = browser.new_context(viewport=DESKTOP)
        contexts.append((context, watch(context)))
        return context.new_page()

    try:
        _journey(person, live_server, first_start)
        for _, console in contexts:
            assert console.policy_refusals() == []
    finally:
        for context, _ in contexts:
            context.close()


def _journey(person: Any, live_server: Any, first_start: dict[str, str]) -> None:
    # The administrator adds the lead inspector.
    admin = person()
    set_password(admin, local(live_server, first_start["admin"]), PASSWORDS["admin"])
    sign_in(admin, live_server, "admin")
    admin.get_by_role("link", name="People").click()
    admin.get_by_role("button", name="Add a user").click()
    admin.get_by_label("Full name").fill("Lee Lead")
    admin.get_by_label("User name").fill("lead")
    admin.get_by_label("Lead inspector", exact=True).check()
    admin.get_by_role("button", name="Add the user").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("User added")
    lead_link = admin.locator("#one-time-link").inner_text()

    # The lead creates the inspection.
    lead = person()
    set_password(lead, local(live_server, lead_link), PASSWORDS["lead"])
    sign_in(lead, live_server, "lead")
    lead.get_by_role("button", name="Create an inspection").click()
    start = timezone.localdate() + timedelta(days=30)
    lead.locator(f"input[name=framework][value={FRAMEWORK}]").check()
    lead.get_by_label("Unit inspected").select_option("north-pdu")
    lead.get_by_label("Inspection id").fill(INSPECTION)
    fill_date(lead, "Fieldwork start", start)
    fill_date(lead, "Fieldwork end", start + timedelta(days=4))
    fill_date(lead, "Start of sample window 1", start - timedelta(days=200))
    fill_date(lead, "End of sample window 1", start - timedelta(days=150))
    lead.get_by_label("Lead inspector’s name").fill("Lee Lead")
    lead.get_by_role("button", name="Create the inspection").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Set up the inspection")

    # The list of eligible cases: one bad row, shown where it is; then the corrected list.
    lead.get_by_role("link", name="List of eligible cases").click()
    upload(lead, eligible_csv(12, bad_row=5))
    summary = lead.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Row 6, column case_type")
    expect(summary).to_contain_text("nothing was loaded")
    upload(lead, eligible_csv(12))
    expect(lead.locator("#eligible-count")).to_contain_text("12 eligible cases loaded")

    # The sample: four cases, from a seed the page shows.
    lead.get_by_role("link", name="Go to the sample").click()
    lead.get_by_label("Sample size").fill("4")
    lead.get_by_label("Seed").fill("2027")
    lead.get_by_role("button", name="Draw the sample").click()
    expect(lead.locator("#draw-record")).to_contain_text("4 of 12 eligible cases, seed 2027")
    drawn = list(
        Case.objects.filter(inspection__inspection_id=INSPECTION)
        .order_by("position")
        .values_list("case_id", flat=True)
    )
    assert len(drawn) == 4
    assert set(Case.objects.filter(case_id__in=drawn).values_list("status", flat=True)) == {
        CaseStatus.NOT_STARTED
    }

    # The team: two inspectors invited by e-mail.
    links = {}
    for name, address in (
        ("Ann Inspector", "ann@example.org"),
        ("Bob Inspector", "bob@example.org"),
    ):
        lead.goto(f"{live_server.url}/inspections/{INSPECTION}/team/")
        lead.get_by_role("link", name=re.compile("Invite")).click()
        lead.get_by_label("Full name").fill(name)
        lead.get_by_label("E-mail address").fill(address)
        lead.get_by_role("button", name="Invite them").click()
        expect(lead.get_by_role("alert")).to_contain_text(name)
        sent = [m for m in mail.outbox if address in m.to]
        assert len(sent) == 1
        links[address] = link_in(sent[0].body)
    assert PASSWORDS["ann@example.org"] not in lead.content()

    # The cases shared between them.
    lead.goto(f"{live_server.url}/inspections/{INSPECTION}/cases/")
    lead.get_by_label("Ann Inspector").check()
    lead.get_by_label("Bob Inspector").check()
    lead.get_by_role("button", name="Share the unassigned cases").click()
    expect(lead.get_by_role("alert")).to_contain_text("4")
    shared = dict(
        Case.objects.filter(inspection__inspection_id=INSPECTION).values_list(
            "case_id", "assessor__username"
        )
    )
    assert sorted(shared.values()) == ["ann@example.org"] * 2 + ["bob@example.org"] * 2

    # Each inspector assesses one case and submits it; Ann's first answer runs against its
    # prompts (she is warned, not stopped).
    done = {}
    for address in ("ann@example.org", "bob@example.org"):
        page = person()
        set_password(page, local(live_server, links[address]), PASSWORDS[address])
        sign_in(page, live_server, address)
        page.get_by_role("link", name="North Fictional PDU").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your cases")
        case_id = next(c for c, who in shared.items() if who == address)
        page.goto(f"{live_server.url}/inspections/{INSPECTION}/cases/{case_id}/")
        answer_every_standard(page, "no" if address.startswith("ann") else "yes")
        submit_through_check(page, case_id)
        done[address] = (page, case_id)

    # The lead returns Ann's case with a reason; she reads it, corrects it and resubmits.
    ann, ann_case = done["ann@example.org"]
    lead.goto(f"{live_server.url}/inspections/{INSPECTION}/cases/{ann_case}/review/")
    lead.get_by_label(f"Why case {ann_case} is returned").fill(REASON)
    lead.get_by_role("button", name="Return to inspector").click()
    expect(lead.get_by_role("alert")).to_contain_text(f"Case {ann_case} returned to the inspector")
    ann.goto(f"{live_server.url}/inspections/{INSPECTION}/")
    expect(ann.locator(f"#returned-{ann_case}")).to_contain_text(REASON)
    ann.goto(f"{live_server.url}/inspections/{INSPECTION}/cases/{ann_case}/")
    expect(ann.get_by_text(REASON)).to_be_visible()
    answer_every_standard(ann, "yes")
    submit_through_check(ann, ann_case)

    # The lead quality-assures both in one step.
    lead.goto(f"{live_server.url}/inspections/{INSPECTION}/cases/")
    for _, case_id in done.values():
        lead.get_by_label(f"Select case {case_id}").check()
    lead.get_by_role("button", name="Quality-assure the selected cases").click()
    expect(lead.get_by_role("alert")).to_contain_text("2")
    assured = Case.objects.filter(
        inspection__inspection_id=INSPECTION, status=CaseStatus.QUALITY_ASSURED
    )
    assert sorted(assured.values_list("case_id", flat=True)) == sorted(c for _, c in done.values())

    # Domain one: each judged standard, Good (no cap is in force on two cases).
    fw = load_framework(FRAMEWORK)
    judged = [s for s in fw.standards if s.rule.is_judgement]
    for standard in judged:
        lead.goto(f"{live_server.url}/inspections/{INSPECTION}/domain-one/{standard.id}/")
        lead.get_by_label("Good", exact=True).check()
        lead.get_by_label("Evidence").fill(f"Fictional evidence for {standard.id}.")
        lead.get_by_role("button", name="Save the judgement").click()
        expect(lead.locator(".govuk-error-summary")).to_have_count(0)
    assert Judgement.objects.filter(inspection__inspection_id=INSPECTION).count() == len(judged)

    # The ratings page, as it stands: the judgements recorded, and each key question's figure
    # from the two cases assessed (every answer "yes" after Ann's correction).
    lead.goto(f"{live_server.url}/inspections/{INSPECTION}/")
    expect(lead.get_by_role("heading", name="Ratings as they stand")).to_be_visible()
    judgements = lead.locator("table", has_text="The inspectors’ judgements")
    for standard in judged:
        row = judgements.get_by_role("row", name=re.compile(rf"^{re.escape(standard.id)} "))
        expect(row).to_contain_text("Good")
    row = lead.get_by_role("row", name=re.compile(r"^2\.2\.1 "))
    expect(row.get_by_role("cell").nth(0)).to_have_text("100%")
    expect(row.get_by_role("cell").nth(1)).to_have_text("2 of 2")
