"""The people pages: administrators list users, add one (who gets a one-time link, e-mailed
or handed over), give and take away roles, deactivate and reactivate accounts; nobody else
may, and nobody locks themselves out. Also who an actor is (``actor_of``) and the links the
navigation offers."""

from __future__ import annotations

import re
from smtplib import SMTPException

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse

from probity.web.inspections import tokens
from probity.web.inspections.accounts import add_user
from probity.web.inspections.actors import actor_of
from probity.web.inspections.audit import Invitation
from probity.web.inspections.organisations import Organisation, OrganisationKind, UserRole
from probity.workflow.model import Role
from tests.web.second_factor import sign_in
from tests.web.team import PASSWORD, Team

pytestmark = pytest.mark.pages

REFUSAL = "Only administrators may manage users and their roles."


def body(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's words, without tags, spaces run together."""
    return " ".join(re.sub(r"<[^>]+>", " ", body(response)).split())


def error_summary(response) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', body(response), re.S)
    return "" if found is None else " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


def roles_of(user: User) -> set[tuple[str, str | None]]:
    return {
        (r.role, r.organisation.slug if r.organisation else None)
        for r in UserRole.objects.filter(user=user).select_related("organisation")
    }


def can_sign_in(username: str) -> bool:
    """Whether the user signs in through the sign-in page with their password."""
    response = Client().post(reverse("sign-in"), {"username": username, "password": PASSWORD})
    return response.status_code == 302


def person_url(name: str, page: str = "person", **kwargs: str) -> str:
    return reverse(page, kwargs={"username": name, **kwargs})


@pytest.fixture
def ada(team: Team) -> User:
    """An administrator by role (not a superuser)."""
    return add_user("ada", Role.ADMIN, full_name="Ada Admin")


@pytest.mark.parametrize("who", ["lead", "inspector_a", "viewer", "outsider"])
def test_only_administrators_may_open_the_people_pages(signed_in, who):
    client = signed_in(who)
    for url in [reverse("people"), reverse("person-add"), person_url("lead")]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert REFUSAL in text(response)
    refused = client.post(person_url("lead", "person-deactivate"))
    assert refused.status_code == 403
    assert User.objects.get(username="lead").is_active


def test_nobody_signed_in_is_sent_to_sign_in(client, team):
    for url in [reverse("people"), reverse("person-add"), person_url("lead")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))


def test_an_administrator_by_role_may_open_them_as_a_superuser_may(client, team, ada):
    for user in (ada, team.admin):
        sign_in(client, user)
        assert client.get(reverse("people")).status_code == 200


def test_the_list_shows_each_users_roles_state_and_last_sign_in(signed_in, team):
    team.outsider.is_active = False
    team.outsider.save()
    response = signed_in("admin").get(reverse("people"))
    words = text(response)
    assert "Organisation viewer of Test PDU (unit)" in words
    assert "Administrator (superuser)" in words
    assert "Deactivated" in words
    assert "Never" in words  # the users the team made have never signed in
    assert response.context["rows"][0]["user"].username == "admin"  # by user name


def test_the_list_is_filtered_by_role(signed_in, team, ada):
    client = signed_in("admin")
    viewers = client.get(reverse("people"), {"role": "viewer"})
    assert [r["user"].username for r in viewers.context["rows"]] == ["viewer"]
    admins = client.get(reverse("people"), {"role": "admin"})
    assert [r["user"].username for r in admins.context["rows"]] == ["ada", "admin"]
    unknown = client.get(reverse("people"), {"role": "emperor"})
    assert len(unknown.context["rows"]) == len(User.objects.all())


