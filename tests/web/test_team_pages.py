"""The team pages: members and their parts, a user with a suitable role added, a member
removed (never the last lead), a new person invited as an inspector by e-mail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from probity.web.inspections.audit import Invitation
from probity.web.inspections.models import Membership, Part
from probity.web.inspections.organisations import Role, UserRole
from tests.web.team import INSPECTION_ID

pytestmark = pytest.mark.pages

TEAM = reverse("team", args=[INSPECTION_ID])
ADD = reverse("team-add", args=[INSPECTION_ID])
INVITE = reverse("team-invite", args=[INSPECTION_ID])


def holding(role: str, name: str = "fictional_inspector") -> User:
    user = User.objects.create(username=name, first_name="Fictional", last_name="Person")
    UserRole.objects.create(user=user, role=role)
    return user


def part_of(team, user: User) -> str | None:
    found = Membership.objects.filter(inspection=team.inspection, user=user).first()
    return None if found is None else found.role


def test_the_team_page_lists_the_members_with_their_parts(signed_in):
    page = signed_in("lead").get(TEAM).content.decode()
    assert "Inspector A</dt>" in page
    assert "Lead inspector</dd>" in page
    assert 'Remove<span class="govuk-visually-hidden"> Inspector B from the team' in page


def test_the_lead_adds_a_user_who_holds_the_inspectors_role(signed_in, team):
    user = holding(Role.INSPECTOR)
    client = signed_in("lead")
    assert f'<option value="{user.pk}">' in client.get(TEAM).content.decode()
    response = client.post(ADD, {"user": str(user.pk), "part": "inspector"})
    assert response.status_code == 302
    assert part_of(team, user) == Part.INSPECTOR


def test_adding_with_nothing_chosen_says_both_problems(signed_in):
    response = signed_in("lead").post(ADD, {})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#user">Select the person to add to the team</a>' in page
    assert '<a href="#part">Select their part in the team</a>' in page


def test_a_part_the_users_role_does_not_allow_is_refused_by_the_workflow(signed_in, team):
    user = holding(Role.INSPECTOR)
    response = signed_in("lead").post(ADD, {"user": str(user.pk), "part": "lead"})
    assert response.status_code == 400
    assert "cannot be the inspection&#x27;s lead" in response.content.decode()
    assert part_of(team, user) is None


def test_a_user_without_a_suitable_role_is_not_offered_and_not_added(signed_in, team):
    response = signed_in("lead").post(ADD, {"user": str(team.viewer.pk), "part": "inspector"})
    assert response.status_code == 400
    assert part_of(team, team.viewer) is None


def test_the_lead_removes_a_member_after_confirming(signed_in, team):
    client = signed_in("lead")
    url = reverse("team-remove", args=[INSPECTION_ID, team.inspector_b.pk])
    assert "Remove Inspector B from the team" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert part_of(team, team.inspector_b) is None


def test_the_last_lead_cannot_be_removed(signed_in, team):
    response = signed_in("lead").post(reverse("team-remove", args=[INSPECTION_ID, team.lead.pk]))
    assert response.status_code == 409
    assert "An inspection keeps at least one lead inspector" in response.content.decode()
    assert part_of(team, team.lead) == Part.LEAD


def test_someone_not_in_the_team_cannot_be_removed(signed_in, team):
    url = reverse("team-remove", args=[INSPECTION_ID, team.outsider.pk])
    assert signed_in("lead").get(url).status_code == 404


def test_a_new_person_is_invited_as_an_inspector_and_e_mailed_their_link(signed_in, team):
    client = signed_in("lead")
    seen = [client.get(INVITE)]
    response = client.post(INVITE, {"name": "Fictional Newcomer", "email": "new@example.org"})
    seen += [response, client.get(response["Location"])]
    assert response.status_code == 302
    user = User.objects.get(username="new@example.org")
    assert (user.get_full_name(), user.email) == ("Fictional Newcomer", "new@example.org")
    assert not user.has_usable_password()
    assert UserRole.objects.filter(user=user, role=Role.INSPECTOR).exists()
    assert part_of(team, user) == Part.INSPECTOR
    [sent] = mail.outbox
    assert sent.to == ["new@example.org"]
    assert "/set-password/" in sent.body
    assert Invitation.objects.filter(user=user, inspection=team.inspection).exists()
    for page in seen:  # the lead sees neither a password nor the link
        body = page.content.decode()
        assert "/set-password/" not in body
        assert 'type="password"' not in body
    assert "their one-time link is e-mailed" in seen[-1].content.decode()


def test_an_invitation_with_problems_says_them_all_and_creates_nobody(signed_in, team):
    client = signed_in("lead")
    response = client.post(INVITE, {"name": "", "email": "not-an-address"})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<a href="#name">Enter their full name</a>' in page
    assert '<a href="#email">Enter an e-mail address in the right form' in page
    team.inspector_a.email = "taken@example.org"
    team.inspector_a.save()
    page = client.post(INVITE, {"name": "X", "email": "taken@example.org"}).content.decode()
    assert "Someone has this e-mail address already" in page
    assert not User.objects.filter(username__in=["not-an-address", "taken@example.org"]).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("name", ["team", "team-invite"])
def test_the_quality_lead_and_inspectors_are_refused_the_team_pages(signed_in, name):
    for who in ("quality_lead", "inspector_a"):
        assert signed_in(who).get(reverse(name, args=[INSPECTION_ID])).status_code == 403


def test_nothing_in_the_team_changes_once_the_inspection_is_published(signed_in, team):
    team.inspection.is_published = True
    team.inspection.save()
    client = signed_in("lead")
    page = client.get(TEAM).content.decode()
    assert "The inspection is published: nothing in it can be changed." in page
    assert "Add to the team" not in page
    url = reverse("team-remove", args=[INSPECTION_ID, team.inspector_b.pk])
    assert client.post(url).status_code == 403
    assert part_of(team, team.inspector_b) == Part.INSPECTOR
