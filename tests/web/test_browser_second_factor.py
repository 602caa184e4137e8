"""The second factor and the password reset in a real browser, under the application's own
Content-Security-Policy: a lead with no authenticator is sent to set one up after their
password, adds the key shown to an app (the test computes its codes), keeps the recovery
codes and reaches the inspections; the next sign-in asks for the app's code. And every new
page passes axe (no serious or critical violation) at a desktop's and a phone's width
without scrolling sideways."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser_support import serious_violations

from .browser_fixtures import (
    CODE_HEADING,
    DESKTOP,
    PHONE,
    SET_UP_HEADING,
    LiveTeam,
    give_second_factor,
    sideways_overflow,
    sign_in,
    watch,
)
from .second_factor import code, enrolled
from .team import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def heading(page: Any) -> Any:
    return page.get_by_role("heading", level=1)


def password_only(page: Any, live: LiveTeam, username: str) -> None:
    page.goto(live.at("/sign-in/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()


def test_a_lead_sets_up_an_authenticator_then_gives_its_code_at_the_next_sign_in(
    contexts, live_team
):
    context = contexts()
    console = watch(context)
    page = context.new_page()
    password_only(page, live_team, "lead")
    expect(heading(page)).to_have_text(SET_UP_HEADING)
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    page.goto(live_team.inspection())  # nowhere else until it is set up
    expect(heading(page)).to_have_text(SET_UP_HEADING)
    give_second_factor(page, "lead")
    expect(heading(page)).to_have_text("Test PDU")  # the page asked for
    assert TOTPDevice.objects.filter(user=live_team.team.lead, confirmed=True).count() == 1
    page.get_by_role("button", name="Sign out lead").click()
    password_only(page, live_team, "lead")
    expect(heading(page)).to_have_text(CODE_HEADING)
    give_second_factor(page, "lead")
    expect(heading(page)).to_have_text("Inspections")
    assert console.policy_refusals() == []


def _code(page: Any, live: LiveTeam) -> None:
    enrolled(live.team.lead)
    password_only(page, live, "lead")
    expect(heading(page)).to_have_text(CODE_HEADING)


def _code_wrong(page: Any, live: LiveTeam) -> None:
    _code(page, live)
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")


def _set_up(page: Any, live: LiveTeam) -> None:
    password_only(page, live, "lead")
    expect(heading(page)).to_have_text(SET_UP_HEADING)


def _recovery_codes(page: Any, live: LiveTeam) -> None:
    password_only(page, live, "lead")
    pending = TOTPDevice.objects.get(user=live.team.lead, confirmed=False)
    page.get_by_label("Code", exact=True).fill(code(pending))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".probity-recovery-code")).to_have_count(10)


def _overview(page: Any, live: LiveTeam) -> None:
    sign_in(page, live, "lead")
    page.goto(live.at("/account/two-factor/"))
    expect(heading(page)).to_have_text("Your sign-in security")


def _remove(page: Any, live: LiveTeam) -> None:
    sign_in(page, live, "lead")
    page.goto(live.at("/account/two-factor/remove/"))
    page.get_by_role("button", name="Remove the authenticator app").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your password")


def _reset(page: Any, live: LiveTeam) -> None:
    page.goto(live.at("/sign-in/"))
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(heading(page)).to_have_text("Reset your password")


def _reset_sent(page: Any, live: LiveTeam) -> None:
    _reset(page, live)
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(heading(page)).to_have_text("Check your e-mail")


PAGES = {
    "code": _code, "code-wrong": _code_wrong, "set-up": _set_up,
    "recovery-codes": _recovery_codes, "overview": _overview, "remove-with-an-error": _remove,
    "password-reset": _reset, "password-reset-sent": _reset_sent,
}  # fmt: skip


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_serious_or_critical_violation_on_the_sign_in_security_pages(
    contexts, live_team, name, viewport
):
    page = contexts(None, bypass_csp=True, viewport=viewport).new_page()
    PAGES[name](page, live_team)
    assert serious_violations(page) == []
    if viewport is PHONE:
        assert sideways_overflow(page) <= 0
