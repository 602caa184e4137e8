"""A forgotten password is reset by e-mail with Django's own views: the sign-in page links to
it, the page says the same whether or not the address is known, the e-mailed link sets a new
password, and a lead still gives their second factor after signing in with it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.web.second_factor import enrolled

pytestmark = pytest.mark.pages

RESET = "/password-reset/"
NEW_PASSWORD = "A new fictional passphrase 2027"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def ask(client: Client, address: str):
    return client.post(RESET, {"email": address}, follow=True)


def test_the_sign_in_page_links_to_resetting_a_password(client, db):
    assert f'href="{RESET}"' in client.get("/sign-in/").content.decode()


def test_an_address_known_or_not_gets_the_same_answer_and_only_a_known_one_a_mail(client, team):
    team.lead.email = "lead@example.org"
    team.lead.save()
    known = ask(client, "lead@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert text(known) == text(unknown)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lead@example.org"]


def test_the_link_sets_a_new_password_and_a_lead_still_gives_a_code(client, team):
    team.lead.email = "lead@example.org"
    team.lead.save()
    enrolled(team.lead)
    ask(client, "lead@example.org")
    link = re.search(r"https?://[^/\s]+(/set-password/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.status_code == 200
    team.lead.refresh_from_db()
    assert team.lead.check_password(NEW_PASSWORD)
    after = Client()
    signed = after.post("/sign-in/", {"username": "lead", "password": NEW_PASSWORD}, follow=True)
    assert signed.request["PATH_INFO"] == "/sign-in/code/"
    assert after.get("/inspections/").status_code == 302


# Throttling: five requests in 15 minutes per address and per e-mail address

ASKER = "203.0.113.60"


def ask_from(client: Client, email: str, address: str):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, follow=True)


def test_a_sixth_request_for_one_address_within_15_minutes_sends_no_mail_and_says_the_same(
    client, team
):
    team.lead.email = "lead@example.org"
    team.lead.save()
    answers = [ask_from(client, "lead@example.org", ASKER) for _ in range(5)]
    assert len(mail.outbox) == 5
    sixth = ask_from(client, "lead@example.org", ASKER)
    assert sixth.status_code == 200
    assert text(sixth) == text(answers[0])
    assert len(mail.outbox) == 5


def test_requests_spread_over_many_addresses_are_limited_for_the_one_asking(client, team):
    team.lead.email = "lead@example.org"
    team.lead.save()
    for n in range(5):
        ask_from(client, f"nobody{n}@example.org", ASKER)
    assert ask_from(client, "lead@example.org", ASKER).status_code == 200
    assert mail.outbox == []
    ask_from(client, "lead@example.org", "198.51.100.9")  # someone else, elsewhere
    assert len(mail.outbox) == 1


def test_requests_for_one_address_from_many_places_are_limited_for_that_address(client, team):
    team.lead.email = "lead@example.org"
    team.lead.save()
    for n in range(5):
        ask_from(client, "Lead@Example.org", f"198.51.100.{n + 1}")
    assert len(mail.outbox) == 5
    ask_from(client, "lead@example.org", "198.51.100.99")
    assert len(mail.outbox) == 5
