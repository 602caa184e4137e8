"""Failed sign-ins are counted by address across user names as well as by user name and
address: trying many user names from one address is paused after the fifth failure, while
another address, and a person who signs in after mistyping, go on."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.web.team import PASSWORD

pytestmark = pytest.mark.pages

SPRAYER = "203.0.113.50"
ELSEWHERE = "198.51.100.7"
PAUSED = "Signing in is paused"


def attempt(client: Client, username: str, password: str, address: str = SPRAYER):
    return client.post(
        "/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_sixth_and_later_failures_with_different_user_names_from_one_address_are_refused(
    team,
):
    client = Client()
    for n in range(4):
        response = attempt(client, f"guess{n}", "not-the-password")
        assert response.status_code == 200, n  # the form again, with its error
        assert PAUSED not in response.content.decode()
    # The fifth failure is counted and pauses the address at once; every later try is refused.
    assert attempt(client, "guess4", "not-the-password").status_code == 429
    for n in range(5, 9):
        response = attempt(client, f"guess{n}", "not-the-password")
        assert response.status_code == 429, n
        assert PAUSED in response.content.decode()
    # Nor does the right password of a real user get through from that address meanwhile.
    assert attempt(client, "inspector_a", PASSWORD).status_code == 429


def test_another_address_is_not_paused_by_one_that_is(team):
    client = Client()
    for n in range(6):
        attempt(client, f"guess{n}", "not-the-password")
    response = attempt(client, "inspector_a", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302


def test_signing_in_forgives_ones_own_mistakes_and_nobody_elses(team):
    client = Client()
    for n in range(3):
        attempt(client, f"guess{n}", "not-the-password")
    attempt(client, "inspector_a", "mistyped")
    assert attempt(client, "inspector_a", PASSWORD).status_code == 302
    kept = AccessAttempt.objects.filter(ip_address=SPRAYER)
    assert sorted(kept.values_list("username", flat=True)) == ["guess0", "guess1", "guess2"]