def test_adding_a_user_emails_them_a_one_time_link_and_shows_no_link(signed_in, team):
    client = signed_in("admin")
    response = client.post(
        reverse("person-add"),
        {"username": "nadia", "full_name": "Nadia  Lead", "email": "nadia@example.org",
         "role": "lead"},
        follow=True,
    )  # fmt: skip
    assert response.redirect_chain[-1][0] == person_url("nadia", "person-added")
    nadia = User.objects.get(username="nadia")
    assert (nadia.get_full_name(), nadia.email) == ("Nadia Lead", "nadia@example.org")
    assert not nadia.has_usable_password()
    assert roles_of(nadia) == {("lead", None)}
    [email] = mail.outbox
    assert email.to == ["nadia@example.org"]
    link = re.search(r"http\S+/set-password/\S+/", email.body).group(0)  # type: ignore[union-attr]
    assert "govuk-panel--confirmation" in body(response)
    assert "We have e-mailed a one-time link to nadia@example.org" in text(response)
    assert "/set-password/" not in body(response)
    assert Invitation.objects.get(user=nadia).invited_by == team.admin
    # The link is theirs to set their password with.
    form = Client().get(link.removeprefix("http://testserver"), follow=True)
    assert "Set your password" in body(form)


def test_a_user_without_an_email_address_has_their_link_shown_once(signed_in, team):
    client = signed_in("admin")
    response = client.post(
        reverse("person-add"),
        {"username": "omar", "full_name": "Omar Analyst", "role": "analyst"},
        follow=True,
    )
    assert mail.outbox == []
    shown = re.search(r"http://testserver/set-password/\S+?/\S+?/", body(response))
    assert shown is not None
    assert "Pass this one-time link on to them" in text(response)
    again = client.get(person_url("omar", "person-added"))
    assert "/set-password/" not in body(again)
    assert "The one-time link was shown once" in text(again)


