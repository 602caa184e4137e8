"""The page of one's API tokens: every signed-in user lists their own tokens, creates one
(shown once, never again) and revokes one after a confirmation; nobody sees or revokes
another's."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from probity.web.inspections import tokens
from probity.web.inspections.tokens import ApiToken
from tests.web.team import Team

pytestmark = pytest.mark.pages


def body(response) -> str:
    return response.content.decode()


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", body(response)).split())


def revoke_url(token: ApiToken) -> str:
    return reverse("api-token-revoke", kwargs={"token_id": token.pk})


def test_nobody_signed_in_is_sent_to_sign_in(client, team):
    response = client.get(reverse("api-tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


@pytest.mark.parametrize("who", ["viewer", "inspector_a", "lead", "admin", "outsider"])
def test_every_signed_in_user_has_the_page(signed_in, who):
    response = signed_in(who).get(reverse("api-tokens"))
    assert response.status_code == 200
    assert "You have no API token yet" in text(response)


def test_a_new_token_is_shown_once_and_only_its_first_characters_after(signed_in, team):
    client = signed_in("inspector_a")
    created = client.post(reverse("api-tokens"), {"name": "Nightly export"}, follow=True)
    token = re.search(r'id="new-token">(\S+)</code>', body(created))
    assert token is not None
    found = tokens.find_active(token.group(1))
    assert found is not None
    assert (found.user, found.name) == (team.inspector_a, "Nightly export")
    assert "it will not be shown again" in text(created)
    assert "govuk-notification-banner--success" in body(created)
    again = client.get(reverse("api-tokens"))
    assert token.group(1) not in body(again)
    assert found.key_hash not in body(again)
    assert f"{found.prefix}…" in text(again)
    assert "Nightly export" in text(again)


def test_a_token_needs_a_name(signed_in, team):
    response = signed_in("lead").post(reverse("api-tokens"), {"name": "  "})
    assert "Enter what the token is for" in text(response)
    assert 'href="#id_name"' in body(response)
    assert not ApiToken.objects.exists()


def test_the_list_shows_when_each_token_was_created_last_used_and_revoked(signed_in, team):
    _, used_text = tokens.issue(team.lead, "used")
    tokens.find_active(used_text)
    revoked, _ = tokens.issue(team.lead, "old")
    tokens.revoke(ApiToken.objects.filter(pk=revoked.pk))
    tokens.issue(team.lead, "fresh")
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body(signed_in("lead").get(
        reverse("api-tokens"))), re.S)[1:]  # fmt: skip
    words = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]
    assert [w.split()[0] for w in words] == ["fresh", "old", "used"]  # the newest first
    fresh, old, used_row = words
    assert "Never Active Revoke" in fresh
    assert "Revoked" in old
    assert "Revoke the token" not in old
    assert "Never" not in used_row


def test_a_token_is_revoked_after_a_confirmation(signed_in, team):
    record, token = tokens.issue(team.viewer, "reports")
    client = signed_in("viewer")
    check = client.get(revoke_url(record))
    assert "Are you sure you want to revoke this token?" in text(check)
    assert tokens.find_active(token) is not None
    done = client.post(revoke_url(record), follow=True)
    assert "The token “reports” is revoked" in text(done)
    assert tokens.find_active(token) is None
    assert ApiToken.objects.get(pk=record.pk).revoked_at is not None


def test_nobody_sees_or_revokes_another_users_token(signed_in, team: Team):
    record, token = tokens.issue(team.lead, "lead's own")
    client = signed_in("admin")  # not even an administrator
    assert "lead's own" not in body(client.get(reverse("api-tokens")))
    assert "lead&#x27;s own" not in body(client.get(reverse("api-tokens")))
    assert client.get(revoke_url(record)).status_code == 404
    assert client.post(revoke_url(record)).status_code == 404
    assert tokens.find_active(token) is not None
