"""The second factor: an authenticator app (TOTP) required of administrators and leads,
optional for everyone else; set up with the secret shown as text and as a QR code and
confirmed with a code; asked for after the password; ten recovery codes shown once and each
usable once, made anew on request; removed only with the password; wrong codes slowed down."""

from __future__ import annotations

import re
import time
from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.second_factor import code, enrolled, verified
from tests.web.team import PASSWORD, Team

pytestmark = pytest.mark.pages

SIGN_IN, CODE = "/sign-in/", "/sign-in/code/"
SET_UP = "/account/two-factor/set-up/"
RECOVERY = "/account/two-factor/recovery-codes/"
REMOVE = "/account/two-factor/remove/"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def password_in(client: Client, username: str):
    """Sign in with the password alone; the response followed to where it ends."""
    return client.post(SIGN_IN, {"username": username, "password": PASSWORD}, follow=True)


def path_of(response) -> str:
    return response.request["PATH_INFO"]


def set_up(client: Client, team: Team, name: str) -> tuple[TOTPDevice, list[str]]:
    """Through the set-up page: the device confirmed, and the recovery codes shown."""
    page = client.get(SET_UP)
    secret = re.search(r'id="otp-secret"[^>]*>([A-Z2-7 ]+)<', page.content.decode())
    assert secret, text(page)
    key = b32decode(secret.group(1).replace(" ", ""))
    device = TOTPDevice.objects.get(user=team.users()[name], confirmed=False)
    assert device.bin_key == key
    done = client.post(SET_UP, {"code": code(device)}, follow=True)
    assert path_of(done) == RECOVERY
    codes = re.findall(
        r'<li class="probity-recovery-code"><code>([a-z2-7]+)</code>', done.content.decode()
    )
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.mark.parametrize("who", ["lead", "admin"])
def test_a_lead_or_an_administrator_without_a_device_is_sent_to_set_one_up(client, team, who):
    assert path_of(password_in(client, who)) == SET_UP
    for elsewhere in ("/inspections/", "/account/tokens/", "/admin/"):
        response = client.get(elsewhere)
        assert response.status_code == 302, elsewhere
        assert response["Location"].startswith(SET_UP), elsewhere


def test_an_inspector_without_a_device_goes_straight_in_and_may_set_one_up(client, team):
    assert path_of(password_in(client, "inspector_a")) == "/inspections/"
    assert client.get(SET_UP).status_code == 200


def test_the_set_up_page_shows_the_secret_as_text_and_as_a_qr_code(signed_in, team):
    client = Client()
    client.force_login(team.lead)
    page = client.get(SET_UP)
    body = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'id="otp-secret"[^>]*>[A-Z2-7 ]{32,}<', body)
    assert re.search(r'<img[^>]+src="data:image/svg\+xml', body)
    # The same secret until it is confirmed: reloading the page must not change it.
    assert re.findall(
        r'id="otp-secret"[^>]*>([A-Z2-7 ]+)<', client.get(SET_UP).content.decode()
    ) == re.findall(r'id="otp-secret"[^>]*>([A-Z2-7 ]+)<', body)


def test_a_wrong_code_does_not_confirm_the_device(client, team):
    client.force_login(team.lead)
    client.get(SET_UP)
    response = client.post(SET_UP, {"code": "000000"})
    assert response.status_code == 200
    assert "The code is not right" in text(response)
    assert not TOTPDevice.objects.filter(user=team.lead, confirmed=True).exists()


def test_setting_up_shows_ten_recovery_codes_once_then_lets_the_lead_in(client, team):
    client.force_login(team.lead)
    device, codes = set_up(client, team, "lead")
    assert device.confirmed
    assert len(codes) == 10
    assert len(set(codes)) == 10
    again = client.get(RECOVERY).content.decode()
    assert not any(c in again for c in codes)
    assert client.get("/inspections/").status_code == 200


def test_after_the_password_a_lead_with_a_device_gives_a_code(team):
    device = enrolled(team.lead)
    client = Client()
    asked = password_in(client, "lead")
    assert path_of(asked) == CODE
    assert client.get("/inspections/")["Location"].startswith(CODE)
    done = client.post(f"{CODE}?next=/account/tokens/", {"code": code(device)})
    assert done.status_code == 302
    assert done["Location"] == "/account/tokens/"
    assert client.get("/inspections/").status_code == 200


def test_an_inspector_who_set_up_a_device_gives_a_code_too(team):
    enrolled(team.inspector_a)
    client = Client()
    assert path_of(password_in(client, "inspector_a")) == CODE


