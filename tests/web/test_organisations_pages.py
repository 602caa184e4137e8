"""The organisation pages: administrators see the tree (the inspectorate, its regions, their
units with the number of inspections of each), add a region or a unit, rename or move one,
and the inspections' names follow; every rule is the model's, shown as GOV.UK errors."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from probity.web.inspections.models import Inspection
from probity.web.inspections.organisations import Organisation, OrganisationKind, UserRole
from probity.workflow.model import Role
from tests.web.team import INSPECTION_ID, Team

pytestmark = pytest.mark.pages

KIND = OrganisationKind


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def error_summary(response) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    return "" if found is None else " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


def change_url(slug: str) -> str:
    return reverse("organisation", kwargs={"slug": slug})


def names_of_the_inspection() -> tuple[str, str | None]:
    inspection = Inspection.objects.get(inspection_id=INSPECTION_ID)
    return inspection.organisation, inspection.region


@pytest.fixture
def inspectorate(team: Team) -> Organisation:
    """The inspectorate, with Test region moved under it."""
    top = Organisation.objects.create(slug="hmip", name="HM Inspectorate", kind=KIND.INSPECTORATE)
    Organisation.objects.filter(slug="test-region").update(parent=top)
    return top


@pytest.mark.parametrize("who", ["lead", "inspector_a", "viewer", "outsider"])
def test_only_administrators_may_open_the_organisation_pages(signed_in, who):
    client = signed_in(who)
    for url in [reverse("organisations"), reverse("organisation-add"), change_url("test-pdu")]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Only administrators may manage organisations" in text(response)
    client.post(change_url("test-pdu"), {"name": "Taken over"})
    assert Organisation.objects.get(slug="test-pdu").name == "Test PDU"


def test_nobody_signed_in_is_sent_to_sign_in(client, team):
    response = client.get(reverse("organisations"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_the_tree_shows_the_inspectorate_its_regions_and_their_units_with_inspections(
    signed_in, inspectorate
):
    Organisation.objects.create(
        slug="empty", name="Empty region", kind=KIND.REGION, parent=inspectorate
    )
    Organisation.objects.create(slug="alone", name="Lone unit", kind=KIND.UNIT)
    response = signed_in("admin").get(reverse("organisations"))
    [top] = response.context["inspectorates"]
    assert top.organisation == inspectorate
    assert top.inspections == 1
    assert [(r.organisation.name, r.inspections) for r in top.children] == [
        ("Empty region", 0), ("Test region", 1),
    ]  # fmt: skip
    [[unit]] = [r.children for r in top.children if r.children]
    assert (unit.organisation.name, unit.inspections) == ("Test PDU", 1)
    assert [u.organisation.name for u in response.context["units"]] == ["Lone unit"]
    words = text(response)
    assert "Units of Test region" in words
    assert "Test PDU test-pdu 1 Change Test PDU" in words
    assert "No unit sits under it yet" in words
    assert "Units in no region" in words


def test_a_region_is_added_under_the_inspectorate_with_a_slug_made_from_its_name(
    signed_in, inspectorate
):
    response = signed_in("admin").post(
        reverse("organisation-add"), {"kind": "region", "name": "North West", "parent": "hmip"}
    )
    assert response.status_code == 302
    region = Organisation.objects.get(name="North West")
    assert (region.slug, region.kind, region.parent) == ("north-west", KIND.REGION, inspectorate)


def test_a_unit_whose_name_another_has_gets_a_free_slug_or_the_one_given(signed_in, team):
    client = signed_in("admin")
    Organisation.objects.create(slug="other-region", name="Other region", kind=KIND.REGION)
    client.post(
        reverse("organisation-add"), {"kind": "unit", "name": "Test PDU", "parent": "other-region"}
    )
    second = Organisation.objects.get(parent__slug="other-region", name="Test PDU")
    assert second.slug == "test-pdu-2"
    client.post(
        reverse("organisation-add"),
        {"kind": "unit", "name": "Stoke", "parent": "other-region", "slug": "stoke-pdu"},
    )
    assert Organisation.objects.get(name="Stoke").slug == "stoke-pdu"


def test_every_problem_with_a_new_organisation_is_shown_at_once(signed_in, inspectorate):
    client = signed_in("admin")
    nothing = client.post(reverse("organisation-add"), {"slug": "not a slug"})
    summary = error_summary(nothing)
    assert "Select whether it is a region or a unit" in summary
    assert "Enter the organisation’s name" in summary
    assert "Slug must use only letters, digits and hyphens" in summary
    wrong = client.post(
        reverse("organisation-add"),
        {"kind": "unit", "name": "Test region", "parent": "hmip", "slug": "test-pdu"},
    )
    summary = error_summary(wrong)
    assert "A unit cannot sit under a inspectorate." in summary  # the model's clean()
    assert "There is already an organisation called Test region under HM Inspectorate" in summary
    assert "The slug test-pdu is taken: choose another" in summary
    page = wrong.content.decode()
    for field in ("parent", "name", "slug"):
        assert f'href="#id_{field}"' in page
        assert f'id="id_{field}-error"' in page
    not_listed = client.post(
        reverse("organisation-add"), {"kind": "unit", "name": "X", "parent": "test-pdu"}
    )
    assert "Select where it sits from the list" in error_summary(not_listed)
    assert Organisation.objects.count() == 3


def test_renaming_a_unit_renames_its_inspections(signed_in, team):
    response = signed_in("admin").post(
        change_url("test-pdu"), {"name": "Test and District PDU", "parent": "test-region"}
    )
    assert response.status_code == 302
    assert names_of_the_inspection() == ("Test and District PDU", "Test region")
    assert Organisation.objects.get(slug="test-pdu").name == "Test and District PDU"


def test_moving_a_unit_to_another_region_carries_the_regions_name_to_its_inspections(
    signed_in, team
):
    Organisation.objects.create(slug="north", name="North", kind=KIND.REGION)
    done = signed_in("admin").post(
        change_url("test-pdu"), {"name": "Test PDU", "parent": "north"}, follow=True
    )
    assert "1 inspection now carry its new names" in text(done)
    assert names_of_the_inspection() == ("Test PDU", "North")
    assert Organisation.objects.get(slug="test-pdu").parent.slug == "north"  # type: ignore[union-attr]


def test_renaming_a_region_renames_its_units_inspections(signed_in, inspectorate):
    signed_in("admin").post(change_url("test-region"), {"name": "Midlands", "parent": "hmip"})
    assert names_of_the_inspection() == ("Test PDU", "Midlands")


def test_a_move_the_model_forbids_is_refused_with_its_reason(signed_in, inspectorate):
    client = signed_in("admin")
    response = client.post(change_url("test-pdu"), {"name": "Test PDU", "parent": "hmip"})
    assert response.status_code == 200
    assert "A unit cannot sit under a inspectorate." in error_summary(response)
    assert Organisation.objects.get(slug="test-pdu").parent.slug == "test-region"  # type: ignore[union-attr]
    assert names_of_the_inspection() == ("Test PDU", "Test region")
    Organisation.objects.create(slug="other", name="Other", kind=KIND.UNIT, parent=None)
    clash = client.post(change_url("other"), {"name": "Test PDU", "parent": "test-region"})
    assert "There is already an organisation called Test PDU under Test region" in error_summary(
        clash
    )


def test_a_slug_changes_only_while_nothing_uses_the_organisation(signed_in, team):
    client = signed_in("admin")
    Organisation.objects.create(slug="spare", name="Spare", kind=KIND.UNIT)
    page = client.get(change_url("spare"))
    assert 'name="slug"' in page.content.decode()
    client.post(change_url("spare"), {"name": "Spare", "parent": "test-region", "slug": "spare-2"})
    spare = Organisation.objects.get(slug="spare-2")
    assert spare.parent.slug == "test-region"  # type: ignore[union-attr]
    # A viewer's role of it: its slug is fixed.
    UserRole.objects.create(user=team.outsider, role=Role.VIEWER, organisation=spare)
    fixed = client.get(change_url("spare-2"))
    assert 'name="slug"' not in fixed.content.decode()
    assert "it no longer changes" in text(fixed)
    client.post(change_url("spare-2"), {"name": "Spare", "parent": "test-region", "slug": "x"})
    assert Organisation.objects.filter(slug="spare-2").exists()
    # An inspection of it, or a unit under it: fixed too.
    assert 'name="slug"' not in client.get(change_url("test-pdu")).content.decode()
    assert 'name="slug"' not in client.get(change_url("test-region")).content.decode()


def test_an_unknown_organisation_is_not_found(signed_in, team):
    assert signed_in("admin").get(change_url("nowhere")).status_code == 404
