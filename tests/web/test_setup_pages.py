"""Creating an inspection in the browser's pages, its set-up task list, and changing its
details until fieldwork ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from probity.web.inspections.models import Inspection, Membership, Part, SampleWindow
from tests.web.setup_support import NEW_ID, create_new, creation, dates_of, give_lead_role
from tests.web.team import INSPECTION_ID

pytestmark = pytest.mark.pages


def test_the_inspections_list_offers_the_create_button_only_to_those_the_policy_allows(
    signed_in, team
):
    button = "Create an inspection"
    assert button in signed_in("admin").get(reverse("inspections")).content.decode()
    assert button not in signed_in("inspector_a").get(reverse("inspections")).content.decode()
    assert button not in signed_in("lead").get(reverse("inspections")).content.decode()
    give_lead_role(team.lead)
    assert button in signed_in("lead").get(reverse("inspections")).content.decode()


def test_someone_without_the_lead_or_administrator_role_is_refused_the_creation_page(signed_in):
    response = signed_in("inspector_a").get(reverse("inspection-new"))
    assert response.status_code == 403
    assert "Only administrators and lead inspectors may create an inspection" in (
        response.content.decode()
    )


def test_the_creation_page_offers_the_installed_frameworks_and_the_units_by_region(signed_in):
    page = signed_in("admin").get(reverse("inspection-new")).content.decode()
    assert 'value="hmip-adult-pdu-2021"' in page
    assert 'value="hmip-youth-justice-2021"' in page
    assert '<optgroup label="Test region">' in page
    assert '<option value="test-pdu">Test PDU</option>' in page


def test_an_empty_creation_form_says_every_problem_at_once_on_its_fields(signed_in):
    response = signed_in("admin").post(reverse("inspection-new"), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Create an inspection" in page
    for anchor, problem in [
        ("#framework", "Select the framework the inspection follows"),
        ("#unit", "Select the unit inspected"),
        ("#fieldwork_start-day", "Enter the fieldwork start"),
        ("#fieldwork_end-day", "Enter the fieldwork end"),
        ("#window-1-start-day", "Enter at least one sample window"),
        ("#lead_inspector", "Enter the lead inspector’s name as the report prints it"),
    ]:
        assert f'<a href="{anchor}">{problem}</a>' in page, problem
        assert f"</span> {problem}</p>" in page, problem  # said at the field too
    assert not Inspection.objects.filter(inspection_id=NEW_ID).exists()


def test_dates_that_are_not_dates_are_named_and_what_was_typed_is_kept(signed_in):
    data = creation(**{"fieldwork_start-day": "31", "fieldwork_start-month": "2"})
    data["fieldwork_end-year"] = ""
    page = signed_in("admin").post(reverse("inspection-new"), data).content.decode()
    assert "Fieldwork start must be a real date" in page
    assert "Fieldwork end must include a year" in page
    assert 'name="fieldwork_start-day" type="text" inputmode="numeric" value="31"' in page
    assert 'value="Fictional Lead"' in page


def test_the_workflows_problems_with_the_dates_are_placed_on_their_fields(signed_in):
    start = timezone.localdate() + timedelta(days=60)
    data = creation(
        **dates_of("fieldwork_end", start - timedelta(days=1)),
        **dates_of("window-1-end", start + timedelta(days=1)),
    )
    response = signed_in("admin").post(reverse("inspection-new"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#fieldwork_end-day">' in page
    assert "is before its start" in page
    assert '<a href="#window-1-end-day">' in page
    assert "after fieldwork begins" in page
    assert not Inspection.objects.filter(inspection_id=NEW_ID).exists()


def test_an_inspection_id_taken_is_said_on_the_id_field(signed_in):
    response = signed_in("admin").post(
        reverse("inspection-new"), creation(inspection_id=INSPECTION_ID)
    )
    assert response.status_code == 400
    assert f"&#x27;{INSPECTION_ID}&#x27; is already taken" in response.content.decode()


def test_a_lead_creates_an_inspection_leads_it_and_lands_on_its_task_list(signed_in, team):
    give_lead_role(team.lead)
    client = signed_in("lead")
    response = client.post(reverse("inspection-new"), creation())
    assert response.status_code == 302
    assert response["Location"] == reverse("setup", args=[NEW_ID])
    made = Inspection.objects.get(inspection_id=NEW_ID)
    assert (made.organisation, made.region, made.framework) == (
        "Test PDU", "Test region", "hmip-adult-pdu-2021",
    )  # fmt: skip
    assert made.lead_inspector == "Fictional Lead"
    assert SampleWindow.objects.filter(inspection=made).count() == 1
    assert Membership.objects.get(inspection=made, user=team.lead).role == Part.LEAD
    page = client.get(response["Location"]).content.decode()
    assert "Set up the inspection" in page
    assert "Not yet started" in page


def test_an_id_left_empty_is_made_of_the_unit_and_the_fieldworks_year(signed_in):
    signed_in("admin").post(reverse("inspection-new"), creation(inspection_id=""))
    year = (timezone.localdate() + timedelta(days=60)).year
    assert Inspection.objects.filter(inspection_id=f"test-pdu-{year}").exists()


def test_the_task_list_counts_what_is_set_up(signed_in):
    page = signed_in("lead").get(reverse("setup", args=[INSPECTION_ID])).content.decode()
    assert '<div class="govuk-task-list__status" id="task-details-status">Completed</div>' in page
    assert "2 inspectors" in page  # inspector_a and inspector_b
    assert "3 cases" in page  # imported, not drawn
    assert "Completed" in page.split('id="task-assign-status"')[1]  # every case assigned


@pytest.mark.parametrize(("who", "status"), [("quality_lead", 403), ("inspector_a", 403),
                                             ("outsider", 404), ("viewer", 404)])  # fmt: skip
def test_only_the_lead_and_administrators_may_use_the_set_up_pages(signed_in, who, status):
    response = signed_in(who).get(reverse("setup", args=[INSPECTION_ID]))
    assert response.status_code == status
    if who == "quality_lead":
        assert "A quality lead may not upload the eligible cases" in response.content.decode()


def test_the_lead_changes_the_details_until_fieldwork_ends(signed_in, team):
    give_lead_role(team.lead)
    client = signed_in("lead")
    create_new(client)
    url = reverse("setup-details", args=[NEW_ID])
    page = client.get(url).content.decode()
    assert "cannot be changed once the inspection is created" in page
    assert 'value="Fictional Lead"' in page
    data = creation(lead_inspector="Another Fictional Lead")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Inspection.objects.get(inspection_id=NEW_ID).lead_inspector == "Another Fictional Lead"


def test_a_change_of_details_with_problems_changes_nothing(signed_in, team):
    give_lead_role(team.lead)
    client = signed_in("lead")
    create_new(client)
    start = timezone.localdate() + timedelta(days=60)
    data = creation(lead_inspector="", **dates_of("fieldwork_end", start - timedelta(days=3)))
    response = client.post(reverse("setup-details", args=[NEW_ID]), data)
    page = response.content.decode()
    assert "Enter the lead inspector’s name" in page
    assert response.status_code == 200  # the form's own problems first, then the workflow's
    data = creation(**dates_of("fieldwork_end", start - timedelta(days=3)))
    response = client.post(reverse("setup-details", args=[NEW_ID]), data)
    assert response.status_code == 400
    assert "is before its start" in response.content.decode()
    assert Inspection.objects.get(inspection_id=NEW_ID).fieldwork_end == start + timedelta(days=4)


def test_the_details_cannot_be_changed_after_fieldwork_ends_and_the_page_says_why(signed_in):
    client = signed_in("lead")
    url = reverse("setup-details", args=[INSPECTION_ID])
    page = client.get(url).content.decode()
    assert "Fieldwork ended on 2026-06-05: the set-up is closed." in page
    assert "Save the details" not in page
    response = client.post(url, creation(lead_inspector="Someone Else"))
    assert response.status_code == 403
    assert "Fieldwork ended on 2026-06-05" in response.content.decode()
    assert Inspection.objects.get(inspection_id=INSPECTION_ID).lead_inspector != "Someone Else"


def test_the_dashboard_links_the_lead_to_the_set_up_and_the_export_and_no_one_else(signed_in):
    links = [
        f'href="{reverse("setup", args=[INSPECTION_ID])}"',
        f'href="{reverse("export", args=[INSPECTION_ID])}"',
    ]
    page = signed_in("lead").get(reverse("dashboard", args=[INSPECTION_ID])).content.decode()
    assert all(link in page for link in links)
    for who in ("inspector_a", "quality_lead"):
        page = signed_in(who).get(reverse("dashboard", args=[INSPECTION_ID])).content.decode()
        assert not any(link in page for link in links), who