def test_a_recovery_code_lets_one_in_once(team):
    client = Client()
    client.force_login(team.lead)
    _, codes = set_up(client, team, "lead")
    first = Client()
    password_in(first, "lead")
    assert first.post(CODE, {"code": codes[0]}).status_code == 302
    assert first.get("/inspections/").status_code == 200
    second = Client()
    password_in(second, "lead")
    refused = second.post(CODE, {"code": codes[0]})
    assert refused.status_code == 200
    assert "The code is not right" in text(refused)
    assert StaticDevice.objects.get(user=team.lead).token_set.count() == 9


def test_new_recovery_codes_replace_the_old_ones(team):
    client = Client()
    client.force_login(team.lead)
    _, old = set_up(client, team, "lead")
    new = client.post(RECOVERY, follow=True).content.decode()
    fresh = re.findall(r'<li class="probity-recovery-code"><code>([a-z2-7]+)</code>', new)
    assert len(fresh) == 10
    assert not set(fresh) & set(old)
    other = Client()
    password_in(other, "lead")
    refused = other.post(CODE, {"code": old[1]})
    assert "The code is not right" in text(refused)
    time.sleep(1.2)  # a wrong code makes the next wait a second
    assert other.post(CODE, {"code": fresh[1]}).status_code == 302


def test_a_wrong_code_slows_the_next_try_down(team):
    device = enrolled(team.lead)
    client = Client()
    password_in(client, "lead")
    assert client.post(CODE, {"code": "000000"}).status_code == 200
    # Right, but too soon after a wrong one: django-otp's throttling refuses it.
    slowed = client.post(CODE, {"code": code(device)})
    assert slowed.status_code == 200
    assert "Too many wrong codes" in text(slowed)
    assert client.get("/inspections/").status_code == 302


def test_removing_the_device_needs_the_password(team):
    client = verified(Client(), team.inspector_a)
    wrong = client.post(REMOVE, {"password": "not-the-password"})
    assert wrong.status_code == 200
    assert "Your password is not right" in text(wrong)
    assert TOTPDevice.objects.filter(user=team.inspector_a).exists()
    done = client.post(REMOVE, {"password": PASSWORD})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=team.inspector_a).exists()
    assert not StaticDevice.objects.filter(user=team.inspector_a).exists()
    assert client.get("/inspections/").status_code == 200  # optional for an inspector


def test_a_lead_who_removes_their_device_must_set_up_another(team):
    client = verified(Client(), team.lead)
    client.post(REMOVE, {"password": PASSWORD})
    assert client.get("/inspections/")["Location"].startswith(SET_UP)


def test_a_password_alone_cannot_reach_the_set_up_page_of_someone_with_a_device(team):
    enrolled(team.lead)
    client = Client()
    password_in(client, "lead")
    response = client.get(SET_UP)
    assert response.status_code == 302
    assert response["Location"].startswith(CODE)


def test_the_codes_the_tests_compute_are_the_ones_the_app_shows(team):
    device = enrolled(team.inspector_b)
    client = Client()
    password_in(client, "inspector_b")
    assert client.post(CODE, {"code": code(device)}).status_code == 302
    # A second sign-in right after takes the next step's code, never the one just used.
    other = Client()
    password_in(other, "inspector_b")
    assert other.post(CODE, {"code": code(device)}).status_code == 302


def test_a_token_cannot_be_made_by_a_lead_who_gave_only_their_password(team):
    from probity.web.inspections.tokens import ApiToken

    enrolled(team.lead)
    client = Client()
    password_in(client, "lead")
    response = client.post("/account/tokens/", {"name": "Nightly export"})
    assert response.status_code == 302
    assert response["Location"].startswith(CODE)
    assert not ApiToken.objects.filter(user=team.lead).exists()


def test_a_token_made_after_the_second_factor_works_without_a_code(team):
    client = Client()
    password_in(client, "lead")
    set_up(client, team, "lead")
    made = client.post("/account/tokens/", {"name": "Nightly export"}, follow=True)
    token = re.search(r'id="new-token">([^<]+)<', made.content.decode())
    assert token, text(made)
    api = Client().get("/api/v1/inspections", HTTP_AUTHORIZATION=f"Bearer {token.group(1)}")
    assert api.status_code == 200


def test_wrong_passwords_when_removing_the_second_factor_count_as_failed_sign_ins(team):
    client = verified(Client(), team.inspector_a)
    for _ in range(4):
        wrong = client.post(REMOVE, {"password": "not the fictional password"})
        assert "Your password is not right" in text(wrong)
    fifth = client.post(REMOVE, {"password": "not the fictional password"})
    assert fifth.status_code == 429  # django-axes' answer to the fifth failure, as on sign-in
    assert "Signing in is paused" in text(fifth)
    assert AccessAttempt.objects.get(username="inspector_a").failures_since_start == 5
    refused = client.post(REMOVE, {"password": PASSWORD})  # right, but too late
    assert refused.status_code == 403
    assert "Too many wrong passwords" in text(refused)
    assert TOTPDevice.objects.filter(user=team.inspector_a).exists()