class RefusingMailServer(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise SMTPException("the mail server refused it")


def test_a_link_the_email_could_not_carry_is_shown_to_pass_on(signed_in, team, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    response = signed_in("admin").post(
        reverse("person-add"),
        {"username": "uma", "full_name": "Uma U", "email": "uma@example.org", "role": "analyst"},
        follow=True,
    )
    assert User.objects.filter(username="uma").exists()
    assert "The e-mail to uma@example.org could not be sent (the mail server refused it)" in (
        text(response)
    )
    assert re.search(r"http://testserver/set-password/\S+?/\S+?/", body(response))
    assert "We have e-mailed" not in text(response)


def test_every_problem_with_a_new_user_is_shown_at_once(signed_in, team):
    response = signed_in("admin").post(
        reverse("person-add"),
        {"username": "lead", "full_name": "", "email": "not-an-address", "role": ""},
    )
    assert response.status_code == 200
    summary = error_summary(response)
    for problem in [
        "The user name lead is taken: choose another",
        "Enter their full name",
        "Enter an e-mail address in the correct format, like name@example.org",
        "Select a role",
    ]:
        assert problem in summary
    page = body(response)
    assert 'href="#id_username"' in page
    assert 'id="id_username-error"' in page  # inline, beside the field
    assert 'href="#id_role"' in page
    assert response.context["errors"][0][0] == "id_username"  # in the order of the form
    assert User.objects.count() == len(team.users())


def test_a_viewer_needs_a_unit_or_region_from_the_list(signed_in, team):
    client = signed_in("admin")
    new = {"username": "vera", "full_name": "Vera Viewer", "role": "viewer"}
    missing = client.post(reverse("person-add"), new)
    assert "Select the unit or region this organisation viewer views" in error_summary(missing)
    inspectorate = Organisation.objects.create(
        slug="hmip", name="HM Inspectorate", kind=OrganisationKind.INSPECTORATE
    )
    not_a_place = client.post(reverse("person-add"), {**new, "organisation": inspectorate.slug})
    assert "Select a unit or region from the list" in error_summary(not_a_place)
    assert not User.objects.filter(username="vera").exists()
    # Only units and regions are offered.
    offered = [o for g in missing.context["form"].groups for o in g.options]
    assert offered == [("test-region", "Test region (the whole region)"), ("test-pdu", "Test PDU")]
    added = client.post(reverse("person-add"), {**new, "organisation": "test-region"})
    assert added.status_code == 302
    assert roles_of(User.objects.get(username="vera")) == {("viewer", "test-region")}


def test_a_role_other_than_a_viewers_ignores_the_organisation(signed_in, team):
    signed_in("admin").post(
        reverse("person-add"),
        {"username": "ian", "full_name": "Ian I", "role": "inspector", "organisation": "test-pdu"},
    )
    assert roles_of(User.objects.get(username="ian")) == {("inspector", None)}


def test_a_role_is_added_then_removed_after_a_confirmation(signed_in, team):
    client = signed_in("admin")
    added = client.post(
        person_url("viewer", "person-role-add"), {"role": "viewer", "organisation": "test-region"}
    )
    assert added.status_code == 302
    added = client.post(person_url("viewer", "person-role-add"), {"role": "quality_lead"})
    assert roles_of(team.viewer) == {
        ("viewer", "test-pdu"), ("viewer", "test-region"), ("quality_lead", None),
    }  # fmt: skip
    page = client.get(person_url("viewer"))
    remove = person_url("viewer", "person-role-remove", role_key="viewer.test-pdu")
    assert f'href="{remove}"' in body(page)
    check = client.get(remove)
    assert "Are you sure you want to remove this role?" in text(check)
    assert "Organisation viewer of Test PDU (unit)" in text(check)
    assert roles_of(team.viewer) >= {("viewer", "test-pdu")}  # not until confirmed
    done = client.post(remove, follow=True)
    assert "Role removed from Viewer: Organisation viewer of Test PDU (unit)" in text(done)
    assert roles_of(team.viewer) == {("viewer", "test-region"), ("quality_lead", None)}
    client.post(person_url("viewer", "person-role-remove", role_key="quality_lead"))
    assert roles_of(team.viewer) == {("viewer", "test-region")}
    # The roles' history keeps what was removed.
    assert UserRole.history.filter(user_id=team.viewer.pk, history_type="-").count() == 2
    gone = client.get(person_url("viewer", "person-role-remove", role_key="quality_lead"))
    assert gone.status_code == 404


def test_a_role_already_held_is_not_given_twice(signed_in, team):
    response = signed_in("admin").post(
        person_url("viewer", "person-role-add"), {"role": "viewer", "organisation": "test-pdu"}
    )
    assert "Viewer is already Organisation viewer of Test PDU" in error_summary(response)
    assert roles_of(team.viewer) == {("viewer", "test-pdu")}


def test_an_administrator_may_not_remove_their_own_last_administrators_role(client, team, ada):
    sign_in(client, ada)
    remove = person_url("ada", "person-role-remove", role_key="admin")
    check = client.get(remove)
    assert "You cannot remove your own administrator’s role" in text(check)
    assert "Remove the role" not in text(check)
    refused = client.post(remove)
    assert refused.status_code == 403
    assert "You cannot remove your own administrator’s role" in error_summary(refused)
    assert roles_of(ada) == {("admin", None)}
    # Another administrator may.
    sign_in(client, team.admin)
    assert client.post(remove).status_code == 302
    assert roles_of(ada) == set()


def test_a_superuser_may_remove_their_own_administrators_role_and_stays_one(signed_in, team):
    UserRole.objects.create(user=team.admin, role=Role.ADMIN)
    client = signed_in("admin")
    removed = client.post(person_url("admin", "person-role-remove", role_key="admin"))
    assert removed.status_code == 302
    assert client.get(reverse("people")).status_code == 200


def test_an_account_is_deactivated_after_a_confirmation_and_reactivated(signed_in, team):
    _, token = tokens.issue(team.lead, "script")
    client = signed_in("admin")
    check = client.get(person_url("lead", "person-deactivate"))
    assert "Are you sure you want to deactivate this account?" in text(check)
    assert User.objects.get(username="lead").is_active
    done = client.post(person_url("lead", "person-deactivate"), follow=True)
    assert "Lead’s account is deactivated" in text(done)
    lead = User.objects.get(username="lead")
    assert not lead.is_active
    assert not can_sign_in("lead")
    assert tokens.find_active(token) is None
    assert "Reactivate the account" in text(done)
    # Never deleted: their roles and parts stay.
    assert lead.memberships.count() == 1
    client.post(person_url("lead", "person-reactivate"))
    assert User.objects.get(username="lead").is_active
    assert can_sign_in("lead")
    assert tokens.find_active(token) is not None


def test_nobody_deactivates_themselves_and_only_a_superuser_deactivates_a_superuser(
    client, team, ada
):
    sign_in(client, ada)
    own = client.get(person_url("ada", "person-deactivate"))
    assert "You cannot deactivate your own account" in text(own)
    assert client.post(person_url("ada", "person-deactivate")).status_code == 403
    refused = client.post(person_url("admin", "person-deactivate"))
    assert refused.status_code == 403
    assert "Only a superuser can deactivate admin" in error_summary(refused)
    assert User.objects.get(username="ada").is_active
    assert User.objects.get(username="admin").is_active
    sign_in(client, team.admin)
    assert client.post(person_url("ada", "person-deactivate")).status_code == 302
    assert not User.objects.get(username="ada").is_active


def test_a_new_one_time_link_is_emailed_or_shown_once(signed_in, team):
    client = signed_in("admin")
    team.lead.email = "lead@example.org"
    team.lead.save()
    emailed = client.post(person_url("lead", "person-link"), follow=True)
    assert "A new one-time link is e-mailed to lead@example.org" in text(emailed)
    assert "/set-password/" not in body(emailed)
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    shown = client.post(person_url("viewer", "person-link"), follow=True)
    assert re.search(r"http://testserver/set-password/\S+?/\S+?/", body(shown))
    assert "/set-password/" not in body(client.get(person_url("viewer")))
    assert Invitation.objects.filter(invited_by=team.admin).count() == 2


def test_no_link_is_sent_to_a_deactivated_account(signed_in, team):
    team.viewer.is_active = False
    team.viewer.save()
    response = signed_in("admin").post(person_url("viewer", "person-link"))
    assert response.status_code == 409
    assert "reactivate it before sending a link" in error_summary(response)
    assert not Invitation.objects.exists()


def test_an_unknown_user_is_not_found(signed_in, team):
    client = signed_in("admin")
    assert client.get(person_url("nobody")).status_code == 404
    assert client.get("/people/user/lead%00/").status_code == 404


def test_an_actor_holds_the_users_roles_and_the_slugs_of_the_organisations_they_view(team, ada):
    UserRole.objects.create(user=team.viewer, role=Role.ANALYST)
    viewer = actor_of(team.viewer)
    assert viewer.user_id == team.viewer.pk
    assert viewer.roles == {Role.VIEWER, Role.ANALYST}
    assert viewer.organisations == {"test-pdu"}
    assert actor_of(team.admin).roles == {Role.ADMIN}  # a superuser, without the role
    assert actor_of(ada).roles == {Role.ADMIN}
    assert actor_of(ada).name == "Ada Admin"
    assert actor_of(team.lead).roles == frozenset()  # a part in an inspection is not a role
    team.viewer.is_active = False
    assert actor_of(team.viewer).roles == frozenset()


def test_the_navigation_offers_people_and_organisations_to_administrators_only(signed_in, team):
    # (and the audit trail to administrators and the lead)
    def links(who: str) -> list[str]:
        page = body(signed_in(who).get(reverse("inspections")))
        nav = re.search(r'<nav aria-label="Menu".*?</nav>', page, re.S).group(0)  # type: ignore[union-attr]
        return re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', nav)

    assert links("admin") == ["/inspections/", "/people/", "/organisations/", "/audit/",
                              "/account/tokens/", "/account/two-factor/", "/admin/"]  # fmt: skip
    assert links("lead") == ["/inspections/", "/audit/", "/account/tokens/", "/account/two-factor/"]
    assert links("inspector_a") == ["/inspections/", "/account/tokens/", "/account/two-factor/"]
    people = body(signed_in("admin").get(reverse("people")))
    assert (
        'aria-current="true"><strong class="govuk-service-navigation__active-fallback">People'
        in (people)
    )
